"""The judge of real traffic: each exchange held to the contract run's catalog, with the run's own checks, one at a
time, fast enough to sit in line in the proxy.

What one exchange is judged on (an exchange "of" an operation: its path under the spec's server path, and its method;
the rest of the catalog needs more than one exchange, see below):

- C-STATUS, C-CONTENT-TYPE, C-SCHEMA, C-NO-SERVER-ERROR: every answer, by Schemathesis' own checks, those the hand-made
  calls of the run get (`calls.SCHEMATHESIS_CHECKS`); C-HEADERS by its `response_headers_conformance`.
- A-ERROR-BODY, S-ASKED-SITES: by the suite's checks (`checks.CUSTOM_CHECKS`), on the answers they apply to.
- C-NO-SERVER-ERROR: a request that got no answer (`Exchange.error`: refused, reset, timed out) fails it.
- C-ID-LIMIT (operation 2, integer ids): more than the most passes with 400 and fails with any other status; up to the
  most passes with 200 or 404, and fails with 400 when nothing else of the request is against either reading of the
  spec (not empty, no repeated id, a client id) and it carries a key.
- C-IDS-INT64: a site id that is not an integer passes with 400, fails otherwise; one beyond int64 passes with a
  documented 4xx. A-INT64-400: the latter passes with 400 only.
- C-BODY-REQUIRED: operation 2 without a body, or with one that is not JSON: 400 passes, any other status fails.
- C-VALIDATION, its negative side: a request the contract refuses for another reason (no client id, a body neither
  reading of the spec accepts) passes with a 4xx, fails with any other status.
- C-AUTH: a request with no key at all (neither the key header nor the `code` query parameter) passes with 401; fails
  with a 2xx, or with any other status when nothing else of the request is wrong.
- A-EMPTY-LIST-400: an empty id list passes with 400, fails otherwise.
- A-DUPLICATES-ONCE: a repeated id passes with a 200 naming each site once; fails with a 200 naming one twice, or
  with 400 to a request the spec as written takes, with a key.
- A-INFERRED-TYPES: a 200 whose JSON body has the documented shape (C-SCHEMA passed) passes when the spec as written
  takes it too; else it fails, naming each keyword and its place in openapi.yaml.
- A-405: a method the path does not declare (HEAD and OPTIONS aside) passes with 405 and an Allow header naming the
  declared methods (HEAD and OPTIONS may stand beside them), fails otherwise.

A 401 (the key may be wrong: the server answers that first), a 408 or a 429 (the load) is never counted against a
requirement about the request's content, and a 5xx only fails C-NO-SERVER-ERROR. A request that breaks the contract
is named by `request_findings` (what the strict proxy refuses before it goes upstream); `judge` returns the server's
failures.

Skipped, with the reason in every report: the requirements whose verdict needs more than one exchange, or knowledge
of which sites exist and whose they are: S-MISSING-SITE-REFUSED, S-MISSING-SITES-404, S-TENANT-ISOLATION,
A-MISSING-SITE-400, A-FOREIGN-LIKE-MISSING, A-CLIENT-ID-BOUND, and C-VALIDATION's positive side (a request the
contract allows answered 400 may be about a site the judge cannot see): a contract run checks them
(`emabler-contract run`), and `emabler-contract evidence` reads them off a recording. A requirement no judged
exchange applied to is skipped too ("no exchange it applies to"), so `grade()` has a verdict as soon as one exchange
was judged; with none, it has none.

Speed: Schemathesis' checks get a response whose JSON is already parsed (`pydantic_core.from_json`, the Rust
parser the toolkit already installs through openapi-core; a body it cannot parse is left to Schemathesis' own
parser, which then says why), so its response_schema_conformance runs its own cached jsonschema-rs validator and
gives its own verdict and message. The spec as written is checked with a jsonschema-rs validator compiled once per
spec x operation x status, with OpenAPI's int32/int64 formats as bounds (stricter than the format checker on
non-integers, never looser); only a body it finds invalid goes to a second one whose every format is checked by the
functions the run's validator (`Spec.validator`) checks it with, which decides and names each keyword. A body seen
again (the last few are remembered, parsed) is neither parsed nor walked nor validated as written again. The
coverage walk reads only the facts the reports show (nullable properties, enum values) and, for a body with the
documented shape, only those not yet seen both ways or with every documented value (the coverage `Coverage.observe`
notes, tests/contract/test_traffic_judge.py). A candidate spec (`spec=`) is read by everything here and by the
suite's checks (`checks.reads`); the verdict's table is the project catalog's, by its operations' labels.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import itertools
import json
import re
import threading
import tomllib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, unquote

import jsonschema_rs
import pydantic_core
import requests
import schemathesis
from openapi_schema_validator import oas31_format_checker
from requests.structures import CaseInsensitiveDict
from schemathesis import Case, Response
from schemathesis.core import NOT_SET
from schemathesis.core.failures import FailureGroup
from schemathesis.schemas import APIOperation, BaseSchema
from schemathesis.specs.openapi import checks as openapi

from contract_tests import checks
from contract_tests.calls import SCHEMATHESIS_CHECKS
from contract_tests.coverage import SCALARS
from contract_tests.evidence import Evidence, location
from contract_tests.identity import Identity
from contract_tests.masking import Masker
from contract_tests.outcomes import Outcomes
from contract_tests.requirements import CATALOG, Level, pairs
from contract_tests.schemathesis_run import CONFIG
from contract_tests.traffic.exchange import KEY_QUERY_PARAMETER, Exchange, Headers
from contract_tests.verdict import Grade
from emabler_spec import NULLABLE, SPEC, SPEC_FILENAME, Operation, Spec, pointer, ref_name

JSON = checks.JSON
INT64 = (-(2**63), 2**63 - 1)
NO_LEAP_SECOND = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-5][0-9]"
INT_FORMATS = {"int32": (-(2**31), 2**31 - 1), "int64": INT64}
RESPONSE_CHECKS = (*SCHEMATHESIS_CHECKS, openapi.response_headers_conformance)
SILENT = (401, 408, 429)  # answers that say nothing of a request's content (the key, the load): not counted for it
UNJUDGED_METHODS = ("HEAD", "OPTIONS")  # answered beside any route by servers and gateways alike (test_methods.py)
# Transport headers of the hop to the proxy, not of the request a curl line repeats.
HOP_HEADERS = frozenset(
    (
        *("host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"),
        *("accept-encoding", "proxy-authorization", "proxy-connection"),
    )
)
MORE_THAN_ONE = (
    "needs more than one exchange (which sites exist, whose they are): checked by a contract run "
    "(emabler-contract run) and read off a recording by emabler-contract evidence"
)
BEYOND_ONE_EXCHANGE = {
    "S-MISSING-SITE-REFUSED": MORE_THAN_ONE,
    "S-MISSING-SITES-404": MORE_THAN_ONE,
    "S-TENANT-ISOLATION": MORE_THAN_ONE,
    "A-MISSING-SITE-400": MORE_THAN_ONE,
    "A-FOREIGN-LIKE-MISSING": MORE_THAN_ONE,
    "A-CLIENT-ID-BOUND": MORE_THAN_ONE,
    "C-VALIDATION": "no exchange it applies to: a request the contract refuses (its negative side) was not seen; "
    "its positive side needs a contract run (emabler-contract run)",
}
NO_EXCHANGE = "no exchange it applies to"
SEEN_BODIES = 4  # JSON bodies remembered parsed
SEEN_SIZE = 2 * 1024 * 1024  # bytes of the largest remembered (parsed, about ten times as much memory)
NO_JUDGED = "no exchange was judged: nothing to grade"


@dataclass(frozen=True)
class Finding:
    """One requirement an exchange breaks, as the proxy logs it."""

    requirement: str  # catalog id, e.g. "C-SCHEMA"
    level: Level
    operation: str  # the operation's label (Operation.label), "" when the request matches no operation
    exchange: str  # Exchange.id
    side: str  # "request" (the request breaks the contract) or "response"
    message: str  # plain text, masked
    curl: str | None  # the request as a curl line against the upstream (base_url), masked

    def line(self) -> str:
        """One log line: id, level, operation, exchange id, the message's first line, the curl line."""
        first = self.message.split("\n", 1)[0]
        where = self.operation or "(no operation)"
        text = f"{self.requirement} [{self.level.value}] {where} exchange {self.exchange} ({self.side}): {first}"
        return text if self.curl is None else f"{text} | {self.curl}"


