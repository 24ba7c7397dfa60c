"""`emabler-contract evidence`: recorded traffic confirms, contradicts or does not show each assumed reading of the
spec; each contradiction becomes an OpenAPI Overlay that `python -m emabler_spec apply-overlay` applies, comments and
layout kept. End to end: a recording of the `missing-site-401` variant contradicts A-MISSING-SITE-400, and its
proposal, applied in a copy of the checkout, validates, generates and makes the contract run against that variant
conform without the warning."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from contract_tests.traffic.exchange import Exchange, Keys, Recorder, read
from contract_tests.traffic.overlay import evidence_command
from emabler_spec import MISSING_SITE_STATUS, SPEC, SPEC_FILENAME, Spec
from emabler_spec.__main__ import main as apply_overlay_main
from mock_server import create_app, get_behaviour
from mock_server.data import build_dataset
from mock_server.launch import RunningMock, launched, uvicorn_in_thread
from tests.checkout import ROOT, contract_command, contract_env, served_mock, uv_path

# Random keys with the characters that need care: a key must not survive in any output or file.
KEYS = tuple(base64.b64encode(secrets.token_bytes(24)).decode() + "/+=" for _ in range(2))
OWN, OTHER = build_dataset().tenants[:2]
MISSING = 2**63 - 1  # a valid int64 that is no customer's site
BEYOND = 2**63
ID = SPEC.id_list_property
BIN = Path(sys.executable).parent


# Recordings ---------------------------------------------------------------------------------------------------


# The proxy's banner: its address (group 1, where a GET is its own answer) and the base path to send to (group 2).
PROXY_BANNER = re.compile(r"eMabler contract proxy on (http://[^/\s]+)(\S*) -> ")


@contextmanager
def recording_proxy(upstream: str, recording: Path, reports: Path) -> Iterator[str]:
    """`emabler-contract proxy` in front of `upstream`, recording into `recording`; the URL to send to."""
    command = contract_command("proxy", "--upstream", upstream, "--port", "0")
    command += ["--record", str(recording), "--reports-dir", str(reports)]
    with launched(command, {}, banner=PROXY_BANNER, name="the proxy") as proxy:
        match = PROXY_BANNER.search(proxy.banner)
        assert match is not None, proxy.banner
        yield match.group(1) + match.group(2)


def send(base_url: str) -> int:
    """A day's mix of an integrator's calls to `base_url`, as two customers; how many."""
    own = {SPEC.key_header: KEYS[0]}, {SPEC.client_id_parameter: OWN.tenant.client_id}
    other = {SPEC.key_header: KEYS[1]}, {SPEC.client_id_parameter: OTHER.tenant.client_id}
    sites, foreign = OWN.sites_with_drivers, OTHER.sites_with_drivers
    home, drivers = SPEC.home_site, SPEC.drivers_for_sites
    calls: list[tuple[str, str, tuple[dict[str, str], dict[str, str]], Any]] = [
        ("GET", home.url_path(siteId=sites[0]), own, None),
        ("GET", home.url_path(siteId=MISSING), own, None),
        ("GET", home.url_path(siteId=MISSING - 1), own, None),
        ("POST", drivers.url_path(), own, {ID: [sites[0], sites[0], sites[1]]}),
        ("POST", drivers.url_path(), own, {ID: []}),
        ("POST", drivers.url_path(), own, {ID: [BEYOND]}),
        ("GET", home.url_path(siteId=BEYOND), own, None),
        ("DELETE", home.url_path(siteId=sites[0]), own, None),
        ("GET", home.url_path(siteId=sites[0]), (own[0], other[1]), None),
        ("GET", home.url_path(siteId=foreign[0]), other, None),
        ("GET", home.url_path(siteId=sites[1]), other, None),
        ("GET", home.url_path(siteId=MISSING), other, None),
    ]
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for method, url, (headers, params), body in calls:
            client.request(method, url, headers=headers, params=params, json=body)
    return len(calls)


def _written(path: Path, *exchanges: Exchange) -> Path:
    recorder = Recorder(path)
    keys = Keys()
    for exchange in exchanges:
        recorder.write(exchange, keys.masker)
    recorder.close()
    return path


def _exchange(
    number: int,
    method: str,
    url: str,
    status: int,
    body: Any = None,
    credential: str | None = "key 1",
    client_id: str = "c1",
    request: Any = None,
    headers: tuple[tuple[str, str], ...] = (("content-type", "application/json"),),
) -> Exchange:
    return Exchange(
        id=f"e{number}",
        started="2026-11-30T12:00:00+00:00",
        method=method,
        path=SPEC.api_prefix + url,
        query=f"{SPEC.client_id_parameter}={client_id}",
        request_headers=(),
        request_body=b"" if request is None else json.dumps(request).encode(),
        status=status,
        response_headers=headers,
        response_body=b"" if body is None else json.dumps(body).encode(),
        credential=credential,
    )


def _evidence(tmp_path: Path, *recordings: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    reports = tmp_path / "reports"
    command = contract_command("evidence", *map(str, recordings), "--reports-dir", str(reports))
    result = subprocess.run(command, env=contract_env(), capture_output=True, text=True, check=False, timeout=120)  # noqa: S603
    return result, _found(reports)


def _found(reports: Path) -> dict[str, Any]:
    found = json.loads((reports / "evidence.json").read_text()) if (reports / "evidence.json").exists() else {}
    return {f["subject"]: f for f in found.get("findings", [])}


def _judged(tmp_path: Path, *recordings: Path) -> tuple[int, dict[str, Any]]:
    """The same, judged in this process (the rules' tests; the command's own is tested apart): its code and findings."""
    reports = tmp_path / "reports"
    return evidence_command(list(recordings), reports), _found(reports)


def _apply(overlay: Path, spec: Path, *, in_process: bool = True) -> subprocess.CompletedProcess[str]:
    """`python -m emabler_spec apply-overlay OVERLAY --spec SPEC`: its code and output (in this process, by default)."""
    arguments = ["apply-overlay", str(overlay), "--spec", str(spec)]
    if not in_process:
        command = [sys.executable, "-m", "emabler_spec", *arguments]
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)  # noqa: S603
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = apply_overlay_main(arguments)
    return subprocess.CompletedProcess(arguments, code, out.getvalue(), err.getvalue())


HOME_200 = {"id": 1, "groupName": "Home", "subgroups": [{"id": 2}]}


# The rules, on small recordings ----------------------------------------------------------------------------------


def test_a_missing_site_answered_with_the_specs_status_confirms_and_401_contradicts(tmp_path: Path) -> None:
    home = SPEC.home_site
    good = _exchange(1, "GET", home.url_path(siteId=1), 200, HOME_200)
    confirming = _written(
        tmp_path / "a.jsonl",
        good,
        _exchange(
            2,
            "GET",
            home.url_path(siteId=MISSING),
            SPEC.missing_site_status,
            {"errorCode": "SITE_NOT_FOUND", "message": "no"},
        ),
    )
    contradicting = _written(
        tmp_path / "b.jsonl",
        good,
        _exchange(2, "GET", home.url_path(siteId=MISSING), 401, {"errorCode": "UNAUTHORISED", "message": "no"}),
        _exchange(3, "GET", home.url_path(siteId=2), 401, {"errorCode": "UNAUTHORISED", "message": "no"}),  # a subsite
    )
    code, found = _judged(tmp_path / "1", confirming)
    assert (found["A-MISSING-SITE-400"]["verdict"], found["A-MISSING-SITE-400"]["confirmed"]) == ("confirmed", 1)
    assert code == 0
    code, found = _judged(tmp_path / "2", contradicting)
    missing = found["A-MISSING-SITE-400"]
    assert (missing["verdict"], missing["contradicted"], missing["samples"]) == ("contradicted", 1, ["e2"])
    assert missing["seen"] == ["401 UNAUTHORISED"]
    assert found[f"{home.method} {home.path} {MISSING_SITE_STATUS}"]["verdict"] == "contradicted"
    assert code == 1
    overlay = yaml.safe_load((tmp_path / "2" / "reports" / "proposals" / "A-MISSING-SITE-400.overlay.yaml").read_text())
    assert overlay["overlay"] == "1.0.0"
    (action,) = overlay["actions"]
    assert action["update"] == {MISSING_SITE_STATUS: "401"}
    assert "e2" in action["description"]
    assert "401 UNAUTHORISED" in action["description"]


def test_a_reading_the_traffic_does_not_show_is_not_observed_and_a_refused_key_says_nothing(tmp_path: Path) -> None:
    home = SPEC.home_site
    refused = _exchange(1, "GET", home.url_path(siteId=MISSING), 401, {"errorCode": "UNAUTHORISED", "message": "no"})
    code, found = _judged(tmp_path, _written(tmp_path / "a.jsonl", refused))  # no 200: the key may be wrong
    assert code == 0
    for rid in ("A-MISSING-SITE-400", "A-EMPTY-LIST-400", "A-DUPLICATES-ONCE", "A-405", "A-INFERRED-TYPES"):
        assert (found[rid]["verdict"], found[rid]["confirmed"], found[rid]["contradicted"]) == ("not observed", 0, 0)
    assert found["A-ERROR-BODY"]["verdict"] == "confirmed"
    assert not (tmp_path / "reports" / "proposals").exists()


def test_operation_2s_readings_are_judged_from_empty_and_repeated_id_lists(tmp_path: Path) -> None:
    op2 = SPEC.drivers_for_sites.url_path()
    entry = {"groupId": 1, "users": []}
    recording = _written(
        tmp_path / "a.jsonl",
        _exchange(1, "POST", op2, 200, [entry, entry], request={ID: [1, 1]}),
        _exchange(2, "POST", op2, 404, {"errorCode": "SITES_NOT_FOUND", "message": "none"}, request={ID: []}),
        _exchange(3, "POST", op2, 400, {"errorCode": "BAD_REQUEST", "message": "no"}, request={ID: [BEYOND]}),
    )
    code, found = _judged(tmp_path, recording)
    assert code == 1
    assert (found["A-DUPLICATES-ONCE"]["verdict"], found["A-DUPLICATES-ONCE"]["samples"]) == ("contradicted", ["e1"])
    assert (found["A-EMPTY-LIST-400"]["verdict"], found["A-EMPTY-LIST-400"]["samples"]) == ("contradicted", ["e2"])
    assert (found["A-INT64-400"]["verdict"], found["A-INT64-400"]["confirmed"]) == ("confirmed", 1)
    proposals = tmp_path / "reports" / "proposals"
    empty = yaml.safe_load((proposals / "A-EMPTY-LIST-400.overlay.yaml").read_text())
    assert [a.get("remove") for a in empty["actions"]] == [True, True]  # minItems, then its x-provenance entry
    spec = tmp_path / SPEC_FILENAME
    shutil.copy(ROOT / SPEC_FILENAME, spec)
    assert _apply(proposals / "A-EMPTY-LIST-400.overlay.yaml", spec).returncode == 0
    relaxed = Spec.from_path(spec)
    assert "minItems" not in relaxed.id_list_schema
    assert relaxed.request_body_validator(SPEC.drivers_for_sites.operation_id).is_valid({ID: []})  # type: ignore[union-attr]


def test_a_keyword_is_judged_alone_on_the_instances_the_answers_hold(tmp_path: Path) -> None:
    home = SPEC.home_site
    charger = {"evseId": None, "splitEvseBySocket": True, "sockets": [{"maxWatts": 2**40, "socketPowerType": "AC"}]}
    body = {"id": 1, "isSpare": False, "users": [{"id": 5, "chargers": [charger]}]}
    code, found = _judged(
        tmp_path, _written(tmp_path / "a.jsonl", _exchange(1, "GET", home.url_path(siteId=1), 200, body))
    )
    assert code == 1
    assert (found["Charger.evseId nullable"]["verdict"], found["Charger.evseId nullable"]["seen"]) == (
        "contradicted",
        ["null"],
    )
    assert found["Charger.splitEvseBySocket nullable"]["verdict"] == "confirmed"
    assert found["Socket.maxWatts format"]["verdict"] == "contradicted"  # beyond int32
    assert found["Socket.maxWatts type"]["verdict"] == "confirmed"
    assert found["Socket.socketPowerType nullable"]["verdict"] == "confirmed"
    assert found["UserGroup.isSpare type"]["verdict"] == "confirmed"
    assert found["A-INFERRED-TYPES"]["verdict"] == "contradicted"
    proposals = tmp_path / "reports" / "proposals"
    assert sorted(path.name for path in proposals.iterdir()) == [
        "Charger.evseId.nullable.overlay.yaml",
        "Socket.maxWatts.format.overlay.yaml",
    ]  # the requirement's contradiction is its keywords': no proposal of its own beside them
    spec = tmp_path / SPEC_FILENAME
    shutil.copy(ROOT / SPEC_FILENAME, spec)
    assert _apply(proposals / "Charger.evseId.nullable.overlay.yaml", spec).returncode == 0
    written = 'type: [string, "null"]'  # as the spec writes a nullable type
    assert spec.read_text().count(written) == (ROOT / SPEC_FILENAME).read_text().count(written) + 1
    relaxed = Spec.from_path(spec)
    assert relaxed.component_validator("Charger").is_valid({"evseId": None})
    gone = [(p.pointer, p.keyword) for p in SPEC.provenance if p not in relaxed.provenance]
    assert gone == [("/components/schemas/Charger/properties/evseId", "nullable")]  # its annotation, and no other


def test_a_file_that_is_not_a_recording_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    result, found = _evidence(tmp_path, tmp_path / "notes.txt")  # the command, as a user runs it
    assert (result.returncode, result.stdout, found) == (2, "", {})
    assert (
        result.stderr
        == f"error: {tmp_path / 'notes.txt'} is not a recording of emabler-contract: its first line does not name one\n"
    )
    capsys.readouterr()
    good = _written(tmp_path / "good.jsonl", _exchange(1, "GET", SPEC.home_site.url_path(siteId=1), 200, HOME_200))
    assert evidence_command([good, tmp_path / "absent.jsonl"], tmp_path / "reports") == 2  # one bad file of two
    out, err = capsys.readouterr()
    assert (out, err.count("\n")) == ("", 1)
    assert err.startswith(f"error: {tmp_path / 'absent.jsonl'} cannot be read"), err
    assert not (tmp_path / "reports").exists()
    (tmp_path / "a-file").write_text("")
    assert evidence_command([good], tmp_path / "a-file" / "reports") == 2  # a reports folder that cannot be
    out, err = capsys.readouterr()
    assert (out, err.count("\n")) == ("", 1)
    assert err.endswith(": Not a directory\n"), err


# The overlay applier ---------------------------------------------------------------------------------------------


def _overlay(tmp_path: Path, *actions: dict[str, Any]) -> Path:
    path = tmp_path / "change.overlay.yaml"
    path.write_text(
        yaml.safe_dump({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)})
    )
    return path


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    path = tmp_path / SPEC_FILENAME
    shutil.copy(ROOT / SPEC_FILENAME, path)
    return path


def _home_target() -> str:
    return f"$.paths['{SPEC.home_site.path}'].get"


def test_an_update_merges_into_the_target_and_changes_only_its_lines(tmp_path: Path, spec_copy: Path) -> None:
    overlay = _overlay(tmp_path, {"target": _home_target(), "update": {MISSING_SITE_STATUS: "401", "x-note": {"a": 1}}})
    result = _apply(overlay, spec_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("applied 1 action(s)")
    before, after = (ROOT / SPEC_FILENAME).read_text().splitlines(), spec_copy.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=False) if a != b]
    assert changed[0] == (f'      {MISSING_SITE_STATUS}: "400"', f'      {MISSING_SITE_STATUS}: "401"')  # quotes kept
    assert len(after) == len(before) + 2  # the new object, two lines; every comment and line else as it was
    assert [line for line in after if line.lstrip().startswith("#")] == [
        line for line in before if line.lstrip().startswith("#")
    ]
    spec = Spec.from_path(spec_copy)
    assert spec.missing_site_status == 401
    assert spec.home_site.definition["x-note"] == {"a": 1}
    assert (
        spec.home_site.definition["x-provenance"] == SPEC.home_site.definition["x-provenance"]
    )  # merged, not replaced


def test_a_remove_drops_each_selected_node_and_an_array_target_gets_the_update_appended(
    tmp_path: Path, spec_copy: Path
) -> None:
    overlay = _overlay(
        tmp_path,
        {"target": "$.components.schemas.GroupIdsRequest.properties.*.minItems", "remove": True},
        {"target": "$.tags", "update": {"name": "extra"}},
    )
    assert _apply(overlay, spec_copy).returncode == 0
    spec = Spec.from_path(spec_copy)
    assert "minItems" not in spec.id_list_schema
    assert spec.max_ids == SPEC.max_ids
    assert [tag["name"] for tag in spec.document["tags"]] == [*(t["name"] for t in SPEC.document["tags"]), "extra"]


def test_the_applier_without_an_action_rewrites_the_spec_byte_for_byte(tmp_path: Path, spec_copy: Path) -> None:
    # An update with nothing in it: ruamel's round trip alone, which must keep every byte.
    assert _apply(_overlay(tmp_path, {"target": "$.info", "update": {}}), spec_copy).returncode == 0
    assert spec_copy.read_bytes() == (ROOT / SPEC_FILENAME).read_bytes()


@pytest.mark.parametrize(
    ("action", "says"),
    [
        ({"target": "$.paths['/nowhere'].get", "update": {"x": 1}}, "selects nothing in the spec"),
        ({"target": "$.paths[?", "update": {"x": 1}}, "is not a JSONPath"),
        ({"target": "$.info.title", "update": {"x": 1}}, "neither an object nor an array"),
        ({"target": "$.info"}, "neither updates nor removes"),
    ],
    ids=["selects nothing", "not a JSONPath", "a scalar", "no update or remove"],
)
def test_a_proposal_that_does_not_apply_is_one_line_exit_2_and_leaves_the_spec_as_it_was(
    tmp_path: Path, spec_copy: Path, action: dict[str, Any], says: str
) -> None:
    fine = {"target": _home_target(), "update": {MISSING_SITE_STATUS: "401"}}  # applies, but not alone: all or nothing
    result = _apply(_overlay(tmp_path, fine, action), spec_copy)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert says in result.stderr, result.stderr
    assert spec_copy.read_bytes() == (ROOT / SPEC_FILENAME).read_bytes()


def test_make_apply_overlay_without_an_overlay_says_so(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603
        ["make", "-s", "-C", str(ROOT), "apply-overlay", f"UV={uv_path()}"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode != 0
    assert "OVERLAY=<file>" in result.stderr


def test_the_mock_answers_a_missing_site_with_the_specs_status_and_the_401_variant_is_that_spec_patched() -> None:
    def say_401(spec: Spec) -> None:
        home = spec.home_site
        spec.document["paths"][home.path][home.method.lower()][MISSING_SITE_STATUS] = "401"

    own = {SPEC.key_header: OWN.tenant.api_key}, {SPEC.client_id_parameter: OWN.tenant.client_id}
    answered = {}
    for name, app in (
        ("clean", create_app()),
        ("patched", create_app(spec=SPEC.patched(say_401))),
        ("variant", create_app(get_behaviour("missing-site-401"))),
    ):
        with uvicorn_in_thread(app) as base_url, httpx.Client(base_url=base_url) as client:
            response = client.get(SPEC.home_site.url_path(siteId=MISSING), headers=own[0], params=own[1])
            answered[name] = (response.status_code, response.json()["errorCode"])
    assert answered == {
        "clean": (SPEC.missing_site_status, "SITE_NOT_FOUND"),
        "patched": (401, "UNAUTHORISED"),
        "variant": (401, "UNAUTHORISED"),
    }


# End to end: the missing-site-401 variant ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningMock, Path]]:
    """The missing-site-401 variant, served, and a recording of traffic to it made through the validation proxy."""
    folder = tmp_path_factory.mktemp("traffic")
    recording = folder / "missing-site-401.jsonl"
    with served_mock(variant="missing-site-401", api_keys=KEYS) as mock:
        with recording_proxy(mock.base_url, recording, folder / "proxy-reports") as proxy:
            sent = send(proxy)
        assert sum(1 for _ in read(recording)) >= sent
        yield mock, recording


def _checkout_copy(folder: Path) -> Path:
    """The files `make generate` and a contract run read from the spec's side (see tests/test_generation.py)."""
    folder.mkdir()
    for name in ("Makefile", SPEC_FILENAME, "generator-config.yml", "pyproject.toml", "uv.lock"):
        shutil.copy2(ROOT / name, folder / name)
    for name in ("generated", "generator-templates", "emabler_spec", "sdk"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"), symlinks=True)
    return folder


def _run_contract(mock: RunningMock, reports: Path, copy: Path | None) -> subprocess.CompletedProcess[str]:
    env = contract_env(
        EMABLER_BASE_URL=mock.base_url,
        EMABLER_API_KEY=KEYS[0],
        EMABLER_CLIENT_ID=OWN.tenant.client_id,
        EMABLER_SITE_IDS=",".join(map(str, OWN.sites_with_drivers[:3])),
        EMABLER_OTHER_API_KEY=KEYS[1],
        EMABLER_OTHER_CLIENT_ID=OTHER.tenant.client_id,
        EMABLER_MAX_EXAMPLES="5",
        EMABLER_REPORTS_DIR=str(reports),
    )
    if copy is not None:
        env["PYTHONPATH"] = str(copy)  # `.venv`'s editable install points at this checkout: the copy's spec first
    return subprocess.run(  # noqa: S603
        contract_command("run"), env=env, cwd=copy or ROOT, capture_output=True, text=True, check=False, timeout=300
    )


def test_the_recording_of_the_variant_holds_no_key(variant: tuple[RunningMock, Path]) -> None:
    text = variant[1].read_text()
    assert not any(key in text or key.replace("/", "\\/") in text for key in KEYS)
    assert '"credential":"key 2"' in text


def test_evidence_on_the_missing_site_401_variant_proposes_an_overlay_that_ends_the_warning(
    variant: tuple[RunningMock, Path], tmp_path: Path
) -> None:
    mock, recording = variant
    result, found = _evidence(tmp_path, recording)
    assert result.returncode == 1, result.stdout + result.stderr
    missing = found["A-MISSING-SITE-400"]
    assert (missing["verdict"], missing["contradicted"], missing["seen"]) == ("contradicted", 3, ["401 UNAUTHORISED"])
    for rid in ("A-FOREIGN-LIKE-MISSING", "A-CLIENT-ID-BOUND", "A-EMPTY-LIST-400", "A-DUPLICATES-ONCE", "A-INT64-400"):
        assert found[rid]["verdict"] == "confirmed", found[rid]
    for rid in ("A-ERROR-BODY", "A-405", "A-INFERRED-TYPES"):
        assert found[rid]["verdict"] == "confirmed", found[rid]
    overlay = tmp_path / "reports" / "proposals" / "A-MISSING-SITE-400.overlay.yaml"
    assert [path.name for path in overlay.parent.iterdir()] == [overlay.name]
    assert f"proposed: {overlay}" in result.stdout
    written = [result.stdout, result.stderr, *(p.read_text() for p in (tmp_path / "reports").rglob("*") if p.is_file())]
    assert not any(key in text for key in KEYS for text in written)

    # Before: the run warns on A-MISSING-SITE-400 against this variant (the fault matrix's missing-site-401 row).
    copy = _checkout_copy(tmp_path / "checkout")
    applied = _apply(overlay, copy / SPEC_FILENAME, in_process=False)  # as a user runs it
    assert applied.returncode == 0, applied.stderr
    validator = subprocess.run(  # noqa: S603
        [str(BIN / "openapi-spec-validator"), str(copy / SPEC_FILENAME)], capture_output=True, text=True, check=False
    )
    assert validator.returncode == 0, validator.stdout + validator.stderr
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(ROOT / ".venv"), "PYTHONPATH": str(copy)}
    generate = subprocess.run(  # noqa: S603
        ["make", "-s", "generate", f"UV={uv_path()}"],  # noqa: S607
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert generate.returncode == 0, generate.stdout + generate.stderr
    after = _run_contract(mock, tmp_path / "after", copy)
    assert after.returncode == 0, after.stdout[-3000:] + after.stderr
    assert after.stdout.startswith("CONFORMS\n"), after.stdout[:2000]
    assert "A-MISSING-SITE-400" in after.stdout  # in the table, passed
    assert "WARNING" not in after.stdout
