"""The traffic judge: real answers of served mocks judged one exchange at a time with the contract run's checks, the
fast path giving the verdicts and messages of the slow one, requests that break the contract named before they go
upstream, and a grade with a verdict once anything was judged."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import requests
from schemathesis import Response
from schemathesis.core import NOT_SET
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi import checks as openapi

from contract_tests.coverage import Coverage
from contract_tests.masking import Masker
from contract_tests.requirements import Level
from contract_tests.traffic.exchange import KEY_QUERY_PARAMETER, Exchange
from contract_tests.traffic.judge import MORE_THAN_ONE, NO_JUDGED, Finding, Judge, _rs_validator
from contract_tests.verdict import Result, Verdict
from emabler_spec import SPEC, Spec
from mock_server import build_dataset, create_app
from mock_server.behaviours import get_behaviour
from mock_server.launch import uvicorn_in_thread

TENANT = build_dataset().tenants[0]
KEY, CLIENT = TENANT.tenant.api_key, TENANT.tenant.client_id
QUERY = f"{SPEC.client_id_parameter}={CLIENT}"
UPSTREAM = "http://upstream.example:8080/api"
BIG = TENANT.sites_with_drivers[0]  # the largest home site of the demo data (~340 KB)
# The smallest sites (the contract run's validators, the reference here, take a second per MB).
SMALL_SITES = sorted(TENANT.sites_with_drivers, key=lambda site: len(TENANT.access[site]))[:2]
JSON_HEADERS = ((SPEC.key_header, KEY), ("content-type", "application/json"))

# The mock's faults that break a schema, with the requirement they break, and the variants that must pass.
SCHEMA_BEHAVIOURS: dict[str, set[str]] = {
    "none": set(),
    "null-in-non-nullable": {"C-SCHEMA"},
    "wrong-json-type": {"C-SCHEMA"},
    "enum-out-of-range": {"C-SCHEMA"},
    "enum-as-name": {"C-SCHEMA"},
    "malformed-datetime": {"C-SCHEMA"},
    "int32-overflow": {"A-INFERRED-TYPES"},
    "subgroups-as-string": {"C-SCHEMA"},
    "wrong-content-type": {"C-CONTENT-TYPE"},
    "dotnet-timestamps": set(),
    "extra-properties": set(),
    "absent-not-null": set(),
    "nulls-where-inferred": {"A-INFERRED-TYPES"},
}


def _exchange(
    number: int,
    method: str,
    path: str,
    query: str = QUERY,
    headers: tuple[tuple[str, str], ...] = ((SPEC.key_header, KEY),),
    body: bytes = b"",
    status: int | None = 200,
    answer: bytes = b"",
    answer_headers: tuple[tuple[str, str], ...] = (("content-type", "application/json"),),
    error: str | None = None,
) -> Exchange:
    return Exchange(
        str(number),
        "2026-11-30T12:00:00+00:00",
        method,
        SPEC.api_prefix + path,
        query,
        headers,
        body,
        status,
        answer_headers if status is not None else (),
        answer,
        len(answer),
        1.0,
        error,
    )


def _sent(client: httpx.Client, number: int, method: str, path: str, headers: Any, body: bytes = b"") -> Exchange:
    """A request sent to a served mock, and its answer, as the proxy records them."""
    answer = client.request(method, f"{path}?{QUERY}", headers=dict(headers), content=body)
    return _exchange(
        number,
        method,
        path,
        headers=tuple(headers),
        body=body,
        status=answer.status_code,
        answer=answer.content,
        answer_headers=tuple(answer.headers.items()),
    )


def _requests(client: httpx.Client) -> list[Exchange]:
    home = SPEC.home_site.url_path
    batch = json.dumps({SPEC.id_list_property: SMALL_SITES}).encode()
    return [
        _sent(client, 0, "GET", home(siteId=BIG), [(SPEC.key_header, KEY)]),
        _sent(client, 1, "GET", home(siteId=BIG), [(SPEC.key_header, KEY)]),  # the same bytes again
        *(
            _sent(client, 2 + n, "GET", home(siteId=site), [(SPEC.key_header, KEY)])
            for n, site in enumerate(SMALL_SITES)
        ),
        _sent(client, 9, "POST", SPEC.drivers_for_sites.path, JSON_HEADERS, batch),
    ]


@pytest.fixture(scope="module")
def answers() -> dict[str, list[Exchange]]:
    """Per behaviour, the answers of one served mock to a few requests (both operations; one body twice)."""
    found = {}
    for name in SCHEMA_BEHAVIOURS:
        with uvicorn_in_thread(create_app(get_behaviour(name))) as url, httpx.Client(base_url=url) as client:
            found[name] = _requests(client)
    return found


def _judge(spec: Spec = SPEC) -> Judge:
    return Judge(base_url=UPSTREAM, masker=Masker([KEY]), spec=spec)


def _findings(judge: Judge, exchanges: list[Exchange]) -> list[Finding]:
    return [finding for exchange in exchanges for finding in judge.judge(exchange)]


@pytest.mark.parametrize("behaviour", SCHEMA_BEHAVIOURS)
def test_a_fault_that_breaks_a_schema_is_found_under_its_requirement_and_a_variant_is_not(
    answers: dict[str, list[Exchange]], behaviour: str
) -> None:
    findings = _findings(_judge(), answers[behaviour])
    assert {finding.requirement for finding in findings} == SCHEMA_BEHAVIOURS[behaviour]
    assert all(finding.side == "response" and finding.curl and UPSTREAM in finding.curl for finding in findings)


def _plain_response(exchange: Exchange) -> Response:
    """The answer as Schemathesis reads it with nothing prepared: its own json.loads."""
    headers: dict[str, list[str]] = {}
    for name, value in exchange.response_headers:
        headers.setdefault(name.lower(), []).append(value)
    assert exchange.status is not None
    assert exchange.response_body is not None
    sent = requests.PreparedRequest()
    sent.prepare(method=exchange.method, url=UPSTREAM + exchange.path.removeprefix(SPEC.api_prefix))
    return Response(exchange.status, headers, exchange.response_body, sent, 0.001, True)


@pytest.mark.parametrize("behaviour", SCHEMA_BEHAVIOURS)
def test_the_schema_verdict_and_message_are_those_of_schemathesis_own_check(
    answers: dict[str, list[Exchange]], behaviour: str
) -> None:
    judge = _judge()
    for exchange in answers[behaviour]:
        got = [f.message for f in judge.judge(exchange) if f.requirement == "C-SCHEMA"]
        operation = SPEC.home_site if exchange.method == "GET" else SPEC.drivers_for_sites
        parts: dict[str, Any] = {"query": {SPEC.client_id_parameter: CLIENT}}
        if operation == SPEC.home_site:
            parts["path_parameters"] = {"siteId": exchange.path.split("/")[-2]}
        else:
            parts |= {"body": json.loads(exchange.request_body), "media_type": "application/json"}
        case = judge._compiled.api_operation(operation).Case(**parts)
        try:
            case.validate_response(_plain_response(exchange), checks=[openapi.response_schema_conformance])
            expected = []
        except FailureGroup as failures:
            expected = ["\n".join(f"{f.title}\n{f.message}" for f in failures.exceptions)]
        assert got == expected


def _items(exchange: Exchange) -> tuple[str, list[Any]]:
    body = json.loads(exchange.response_body or b"null")
    if exchange.method == "GET":
        return "UserGroup", [body]
    return "GroupUsers", body if isinstance(body, list) else [body]


@pytest.mark.parametrize("behaviour", SCHEMA_BEHAVIOURS)
def test_the_inferred_types_verdict_is_that_of_the_contract_runs_validators(
    answers: dict[str, list[Exchange]], behaviour: str
) -> None:
    judge, compared = _judge(), 0
    for exchange in answers[behaviour]:
        failed = any(f.requirement == "A-INFERRED-TYPES" for f in judge.judge(exchange))
        if exchange.id in ("0", "1"):
            continue  # the largest site: a third of a second per validation for the reference
        # contract_tests/test_known_sites.py: each item against the contract-level spec, then the spec as written.
        name, items = _items(exchange)
        documented = [list(SPEC.contract_level.component_validator(name).iter_errors(item)) for item in items]
        written = [list(SPEC.component_validator(name).iter_errors(item)) for item in items]
        if any(documented) or behaviour == "wrong-content-type":
            assert not failed  # C-SCHEMA's (or C-CONTENT-TYPE's) ground: the inferred types are not asked
            continue
        assert failed == any(written)
        compared += 1
    assert compared >= (0 if SCHEMA_BEHAVIOURS[behaviour] & {"C-SCHEMA", "C-CONTENT-TYPE"} else 1)


def test_an_inferred_type_broken_is_named_by_its_keyword_and_place_in_the_spec(
    answers: dict[str, list[Exchange]],
) -> None:
    judge = _judge()
    (finding, *_) = [f for f in _findings(judge, answers["int32-overflow"]) if f.requirement == "A-INFERRED-TYPES"]
    assert finding.level is Level.ASSUMED
    assert "maxWatts" in finding.message
    assert "keyword format" in finding.message
    evidence = judge.outcomes.tally("A-INFERRED-TYPES", SPEC.home_site.label).evidence
    assert evidence is not None
    assert evidence.location == "openapi.yaml#/components/schemas/Socket/properties/maxWatts/format"


def test_the_coverage_is_that_of_coverage_observe(answers: dict[str, list[Exchange]]) -> None:
    judge, reference = _judge(), Coverage()
    for behaviour in ("none", "absent-not-null", "nulls-where-inferred", "dotnet-timestamps", "enum-out-of-range"):
        for exchange in answers[behaviour]:
            judge.judge(exchange)
            operation = SPEC.home_site if exchange.method == "GET" else SPEC.drivers_for_sites
            reference.observe(json.loads(exchange.response_body or b""), SPEC.response_schema(operation.operation_id))
    got = judge.outcomes.coverage
    assert {str(p): got.nullable_state(str(p)) for p in SPEC.nullable_properties} == {
        str(p): reference.nullable_state(str(p)) for p in SPEC.nullable_properties
    }
    assert {name: got.enum_values(name) for name in SPEC.enum_properties} == {
        name: reference.enum_values(name) for name in SPEC.enum_properties
    }
    assert any(value == 7 for value, _, _ in got.enum_values("UserGroup.groupType"))  # from the invalid bodies


JSON_TEXTS = [
    b'{"a": 12345678901234567890123, "b": -0, "c": 1e400, "d": 1.0, "e": 0.1}',
    b'{"a": 1, "a": 2}',
    b'"\\u0000 \\u00e9 \\ud83d\\ude00"',
    b"[NaN, Infinity, -Infinity]",
    b'"\\ud800"',  # a lone surrogate: json.loads reads it, the fast parser refuses it
    b"\xef\xbb\xbf[1]",  # a BOM: both refuse
    b"[1,]",
    b"[" * 300 + b"]" * 300,
    b"\xff\xfe",
]


@pytest.mark.parametrize("text", JSON_TEXTS, ids=range(len(JSON_TEXTS)))
def test_the_fast_parser_reads_what_json_loads_reads_or_leaves_it_to_json_loads(text: bytes) -> None:
    exchange = _exchange(0, "GET", SPEC.home_site.url_path(siteId=1), answer=text)
    parsed = _judge()._response(exchange, text)._deserialized
    try:
        expected: Any = json.loads(text.decode("utf-8"))
    except ValueError:
        assert parsed is NOT_SET
        return
    if parsed is not NOT_SET:
        assert json.dumps(parsed) == json.dumps(expected)


# Requests --------------------------------------------------------------------------------------------------------


def _ids(count: int) -> bytes:
    return json.dumps({SPEC.id_list_property: list(range(1, count + 1))}).encode()


REQUESTS: list[tuple[str, str, str, bytes, tuple[tuple[str, str], ...], list[str]]] = [
    ("POST", SPEC.drivers_for_sites.path, QUERY, _ids(SPEC.max_ids + 1), JSON_HEADERS, ["C-ID-LIMIT"]),
    ("POST", SPEC.drivers_for_sites.path, QUERY, _ids(1000), JSON_HEADERS, ["C-ID-LIMIT"]),
    ("POST", SPEC.drivers_for_sites.path, QUERY, _ids(SPEC.max_ids), JSON_HEADERS, []),
    (
        "POST",
        SPEC.drivers_for_sites.path,
        QUERY,
        b'{"groupIds": ["one", 1.5, null, true]}',
        JSON_HEADERS,
        ["C-IDS-INT64"],
    ),
    ("POST", SPEC.drivers_for_sites.path, QUERY, b'{"groupIds": [9223372036854775808]}', JSON_HEADERS, ["C-IDS-INT64"]),
    ("POST", SPEC.drivers_for_sites.path, QUERY, b"", JSON_HEADERS, ["C-BODY-REQUIRED"]),
    ("POST", SPEC.drivers_for_sites.path, QUERY, b'{"groupIds": [1,', JSON_HEADERS, ["C-BODY-REQUIRED"]),
    ("POST", SPEC.drivers_for_sites.path, QUERY, b'{"siteIds": [1]}', JSON_HEADERS, ["C-VALIDATION"]),
    ("POST", SPEC.drivers_for_sites.path, "", _ids(1), JSON_HEADERS, ["C-VALIDATION"]),
    ("POST", SPEC.drivers_for_sites.path, QUERY, b'{"groupIds": []}', JSON_HEADERS, []),  # disputed: A-EMPTY-LIST-400
    ("POST", SPEC.drivers_for_sites.path, QUERY, b'{"groupIds": [1, 1]}', JSON_HEADERS, []),  # allowed as written
    ("POST", SPEC.drivers_for_sites.path, QUERY, _ids(1), (), []),  # no key: the server's 401 to give
    ("GET", SPEC.home_site.url_path(siteId="abc"), QUERY, b"", (), ["C-IDS-INT64"]),
    ("GET", SPEC.home_site.url_path(siteId=2**63), QUERY, b"", (), ["C-IDS-INT64"]),
    ("GET", SPEC.home_site.url_path(siteId=2**63 - 1), QUERY, b"", (), []),
    ("DELETE", SPEC.drivers_for_sites.path, QUERY, _ids(SPEC.max_ids + 1), (), []),  # not an operation's method
    ("GET", "/elsewhere", "", b"", (), []),
]


@pytest.mark.parametrize(
    ("method", "path", "query", "body", "headers", "expected"),
    REQUESTS,
    ids=[f"{r[0]} {r[1]} {r[3][:30]!r}" for r in REQUESTS],
)
def test_a_request_that_breaks_the_contract_is_named_before_it_goes_upstream(
    method: str, path: str, query: str, body: bytes, headers: tuple[tuple[str, str], ...], expected: list[str]
) -> None:
    judge = _judge()
    findings = judge.request_findings(method, SPEC.api_prefix + path, query, headers, body, "7")
    assert [finding.requirement for finding in findings] == expected
    for finding in findings:
        assert (finding.side, finding.exchange, finding.level) == ("request", "7", Level.CONTRACT)
        assert finding.curl is not None
        assert UPSTREAM in finding.curl
        assert KEY not in finding.curl
    assert not judge.outcomes.tallies  # a request alone grades nothing


def test_one_id_too_many_answered_200_fails_the_limit_and_answered_400_passes_it() -> None:
    judge = _judge()
    path = SPEC.drivers_for_sites.path
    failed = judge.judge(_exchange(1, "POST", path, headers=JSON_HEADERS, body=_ids(SPEC.max_ids + 1), answer=b"[]"))
    error = json.dumps({"errorCode": "BAD_REQUEST", "message": "too many"}).encode()
    passed = judge.judge(
        _exchange(2, "POST", path, headers=JSON_HEADERS, body=_ids(SPEC.max_ids + 1), status=400, answer=error)
    )
    assert [f.requirement for f in failed] == ["C-ID-LIMIT"]
    assert passed == []
    tally = judge.outcomes.tally("C-ID-LIMIT", SPEC.drivers_for_sites.label)
    assert (tally.passed, tally.failed) == (1, 1)


def test_a_key_in_the_code_parameter_counts_as_a_key_and_none_at_all_must_get_401() -> None:
    judge = _judge()
    site = SPEC.home_site.url_path(siteId=BIG)
    unauthorised = json.dumps({"errorCode": "UNAUTHORISED", "message": "no"}).encode()
    refused = judge.judge(_exchange(1, "GET", site, headers=(), status=401, answer=unauthorised))
    let_in = judge.judge(_exchange(2, "GET", site, headers=(), answer=b"{}"))
    with_code = judge.judge(
        _exchange(3, "GET", site, query=f"{QUERY}&{KEY_QUERY_PARAMETER}=k", headers=(), answer=b"{}")
    )
    limited = judge.judge(_exchange(4, "GET", site, headers=(), status=429, answer=b""))
    assert refused == []
    assert [f.requirement for f in let_in] == ["C-AUTH"]
    assert with_code == []
    assert [f.requirement for f in limited] == ["C-STATUS"]  # undocumented; and no word on the key


def test_a_request_that_got_no_answer_fails_no_server_error() -> None:
    judge = _judge()
    (finding,) = judge.judge(_exchange(4, "GET", SPEC.home_site.url_path(siteId=1), status=None, error="refused"))
    assert (finding.requirement, finding.side) == ("C-NO-SERVER-ERROR", "response")
    assert "refused" in finding.message
    assert finding.line().startswith(f"C-NO-SERVER-ERROR [contract] {SPEC.home_site.label} exchange 4 (response): ")


def test_an_undeclared_method_must_get_405_with_allow() -> None:
    judge = _judge()
    path = SPEC.drivers_for_sites.path
    good = judge.judge(_exchange(1, "DELETE", path, status=405, answer_headers=(("allow", "POST"),)))
    bad = judge.judge(_exchange(2, "PUT", path, status=404, answer=b"{}"))
    ignored = judge.judge(_exchange(3, "OPTIONS", path, status=404))
    assert good == []
    assert [f.requirement for f in bad] == ["A-405"]
    assert ignored == []


def test_no_exchange_judged_no_verdict_and_one_judged_a_verdict_with_reasons() -> None:
    judge = _judge()
    judge.judge(_exchange(1, "GET", "/elsewhere"))  # not an operation: nothing judged
    assert judge.grade().verdict is None
    assert judge.grade().outcomes.errors == [NO_JUDGED]
    judge.judge(
        _exchange(
            2,
            "GET",
            SPEC.home_site.url_path(siteId=1),
            status=401,
            headers=(),
            answer=b'{"errorCode": "U", "message": "m"}',
        )
    )
    grade = judge.grade()
    assert grade.verdict is Verdict.CONFORMS
    assert grade.result(next(r for r in grade.rows() if r[0].id == "C-AUTH")[0], SPEC.home_site.label) is Result.PASSED
    skipped = {row[0].id: row[3].skipped for row in grade.rows(Result.SKIPPED)}
    assert skipped["S-TENANT-ISOLATION"] == MORE_THAN_ONE
    assert "no exchange it applies to" in (skipped["C-ID-LIMIT"] or "")
    assert not judge.outcomes.tally("C-ID-LIMIT", SPEC.drivers_for_sites.label).skipped  # the judge's own stay open


def test_a_candidate_spec_is_what_the_judge_and_the_suites_checks_read(answers: dict[str, list[Exchange]]) -> None:
    def name_nullable_and_error_traced(spec: Spec) -> None:
        for schema in spec.schemas.values():
            if "name" in schema.get("properties", {}):
                schema["properties"]["name"]["type"] = ["string", "null"]
        spec.schemas["Error"]["required"] = ["errorCode", "message", "traceId"]

    candidate = SPEC.patched(name_nullable_and_error_traced)
    assert _findings(_judge(candidate), answers["null-in-non-nullable"]) == []
    unauthorised = _exchange(
        1,
        "GET",
        SPEC.home_site.url_path(siteId=1),
        headers=(),
        status=401,
        answer=b'{"errorCode": "U", "message": "m"}',
    )
    assert [f.requirement for f in _judge(candidate).judge(unauthorised)] == ["A-ERROR-BODY"]
    assert _judge().judge(unauthorised) == []


TIMES = ["2026-01-01T00:00:00Z", "2026-01-01T00:00:00.1234567Z", "0001-01-01T00:00:00Z", "2026-01-01t00:00:00z"]
TIMES += ["2026-01-01 00:00:00Z", "2026-02-30T00:00:00Z", "2016-12-31T23:59:60Z", "1990-12-31T15:59:60-08:00"]
TIMES += ["2026-01-01T00:00:00+0100", "21.11.2026 14:03", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00-00:00"]
URIS = ["https://a.b/c", "a:b", "/relative", "not a uri", "http://[::1]/", "urn:x", "http://a b", "", "x:"]
NUMBERS: list[Any] = [2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**63, 1.5, 3e9, True, None, "7"]
VALUES: list[tuple[str, str, Any]] = [("Tag", "expiringDate", t) for t in TIMES] + [
    ("Socket", "termsAndConditions", u) for u in URIS
]
VALUES += [("Socket", "maxWatts", n) for n in NUMBERS] + [("User", "id", n) for n in NUMBERS]


@pytest.mark.parametrize(("schema", "prop", "value"), VALUES, ids=[f"{s}.{p}={v!r}" for s, p, v in VALUES])
def test_the_fast_validator_never_takes_what_the_contract_runs_validator_refuses(
    schema: str, prop: str, value: Any
) -> None:
    body = {prop: value}
    fast = _rs_validator(SPEC, {"$ref": f"#/components/schemas/{schema}"})
    exact = _rs_validator(SPEC, {"$ref": f"#/components/schemas/{schema}"}, exact=True)
    runs = SPEC.component_validator(schema).is_valid(body)
    assert exact.is_valid(body) == runs
    if fast.is_valid(body):
        assert runs