class _Live(Masker):
    """The masker of the moment: a proxy learns keys as they come (`Keys.masker`)."""

    def __init__(self, current: Callable[[], Masker]) -> None:
        super().__init__(())
        self._current = current

    def __call__(self, text: str) -> str:
        return self._current()(text)


@dataclass(frozen=True)
class _Request:
    """What a request says, read once: its operation, its parts, and what it breaks of the contract."""

    operation: Operation | None  # None: not an operation of the spec
    declared: bool  # the method is the operation's (else the path's operation, for A-405)
    path_parameters: dict[str, str]
    query: dict[str, Any]
    headers: dict[str, str]
    body: Any  # the parsed JSON body, the raw bytes when it is not JSON, None for none
    has_key: bool
    ids: list[Any] | None  # operation 2's id list as sent, when the body has one
    problems: tuple[tuple[str, str], ...]  # (requirement, what) the request breaks
    written_ok: bool  # the spec as written accepts it too (no disputed ground: not empty, ...)
    non_integer: bool  # a site id that is not an integer
    beyond_int64: bool  # an integer site id beyond int64


def _is_integer(value: Any) -> bool:
    # JSON Schema's integer: a number with no fraction (1.0 is one); a boolean is not.
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _bounded(node: Any) -> Any:
    """A copy of a schema with OpenAPI's integer formats written as bounds, which jsonschema-rs checks natively, and
    no leap second in a date-time."""
    if isinstance(node, list):
        return [_bounded(item) for item in node]
    if not isinstance(node, dict):
        return node
    copied = {key: _bounded(value) for key, value in node.items()}
    if node.get("format") == "date-time" and "pattern" not in node:
        copied["pattern"] = NO_LEAP_SECOND  # jsonschema-rs' date-time takes a leap second, the run's checker does not
    bounds = INT_FORMATS.get(str(node.get("format")))
    if bounds is not None:
        low, high = bounds
        copied["minimum"] = max(copied.get("minimum", low), low)
        copied["maximum"] = min(copied.get("maximum", high), high)
    return copied


FORMAT_KEYWORD = "x-openapi-format"  # `format`, in the exact validator: checked on every instance, as the run does


def _formats_as_keyword(node: Any) -> Any:
    """A copy of a schema with each `format` moved to `FORMAT_KEYWORD` (jsonschema-rs checks formats on strings only;
    the run's format checker checks int32 and int64 on integers too)."""
    if isinstance(node, list):
        return [_formats_as_keyword(item) for item in node]
    if not isinstance(node, dict):
        return node
    copied = {FORMAT_KEYWORD if key == "format" else key: _formats_as_keyword(value) for key, value in node.items()}
    return copied


class _RunsFormat:
    """A format checked by the OpenAPI 3.1 format checker `Spec.validator` validates with (a format it does not know
    passes, as there)."""

    def __init__(self, parent_schema: dict[str, Any], value: Any, schema_path: list[str | int]) -> None:
        self.format = str(value)

    def validate(self, instance: Any) -> None:
        if not oas31_format_checker.conforms(instance, self.format):
            raise ValueError(f"{json.dumps(instance)} is not a {self.format!r}")


def _rs_validator(spec: Spec, schema: dict[str, Any], *, exact: bool = False) -> jsonschema_rs.Validator:
    """A jsonschema-rs validator of a schema of `spec` (its `$ref`s to the component schemas resolved): fast, with its
    own formats, OpenAPI's integer formats as bounds and no leap second (never looser than `Spec.validator`; stricter
    on a float beyond the bounds), or `exact`, every format checked by the functions `Spec.validator` checks it with,
    on every instance (its verdict; ten times slower)."""
    shape = _formats_as_keyword if exact else _bounded
    root = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **shape(schema),
        "components": {"schemas": shape(spec.schemas)},
    }
    if exact:
        return jsonschema_rs.Draft202012Validator(root, keywords={FORMAT_KEYWORD: _RunsFormat})
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def _schema_pointer(spec: Spec, operation: Operation, status: str) -> str | None:
    """The JSON pointer of a documented response's JSON schema (through a `$ref`ed response), or None."""
    response = operation.definition.get("responses", {}).get(status)
    if not isinstance(response, dict):
        return None
    at = pointer("paths", operation.path, operation.method.lower(), "responses", status)
    if "$ref" in response:
        at = str(response["$ref"]).removeprefix("#")
    resolved = spec.resolve(response)
    if "schema" not in resolved.get("content", {}).get(JSON, {}):
        return None
    return f"{at}{pointer('content', JSON, 'schema')}"


class _Walk:
    """The coverage of 200 bodies, as `Coverage.observe` notes it for the facts the reports read: which nullable
    properties were null and set, which values enum properties took. A fact seen both ways (or with every documented
    value) is saturated: a body with the documented shape is then walked only where something is left to see."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.nullable = {str(prop) for prop in spec.nullable_properties}
        self.enums = {name: set(values) for name, values in spec.enum_properties.items()}
        # Schema name -> its tracked properties (property, `Schema.property`) and its children (property, schema).
        self.tracked: dict[str, list[tuple[str, str]]] = {}
        self.children: dict[str, list[tuple[str, str]]] = {}
        for name, schema in spec.schemas.items():
            props = schema.get("properties", {})
            self.tracked[name] = [
                (prop, full) for prop in props if (full := f"{name}.{prop}") in self.nullable or full in self.enums
            ]
            self.children[name] = [(p, child) for p, s in props.items() if (child := self._child(s)) is not None]
        # An enum a relaxed keyword may widen (its values, its nullability) is never saturated: a body with the
        # documented shape may still show a value not seen.
        relaxed = {entry.pointer for entry in spec.provenance if entry.keyword in ("enum", NULLABLE)}
        self.open_enums = {name for name in self.enums if self._enum_pointer(name) in relaxed}

    def _enum_pointer(self, name: str) -> str:
        schema, prop = name.split(".", 1)
        node = self.spec.schemas[schema]["properties"][prop]
        ref = node.get("$ref") if isinstance(node, dict) else None
        return str(ref).removeprefix("#") if ref else pointer("components", "schemas", schema, "properties", prop)

    def _child(self, node: Any) -> str | None:
        """The component schema a property's value (or each item of it) stands for, if it is one."""
        if isinstance(node, dict) and "$ref" in node:
            resolved = self.spec.resolve(node)
            return ref_name(str(node["$ref"])) if "properties" in resolved else self._child(resolved.get("items"))
        if isinstance(node, dict) and "items" in node:
            return self._child(node["items"])
        return None

    def root(self, schema: dict[str, Any]) -> str | None:
        """The component schema a response body (or each item of it) stands for."""
        return self._child(schema)

    def _open(self, full: str, seen_null: dict[str, set[bool]], seen_enum: dict[str, set[Any]]) -> bool:
        if full in self.nullable and len(seen_null.get(full, ())) < 2:
            return True
        return full in self.enums and (full in self.open_enums or not self.enums[full] <= seen_enum.get(full, set()))

    def live(self, seen_null: dict[str, set[bool]], seen_enum: dict[str, set[Any]]) -> dict[str, list[tuple[str, str]]]:
        """Per schema, its tracked properties with something left to see; a schema under which nothing is left
        to see is left out (one whose children have something maps to [])."""
        open_props = {
            name: [(prop, full) for prop, full in tracked if self._open(full, seen_null, seen_enum)]
            for name, tracked in self.tracked.items()
        }
        alive = {name for name, props in open_props.items() if props}
        changed = True
        while changed:
            changed = False
            for name, children in self.children.items():
                if name not in alive and any(child in alive for _, child in children):
                    alive.add(name)
                    changed = True
        return {name: open_props[name] for name in alive}

    def walk(
        self,
        body: Any,
        root: str,
        seen_null: dict[str, set[bool]],
        seen_enum: dict[str, set[Any]],
        live: dict[str, list[tuple[str, str]]] | None,
    ) -> None:
        """Note what `body` (of schema `root`) shows; `live` limits the walk to what is left to see (None: all)."""
        tracked = self.tracked if live is None else live
        children = self.children
        enums = self.enums
        stack: list[tuple[Any, str]] = [(body, root)]
        while stack:
            value, name = stack.pop()
            if isinstance(value, list):
                stack.extend((item, name) for item in value)
                continue
            if not isinstance(value, dict):
                continue
            for prop, full in tracked[name]:
                if prop in value:
                    found = value[prop]
                    seen_null.setdefault(full, set()).add(found is None)
                    if full in enums and isinstance(found, SCALARS):
                        seen_enum.setdefault(full, set()).add(found)
            for prop, child in children[name]:
                if child in tracked and prop in value:
                    stack.append((value[prop], child))


class _Compiled:
    """What the judge prepares once per spec: Schemathesis' schema, the operations' paths, validators."""

    def __init__(self, spec: Spec, base_url: str) -> None:
        self.spec = spec
        data: dict[str, Any] = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
        data["base-url"] = base_url
        for check in checks.CUSTOM_CHECKS:
            data.setdefault("checks", {}).setdefault(check.__name__, {})["enabled"] = True
        config = schemathesis.Config.from_dict(data)
        # The contract-level spec, as the run loads it (schemathesis_run.schema), without a target's hooks.
        self.schema: BaseSchema = schemathesis.openapi.from_dict(
            copy.deepcopy(spec.contract_level.document), config=config
        )
        checks.reads(self.schema, spec)
        self.routes = [
            # Paths compare as servers route them: case-insensitively (ASP.NET, the vendor's), a trailing slash aside.
            (re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(op.path)) + "/?$", re.I), op)
            for op in spec.operations
        ]
        self.walk = _Walk(spec)
        self._operations: dict[str, APIOperation[Any, Any, Any, Any]] = {}
        # Judges of one spec and upstream share this (and Schemathesis' schema, whose caches are not thread-safe):
        # each judges under it, so judges in several threads (tests serving proxies side by side) stay exact.
        self.lock = threading.Lock()

    def api_operation(self, operation: Operation) -> APIOperation[Any, Any, Any, Any]:
        found = self._operations.get(operation.label)
        if found is None:
            found = self._operations[operation.label] = self.schema[operation.path][operation.method]
        return found

    def match(self, path: str, method: str) -> tuple[Operation | None, bool, dict[str, str]]:
        """The operation a request's path (under the API's prefix) and method call; whether the method is declared;
        the path parameters. A path of an operation with another method gives that operation, not declared."""
        prefix = self.spec.api_prefix
        # Percent-encoded letters route like the letters (`%64rivers` is `drivers` to a server); an encoded slash
        # stays inside its segment.
        path = unquote(path.replace("%2F", "%252F").replace("%2f", "%252f"))
        if not path.lower().startswith(prefix.lower() + "/"):
            return None, False, {}
        rest = path[len(prefix) :]
        at_path: list[tuple[Operation, dict[str, str]]] = []
        for pattern, operation in self.routes:
            matched = pattern.match(rest)
            if matched is not None:
                at_path.append((operation, {k: unquote(v) for k, v in matched.groupdict().items()}))
        for operation, parameters in at_path:
            if operation.method == method.upper():
                return operation, True, parameters
        if at_path:
            return at_path[0][0], False, at_path[0][1]
        return None, False, {}

    def methods_at(self, operation: Operation) -> set[str]:
        return {op.method for op in self.spec.operations if op.path == operation.path}

    @functools.cached_property
    def _request_validators(self) -> dict[str, tuple[jsonschema_rs.Validator, jsonschema_rs.Validator]]:
        found = {}
        for operation in self.spec.operations:
            body = operation.definition.get("requestBody")
            if body is None:
                continue
            written = self.spec.resolve(self.spec.resolve(body)["content"][JSON]["schema"])
            loose_body = self.spec.contract_level.resolve(
                self.spec.contract_level.operation(operation.operation_id).definition["requestBody"]
            )
            loose = self.spec.contract_level.resolve(loose_body["content"][JSON]["schema"])
            found[operation.operation_id] = (_rs_validator(self.spec, written), _rs_validator(self.spec, loose))
        return found

    def body_verdicts(self, operation: Operation, body: Any) -> tuple[bool, str | None]:
        """Whether the spec as written accepts a JSON request body, and why the contract refuses it: when neither
        the spec as written nor the contract-level spec accepts it (their disputed ground is no one's), else None."""
        validators = self._request_validators.get(operation.operation_id)
        if validators is None:
            return True, None
        written, loose = validators
        written_ok = written.is_valid(body)
        if written_ok or loose.is_valid(body):
            return written_ok, None
        error = next(iter(loose.iter_errors(body)))
        return False, f"{'/'.join(map(str, error.instance_path)) or 'body'}: {error.message}"

    @functools.cache  # noqa: B019 - kept as long as the judge, one per operation x status
    def written_validators(
        self, operation: Operation, status: str
    ) -> tuple[jsonschema_rs.Validator, jsonschema_rs.Validator, str] | None:
        """A documented response's schema as written: the fast validator (native formats, integer formats as bounds:
        never looser than the run's), the exact one (every format by the run's own format checker), its pointer."""
        at = _schema_pointer(self.spec, operation, status)
        if at is None:
            return None
        schema = self.spec.resolve(self.spec.resolve(operation.definition["responses"][status])["content"][JSON])
        return _rs_validator(self.spec, schema["schema"]), _rs_validator(self.spec, schema["schema"], exact=True), at


@functools.lru_cache(maxsize=8)
def _compiled(spec: Spec, base_url: str) -> _Compiled:
    """What judges of one spec and upstream share (compiled once: loading the schema takes a second)."""
    return _Compiled(spec, base_url)


def _parse(data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        return NOT_SET


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


@dataclass
class _Seen:
    """A JSON body answered before: its value, the schemas the coverage walked it as, its validity as written."""

    parsed: Any
    walked: set[str] = field(default_factory=set)
    written: dict[str, bool] = field(default_factory=dict)  # "status label" -> valid against the spec as written


class Judge:
    """Judges exchanges one by one against `spec` (the project's by default), counting every evaluation in
    `outcomes` as the contract run counts its own; `grade()` closes them for the reports."""

    def __init__(
        self,
        *,
        base_url: str,
        masker: Callable[[], Masker] | Masker,
        spec: Spec = SPEC,
        strict: bool = False,
        identity: Identity | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.spec = spec
        self.strict = strict
        self._masker: Callable[[], Masker] = (lambda: masker) if isinstance(masker, Masker) else masker
        self.outcomes = Outcomes(identity or Identity(target=self.base_url), _Live(lambda: self._masker()))
        self._compiled = _compiled(spec, self.base_url)
        self._judged = 0
        self._lock = threading.Lock()
        # The last few JSON bodies answered, parsed: an API answers the same bytes again and again (a site read
        # twice), and a body parsed, walked and validated once gives the same results the next time.
        self._bodies: OrderedDict[bytes, _Seen] = OrderedDict()

    def mask(self, text: str) -> str:
        return self._masker()(text)

    # The request ---------------------------------------------------------------------------------

    def _read(self, method: str, path: str, query: str, headers: Iterable[tuple[str, str]], body: bytes) -> _Request:
        compiled, spec = self._compiled, self.spec
        operation, declared, parameters = compiled.match(path, method)
        pairs_ = parse_qsl(query, keep_blank_values=True)
        query_values: dict[str, Any] = {}
        for name, value in pairs_:
            query_values[name] = (
                [*query_values[name], value]
                if isinstance(query_values.get(name), list)
                else ([query_values[name], value] if name in query_values else value)
            )
        kept = {name: value for name, value in headers if name.lower() not in HOP_HEADERS}
        key_header = spec.key_header.lower()
        has_key = any(n.lower() == key_header and v for n, v in kept.items()) or any(
            n.lower() == KEY_QUERY_PARAMETER and v for n, v in pairs_
        )
        problems: list[tuple[str, str]] = []
        parsed: Any = None
        ids: list[Any] | None = None
        non_integer = beyond = False
        written_ok = True
        if operation is not None and declared:
            client_id = spec.client_id_parameter
            if not any(name == client_id and value for name, value in pairs_):
                problems.append(("C-VALIDATION", f"the query has no {client_id}"))
            for value in parameters.values():
                if not re.fullmatch(r"-?[0-9]+", value):
                    non_integer = True
                    problems.append(("C-IDS-INT64", f"the site id {value!r} in the path is not an integer"))
                elif not INT64[0] <= int(value) <= INT64[1]:
                    beyond = True
                    problems.append(("C-IDS-INT64", f"the site id {value} in the path is beyond int64"))
            if "requestBody" in operation.definition:
                parsed = _parse(body) if body.strip() else None
                if parsed is None:
                    problems.append(("C-BODY-REQUIRED", "the request has no body"))
                elif parsed is NOT_SET:
                    parsed = body
                    problems.append(("C-BODY-REQUIRED", "the request body is not JSON"))
                else:
                    found = parsed.get(spec.id_list_property) if isinstance(parsed, dict) else None
                    ids = found if isinstance(found, list) else None
                    written_ok, refused = self._compiled.body_verdicts(operation, parsed)
                    problems += self._body_problems(refused, ids)
                    non_integer = any(not _is_integer(i) for i in ids or [])
                    beyond = any(_is_integer(i) and not INT64[0] <= i <= INT64[1] for i in ids or [])
            elif body:
                parsed = body
        return _Request(
            operation,
            declared,
            parameters,
            query_values,
            kept,
            parsed,
            has_key,
            ids,
            tuple(problems),
            written_ok and not problems,
            non_integer,
            beyond,
        )

    def _body_problems(self, refused: str | None, ids: list[Any] | None) -> list[tuple[str, str]]:
        if refused is None:
            return []
        found: list[tuple[str, str]] = []
        if ids is not None:
            wrong = [i for i in ids if not _is_integer(i)]
            beyond = [i for i in ids if _is_integer(i) and not INT64[0] <= i <= INT64[1]]
            if wrong:
                found.append(("C-IDS-INT64", f"site ids that are not integers: {json.dumps(wrong[:5])}"))
            if beyond:
                found.append(("C-IDS-INT64", f"site ids beyond int64: {beyond[:5]}"))
            if len(ids) > self.spec.max_ids:
                found.append(("C-ID-LIMIT", f"{len(ids)} site ids, more than the {self.spec.max_ids} one call takes"))
        return found or [("C-VALIDATION", f"the body breaks the contract: {refused}")]

    def _case(self, request: _Request, method: str) -> Case[Any]:
        assert request.operation is not None
        api_operation = self._compiled.api_operation(request.operation)
        parts: dict[str, Any] = {}
        if request.body is not None:
            parts = {"body": request.body, "media_type": request.headers.get("content-type", JSON).split(";")[0]}
        return api_operation.Case(
            method=method.upper(),  # type: ignore[arg-type]  # any method a client sent
            path_parameters=request.path_parameters or None,
            query=request.query or None,
            headers=request.headers or None,
            **parts,
        )

    def _curl(self, case: Case[Any] | None) -> str | None:
        if case is None:
            return None
        try:
            return self.mask(case.as_curl_command(headers=dict(case.headers or {})))
        except Exception:  # a request Schemathesis cannot repeat as a curl line keeps its finding
            return None

    def request_findings(
        self, method: str, path: str, query: str, headers: Headers, body: bytes, exchange: str
    ) -> list[Finding]:
        """What a request breaks of the contract by itself (the strict proxy refuses it with 400 before it goes
        upstream): on a path and method of an operation, more than the most ids, ids that are not integers or are
        beyond int64, no body or one that is not JSON on operation 2, a body neither the spec as written nor the
        contract-level spec accepts, no client id. A missing key is not one: 401 is the server's answer to give.
        Counts nothing: `judge` grades the server."""
        with self._compiled.lock:
            request = self._read(method, path, query, headers, body)
            if request.operation is None or not request.declared or not request.problems:
                return []
            curl = self._curl(self._case(request, method))
        label = request.operation.label
        return [
            Finding(requirement, CATALOG[requirement].level, label, exchange, "request", self.mask(what), curl)
            for requirement, what in request.problems
        ]

    # The answer ----------------------------------------------------------------------------------

    def _response(self, exchange: Exchange, content: bytes) -> Response:
        headers: dict[str, list[str]] = {}
        for name, value in exchange.response_headers:
            headers.setdefault(name.lower(), []).append(value)
        sent = requests.PreparedRequest()
        sent.method = exchange.method
        sent.url = (
            self.base_url
            + exchange.path[len(self.spec.api_prefix) :]
            + (f"?{exchange.query}" if exchange.query else "")
        )
        sent.headers = CaseInsensitiveDict(dict(exchange.request_headers))
        content_type = (headers.get("content-type") or [""])[0]
        response = Response(
            int(exchange.status or 0),
            headers,
            content,
            sent,
            exchange.elapsed_ms / 1000,
            True,
            encoding=_charset(content_type),
            content_size=exchange.response_size or len(content),
        )
        if content and (content_type or "").split(";")[0].strip().lower() == JSON:
            seen = self._bodies.get(content)
            if seen is not None:
                self._bodies.move_to_end(content)
                response._deserialized = seen.parsed
            else:
                # The text Schemathesis parses (UTF-8 bytes as they are); a body the fast parser refuses is left to
                # its json.loads, which then says why (the fast parser accepts no JSON that json.loads refuses, and
                # reads the same values: tests/contract/test_traffic_judge.py).
                with contextlib.suppress(ValueError, LookupError):
                    utf8 = (response.encoding or "utf-8").lower().replace("_", "-") in ("utf-8", "utf8")
                    parsed = pydantic_core.from_json(content if utf8 else response.text)
                    response._deserialized = parsed
                    if len(content) <= SEEN_SIZE:
                        self._bodies[content] = _Seen(parsed)
                        if len(self._bodies) > SEEN_BODIES:
                            self._bodies.popitem(last=False)
        return response

    def judge(self, exchange: Exchange) -> list[Finding]:
        """Judge one finished exchange with every check that applies to a single exchange, count each evaluation in
        `outcomes` (passed and failed, per requirement x operation, the first failure's evidence) and in the
        coverage; return the failures as findings."""
        with self._compiled.lock, self._lock:
            return self._judge(exchange)

    def _judge(self, exchange: Exchange) -> list[Finding]:
        request = self._read(
            exchange.method, exchange.path, exchange.query, exchange.request_headers, exchange.request_body
        )
        operation = request.operation
        if operation is None:
            return []  # not an operation of the spec: no requirement applies
        self._judged += 1
        verdicts = _Verdicts(self, exchange, request)
        if not request.declared:
            if exchange.method.upper() not in UNJUDGED_METHODS:
                self._undeclared(verdicts, exchange, operation)
            return verdicts.findings
        if exchange.status is None:
            what = exchange.error or "no answer"
            verdicts.record("C-NO-SERVER-ERROR", False, f"The server did not answer: {what}")
            return verdicts.findings
        kept = exchange.response_body is not None and not any(n.startswith("not validated") for n in exchange.notes)
        response = self._response(exchange, (exchange.response_body or b"") if kept else b"")
        verdicts.response = response
        verdicts.written = self._written(operation, response) if kept else None
        self._run_checks(verdicts, response, kept)
        self._request_requirements(verdicts, request, response)
        self._count(operation, request, response, kept, verdicts)
        return verdicts.findings

    def _undeclared(self, verdicts: _Verdicts, exchange: Exchange, operation: Operation) -> None:
        status = exchange.status
        if status is None or status in SILENT or status >= 500:
            return  # no answer to a method no client should send; a 401 comes before the method
        declared = self._compiled.methods_at(operation)
        allow = {m.strip().upper() for m in (exchange.header("allow") or "").split(",") if m.strip()}
        if status != 405:
            verdicts.record("A-405", False, f"{exchange.method} answered {status}, not 405")
        elif not declared <= allow or allow - declared - set(UNJUDGED_METHODS):
            verdicts.record("A-405", False, f"405 with Allow {sorted(allow)}, not the declared {sorted(declared)}")
        else:
            verdicts.record("A-405", True)

    def _run_checks(self, verdicts: _Verdicts, response: Response, kept: bool) -> None:
        case = verdicts.case
        label = case.operation.label
        schema_check = openapi.response_schema_conformance
        # A JSON body the spec as written takes (by a validator stricter than Schemathesis' in every keyword and
        # format) is one the contract-level spec takes: Schemathesis' check would pass it.
        documented = kept and verdicts.written is not True
        schemathesis_checks = [c for c in RESPONSE_CHECKS if documented or c is not schema_check]
        if kept and not documented:
            verdicts.check(schema_check.__name__, None)
        try:
            case.validate_response(response, checks=schemathesis_checks)
            failed = False
        except FailureGroup:
            failed = True
        except Exception:  # one by one below: the check that cannot read the answer is named
            failed = True
        for check in schemathesis_checks:
            evidence = None
            if failed:
                try:
                    case.validate_response(response, checks=[check])
                except FailureGroup as failures:
                    first = failures.exceptions[0]
                    message = "\n".join(f"{f.title}\n{f.message}" for f in failures.exceptions)
                    evidence = verdicts.evidence(message, location(label, first, response.status_code))
                except Exception as error:  # an answer a check cannot read fails it
                    evidence = verdicts.evidence(f"{check.__name__} could not read the answer: {error}")
            verdicts.check(check.__name__, evidence)
        if not kept:
            return
        for custom in checks.CUSTOM_CHECKS:
            evidence = None
            try:
                if custom(None, response, case) is True:  # type: ignore[arg-type]
                    continue  # not about this answer
            except AssertionError as error:
                evidence = verdicts.evidence(str(error))
            verdicts.check(custom.__name__, evidence)

    def _request_requirements(self, verdicts: _Verdicts, request: _Request, response: Response) -> None:
        status = response.status_code
        kinds = {requirement for requirement, _ in request.problems}
        clean = request.written_ok  # nothing any reading refuses: only the key or the sites can be wrong
        if status in SILENT or status >= 500:
            if not request.has_key and status == 401:
                verdicts.record("C-AUTH", True)
            return  # a 401 answers the key first, a 408 or 429 the load; a 5xx fails C-NO-SERVER-ERROR alone
        if not request.has_key and (200 <= status < 300 or clean):
            verdicts.record("C-AUTH", False, f"a request without a key was answered {status}, not 401")
        refused = status == 400
        if "C-BODY-REQUIRED" in kinds:
            verdicts.record("C-BODY-REQUIRED", refused, None if refused else f"answered {status}, not 400")
        if request.non_integer:
            verdicts.record("C-IDS-INT64", refused, None if refused else f"answered {status}, not 400")
        elif request.beyond_int64:
            documented = {int(s) for s in verdicts.operation.statuses if s.startswith("4") and s != "401"}
            ok = status in documented
            verdicts.record("C-IDS-INT64", ok, None if ok else f"answered {status}, not a documented 4xx")
            verdicts.record("A-INT64-400", refused, None if refused else f"answered {status}, not 400")
        if "C-VALIDATION" in kinds:
            ok = 400 <= status < 500
            verdicts.record("C-VALIDATION", ok, None if ok else f"a request the contract refuses was answered {status}")
        ids = request.ids
        if (
            ids is None
            or request.non_integer
            or request.beyond_int64
            or verdicts.operation != self.spec.drivers_for_sites
        ):
            return
        most = self.spec.max_ids
        if len(ids) > most:
            verdicts.record(
                "C-ID-LIMIT", refused, None if refused else f"{len(ids)} site ids answered {status}, not 400"
            )
            return
        if not ids:
            verdicts.record(
                "A-EMPTY-LIST-400", refused, None if refused else f"an empty list answered {status}, not 400"
            )
            return
        allowed = clean and request.has_key
        if status in (200, 404) or (allowed and refused and len(set(map(repr, ids))) == len(ids)):
            verdicts.record(
                "C-ID-LIMIT", not refused, f"{len(ids)} site ids (at most {most}) answered 400" if refused else None
            )
        if len(set(map(repr, ids))) < len(ids):
            if status == 200:
                body = response._deserialized if response._deserialized is not NOT_SET else _parse(response.content)
                answered = [e.get("groupId") for e in body if isinstance(e, dict)] if isinstance(body, list) else []
                twice = sorted({repr(i) for i in answered if answered.count(i) > 1})
                verdicts.record(
                    "A-DUPLICATES-ONCE", not twice, f"sites answered more than once: {twice[:5]}" if twice else None
                )
            elif refused and allowed:  # the spec as written takes repeated ids
                verdicts.record("A-DUPLICATES-ONCE", False, "repeated site ids answered 400")

    def _count(
        self, operation: Operation, request: _Request, response: Response, kept: bool, verdicts: _Verdicts
    ) -> None:
        """The coverage (as `Coverage.answered`), and A-INFERRED-TYPES on a 200 body of the documented shape."""
        coverage = self.outcomes.coverage
        status = response.status_code
        coverage.statuses.setdefault(operation.label, Counter())[status] += 1
        if operation == self.spec.drivers_for_sites and isinstance(request.body, dict):
            ids = request.body.get(self.spec.id_list_property)
            if isinstance(ids, list):
                coverage.id_lists.setdefault(len(ids), Counter())[status] += 1
        if status != 200 or not kept:
            return
        body = response._deserialized
        if body is NOT_SET:
            body = _parse(response.content)
            if body is NOT_SET:
                return  # not JSON: C-SCHEMA says so
        documented = verdicts.passed("C-SCHEMA") and checks._content_type(response) == JSON
        walk = self._compiled.walk
        root = walk.root(self.spec.response_schema(operation.operation_id))
        seen = self._bodies.get(response.content)
        if root is not None and (seen is None or root not in seen.walked):
            # The same body walked again would note nothing new: it is walked once while remembered.
            live = walk.live(coverage.nullable_seen, coverage.enums_seen) if documented else None
            if live is None or root in live:
                walk.walk(body, root, coverage.nullable_seen, coverage.enums_seen, live)
            if seen is not None:
                seen.walked.add(root)
        if documented:
            self._inferred_types(verdicts, operation, body)

    def _written(self, operation: Operation, response: Response) -> bool | None:
        """Whether the fast validator of the spec as written takes a JSON answer (never looser than the run's
        validator: what it takes, the run's takes); None when it does not apply (no schema, not JSON)."""
        compiled = self._compiled.written_validators(operation, str(response.status_code))
        body = response._deserialized
        if compiled is None or body is NOT_SET or checks._content_type(response) != JSON:
            return None
        seen, key = self._bodies.get(response.content), f"{response.status_code} {operation.label}"
        if seen is not None and key in seen.written:
            return seen.written[key]
        valid = compiled[0].is_valid(body)
        if seen is not None:
            seen.written[key] = valid
        return valid

    def _inferred_types(self, verdicts: _Verdicts, operation: Operation, body: Any) -> None:
        compiled = self._compiled.written_validators(operation, "200")
        if compiled is None:
            return
        _, exact, at = compiled
        # What the fast validator refuses, the exact one (the run's formats) decides, and says which keyword.
        if verdicts.written is True or exact.is_valid(body):
            verdicts.record("A-INFERRED-TYPES", True)
            return

        def keyword(error: jsonschema_rs.ValidationError) -> str:
            path = ["format" if part == FORMAT_KEYWORD else str(part) for part in error.schema_path]
            if path[:2] == ["components", "schemas"]:
                return f"{SPEC_FILENAME}#{pointer(*path)}"
            return f"{SPEC_FILENAME}#{at}{pointer(*path)}"

        errors = list(itertools.islice(exact.iter_errors(body), 5))
        lines = [
            f"{'/'.join(map(str, e.instance_path)) or 'body'}: {e.message} "
            f"(keyword {keyword(e).rsplit('/', 1)[-1]} at {keyword(e)})"
            for e in errors
        ]
        verdicts.record(
            "A-INFERRED-TYPES",
            False,
            "the 200 body breaks the spec's inferred types:\n" + "\n".join(lines),
            keyword(errors[0]) if errors else None,
        )

    # The verdict ---------------------------------------------------------------------------------

    def grade(self) -> Grade:
        """The outcomes so far, closed for reporting at the judge's strictness: what a single exchange cannot show
        skipped with where it is checked, what no judged exchange applied to skipped so; no verdict when no
        exchange was judged. The judge goes on counting: a later grade sees later exchanges."""
        with self._lock:
            live = self.outcomes
            closed = Outcomes(
                live.identity,
                live.masker,
                {key: replace(tally, tests=list(tally.tests)) for key, tally in live.tallies.items()},
                live.coverage,
                list(live.errors),
            )
            if not self._judged:
                closed.error(NO_JUDGED)
            for requirement, operation in pairs():
                tally = closed.tally(requirement.id, operation)
                if not (tally.passed or tally.failed or tally.skipped):
                    closed.skip(requirement.id, operation, BEYOND_ONE_EXCHANGE.get(requirement.id, NO_EXCHANGE))
            return Grade(closed, self.strict)


class _Verdicts:
    """The evaluations of one exchange: counted in the judge's outcomes as they come, failures kept as findings."""

    def __init__(self, judge: Judge, exchange: Exchange, request: _Request) -> None:
        assert request.operation is not None
        self.judge = judge
        self.exchange = exchange
        self.request = request
        self.operation = request.operation
        self.label = request.operation.label
        self.response: Response | None = None
        self.written: bool | None = None  # the fast validator of the spec as written takes the JSON answer
        self.findings: list[Finding] = []
        self._case: Case[Any] | None = None
        self._results: dict[str, bool] = {}

    @property
    def case(self) -> Case[Any]:
        if self._case is None:
            self._case = self.judge._case(self.request, self.exchange.method)
        return self._case

    def evidence(self, message: str, where: str | None = None) -> Evidence:
        curl = self.judge._curl(self.case)
        return Evidence.of(message, curl, self.response, where or location(self.label))

    def passed(self, requirement: str) -> bool:
        return self._results.get(requirement, False)

    def check(self, name: str, evidence: Evidence | None) -> None:
        """One check's result, graded under the requirement it verifies."""
        self.judge.outcomes.record_check(name, self.label, evidence is None, evidence)
        requirement = next((r for r in CATALOG.values() if name in r.check_names), None)
        if requirement is None:
            return
        self._results[requirement.id] = self._results.get(requirement.id, True) and evidence is None
        if evidence is not None:
            self._finding(requirement.id, evidence)

    def record(self, requirement: str, passed: bool, message: str | None = None, where: str | None = None) -> None:
        """One evaluation of a requirement on this exchange's operation."""
        if passed:
            self.judge.outcomes.record(requirement, self.label, True)
            self._results.setdefault(requirement, True)
            return
        evidence = self.evidence(message or "failed", where)
        self.judge.outcomes.record(requirement, self.label, False, evidence)
        self._results[requirement] = False
        self._finding(requirement, evidence)

    def _finding(self, requirement: str, evidence: Evidence) -> None:
        mask = self.judge.mask
        self.findings.append(
            Finding(
                requirement,
                CATALOG[requirement].level,
                self.label,
                self.exchange.id,
                "response",
                mask(evidence.message),
                None if evidence.curl is None else mask(evidence.curl),
            )
        )
