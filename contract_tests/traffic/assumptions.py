"""Evidence from recorded traffic for the spec's assumed readings: for each assumed requirement of the catalog and
each keyword `x-provenance` annotates, whether the traffic confirms it, contradicts it or did not observe it.

Traffic alone decides: nothing is sent, nothing is known of the server but what the recordings hold. A recording
names each key as "key <n>" (`Exchange.credential`), so a *customer* is a key with the client id it was sent with,
within one recording; a customer is *good* when it got a 200 somewhere in the recording (its key and client id were
accepted), and a site is *read* by a customer when one of its 200 bodies holds it (operation 1's site and subsites,
operation 2's entries). A site no customer of the recording read stands for a missing site; one read by another
customer, for a foreign site. Answers that say nothing of the reading are left out of every count: 429, 408, 5xx,
no answer, and a customer that never got a 200 (its key may be wrong). The rules, per requirement:

- A-MISSING-SITE-400: operation 1, a good customer, a site id that is an int64 no customer read: an answer with the
  spec's `x-missing-site-status` confirms; any other 4xx contradicts (seen: its status and error code).
- A-FOREIGN-LIKE-MISSING: a good customer asks for a site only another customer read (operation 1; operation 2
  with only such sites): the same status and error code as that customer's answers for missing sites confirms (for
  a customer with none recorded: the spec's missing-site status on operation 1, 404 on operation 2); anything else,
  a 200 above all, contradicts.
- A-CLIENT-ID-BOUND: a key that got a 200 with one client id, sent with another: 401 confirms, 200 contradicts.
- A-EMPTY-LIST-400: operation 2, a good customer, a body whose id list is empty: 400 confirms, anything else but
  401 contradicts.
- A-DUPLICATES-ONCE: operation 2, a good customer, an id list with a repeated id: a 200 naming each site at most
  once confirms; a site named twice, or a 400, contradicts.
- A-INT64-400: a site id beyond int64 (operation 1's path, operation 2's list), a good customer: 400 confirms,
  any other 4xx contradicts.
- A-ERROR-BODY: every documented 400, 401 and 404: a JSON body that holds the `Error` schema confirms; no body,
  not JSON, or missing fields contradicts.
- A-405: a method no operation of a documented path declares (HEAD and OPTIONS left out: HTTP and CORS give them
  meanings of their own): 405 with an Allow header naming exactly the declared methods confirms; anything else
  contradicts.
- A-INFERRED-TYPES and every schema keyword annotated by `x-provenance` (type, format, the pseudo-keyword
  nullable, Error's required): each instance the 200 bodies (and error bodies, for `Error`) hold at the keyword's
  schema location is checked against the keyword alone (`Spec.keyword_validator`): valid confirms, invalid
  contradicts. A-INFERRED-TYPES is contradicted when one of its keywords is. The `content` of an error response
  (A-ERROR-BODY): an answer of that response's status with a JSON body confirms, one without contradicts.
- Any other annotated keyword (minItems, uniqueItems, x-missing-site-status) is the requirement it names: its
  verdict and counts are that requirement's.

A contradiction comes with up to five sample exchanges (`<recording>#<id>` when several recordings are read) and
what was seen instead; `contract_tests.traffic.overlay` turns each into a proposed change of the spec.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from contract_tests.requirements import CATALOG, Level
from contract_tests.traffic.exchange import Exchange, read
from emabler_spec import NULLABLE, SPEC, Operation, Provenance, Spec, pointer, ref_name

CONFIRMED, CONTRADICTED, NOT_OBSERVED = "confirmed", "contradicted", "not observed"
SAMPLES = 5  # sample exchanges (and distinct things seen) kept per finding
INT64 = range(-(2**63), 2**63)
NOT_ABOUT_THE_READING = {408, 429}  # a client's pace or patience, not an answer about the request's content
IGNORED_METHODS = {"HEAD", "OPTIONS"}  # HTTP (HEAD as GET) and CORS preflights give these meanings of their own
Customer = tuple[int, str, str]  # (recording, credential, client id)
_NO_JSON = object()


@dataclass
class Tally:
    """What the traffic showed about one reading: how many exchanges agree, and which did not, with what."""

    confirmed: int = 0
    contradicted: int = 0
    samples: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)  # of the contradicting answers

    def confirm(self) -> None:
        self.confirmed += 1

    def contradict(self, ref: str, seen: str, status: int | None = None) -> None:
        self.contradicted += 1
        if status is not None:
            self.statuses[status] += 1
        if ref not in self.samples and len(self.samples) < SAMPLES:
            self.samples.append(ref)
        if seen not in self.seen and len(self.seen) < SAMPLES:
            self.seen.append(seen)

    def add(self, other: Tally) -> None:
        self.confirmed += other.confirmed
        for ref in other.samples:
            if ref not in self.samples and len(self.samples) < SAMPLES:
                self.samples.append(ref)
        for seen in other.seen:
            if seen not in self.seen and len(self.seen) < SAMPLES:
                self.seen.append(seen)
        self.contradicted += other.contradicted
        self.statuses.update(other.statuses)

    @property
    def verdict(self) -> str:
        return CONTRADICTED if self.contradicted else CONFIRMED if self.confirmed else NOT_OBSERVED


@dataclass(frozen=True)
class Finding:
    """The verdict of the traffic on one assumed requirement or one annotated keyword."""

    subject: str  # the requirement's id, or `<where> <keyword>` (`Charger.evseId nullable`)
    requirement: str  # the assumed requirement (the subject itself for a requirement)
    rule: str  # how the traffic decides, in a line
    tally: Tally
    keyword: Provenance | None = None  # the annotated keyword, for a keyword's finding

    @property
    def verdict(self) -> str:
        return self.tally.verdict

    @property
    def name(self) -> str:
        """A file name for its proposal: the subject with its spaces as dots."""
        return re.sub(r"[^A-Za-z0-9._-]+", ".", self.subject)

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "kind": "keyword" if self.keyword else "requirement",
            "requirement": self.requirement,
            "verdict": self.verdict,
            "confirmed": self.tally.confirmed,
            "contradicted": self.tally.contradicted,
            "samples": self.tally.samples,
            "seen": self.tally.seen,
            "rule": self.rule,
            **({"pointer": self.keyword.pointer, "keyword": self.keyword.keyword} if self.keyword else {}),
        }


# Reading an exchange -------------------------------------------------------------------------------------------


def _template(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", path)
    return re.compile(
        "(?:.*)"  # any base path before the operation's path (the proxy's /api, a gateway's prefix)
        + "".join(f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part) for part in parts)
        + "/?$"
    )


@dataclass(frozen=True)
class Seen:
    """One exchange as the rules read it."""

    ref: str
    exchange: Exchange
    path: str | None  # the spec's path it asks for (None: no documented path)
    operation: Operation | None  # None: no documented path, or a method the path does not declare
    parameters: dict[str, str]
    customer: Customer | None
    body: Any  # the answer's JSON (_NO_JSON when there is none)
    site_ids: list[Any] | None  # operation 1's path parameter (an int when it is one), operation 2's list of ids

    @property
    def kept(self) -> bool:
        """False when the recording did not keep the answer's body (too large): nothing is judged of it."""
        return self.exchange.response_body is not None

    @property
    def status(self) -> int | None:
        return self.exchange.status

    def what(self) -> str:
        """What the answer was, shortly: the status, the content type and the error code when there is one."""
        if self.status is None:
            return f"no answer ({self.exchange.error})"
        code = self.body.get("errorCode") if isinstance(self.body, dict) else None
        content = (self.exchange.header("content-type") or "no content type").split(";")[0]
        body = "no body" if not self.exchange.response_body else content
        return f"{self.status} {code}" if code else f"{self.status} ({body})"


def _json(data: bytes | None) -> Any:
    if not data:
        return _NO_JSON
    try:
        return json.loads(data)
    except ValueError:
        return _NO_JSON


class Traffic:
    """Every exchange of the recordings, read once, with what the rules share: customers, the sites they read."""

    def __init__(self, recordings: Iterable[tuple[str, Iterable[Exchange]]], spec: Spec = SPEC) -> None:
        self.spec = spec
        self.templates = {op.path: _template(op.path) for op in spec.operations}
        self.seen: list[Seen] = []
        named = list(recordings)
        for index, (label, exchanges) in enumerate(named):
            for exchange in exchanges:
                ref = f"{label}#{exchange.id}" if len(named) > 1 else exchange.id
                self.seen.append(self._read(index, ref, exchange))
        self.good: set[Customer] = {s.customer for s in self.seen if s.customer and s.status == 200 and s.operation}
        self.read_by: dict[Customer, set[int]] = defaultdict(set)
        for each in self.seen:
            if each.customer and each.status == 200 and each.operation:
                self.read_by[each.customer] |= set(self._answered_sites(each))
        self.read_by_anyone = {site for sites in self.read_by.values() for site in sites}

    def _read(self, index: int, ref: str, exchange: Exchange) -> Seen:
        path, parameters, operation = None, {}, None
        for template, pattern in self.templates.items():
            if match := pattern.match(exchange.path):
                path, parameters = template, {k: unquote(v) for k, v in match.groupdict().items()}
                break
        for op in self.spec.operations:
            if op.path == path and op.method == exchange.method.upper():
                operation = op
        client_id = dict(exchange.query_parameters).get(self.spec.client_id_parameter, "")
        customer = (index, exchange.credential, client_id) if exchange.credential else None
        body = _json(exchange.response_body)
        return Seen(
            ref, exchange, path, operation, parameters, customer, body, self._site_ids(operation, parameters, exchange)
        )

    def _site_ids(
        self, operation: Operation | None, parameters: dict[str, str], exchange: Exchange
    ) -> list[Any] | None:
        """Operation 1's site (its one path parameter, an int when it is plain digits), operation 2's list of ids."""
        if operation is None:
            return None
        if parameters:
            (text,) = parameters.values()
            return [int(text)] if re.fullmatch(r"-?[0-9]+", text) else [text]
        request = _json(exchange.request_body)
        ids = request.get(self.spec.id_list_property) if isinstance(request, dict) else None
        return ids if isinstance(ids, list) else None

    def _answered_sites(self, each: Seen) -> Iterator[int]:
        """The sites a 200 names: objects of the response's own schema (operation 1's site and its subsites, which
        are of the same schema; operation 2's entries), by their site property as the suite's asked_sites reads it."""
        assert each.operation is not None
        schema = self.spec.response_schema(each.operation.operation_id)
        own = _component(schema.get("items", schema))
        wanted = "id" if each.operation == self.spec.home_site else "groupId"
        for owner, prop, value in self.spec.property_values(each.body, schema):
            if owner == own and prop == wanted and type(value) is int:
                yield value

    def of(self, operation: Operation) -> Iterator[Seen]:
        return (s for s in self.seen if s.operation == operation)

    def answered(self, each: Seen) -> bool:
        """True when the answer says something of the request: a 2xx to 4xx status not about pace or patience."""
        return each.status is not None and each.status < 500 and each.status not in NOT_ABOUT_THE_READING

    def by_good_customer(self, each: Seen) -> bool:
        return each.customer in self.good and self.answered(each)


def _component(schema: dict[str, Any]) -> str:
    return ref_name(str(schema.get("$ref", "")))


# The rules ----------------------------------------------------------------------------------------------------


def _missing_site(traffic: Traffic) -> Tally:
    tally, expected = Tally(), traffic.spec.missing_site_status
    for each in traffic.of(traffic.spec.home_site):
        ids = each.site_ids or []
        if not (traffic.by_good_customer(each) and ids and type(ids[0]) is int and ids[0] in INT64):
            continue
        if ids[0] in traffic.read_by_anyone:
            continue  # a site that exists (someone read it): not a missing one
        assert each.status is not None
        if each.status == expected:
            tally.confirm()
        elif 400 <= each.status < 500:
            tally.contradict(each.ref, each.what(), each.status)
    return tally


def _missing_answers(traffic: Traffic) -> dict[tuple[Customer, str], Counter[tuple[int | None, Any]]]:
    """Each customer's answers, per operation, for sites no customer read."""
    found: dict[tuple[Customer, str], Counter[tuple[int | None, Any]]] = defaultdict(Counter)
    for each in traffic.seen:
        ids = each.site_ids
        unread = ids and all(type(i) is int and i in INT64 and i not in traffic.read_by_anyone for i in ids)
        if each.operation and each.customer and unread and traffic.by_good_customer(each):
            found[each.customer, each.operation.operation_id][each.status, _code(each)] += 1
    return found


def _code(each: Seen) -> Any:
    return each.body.get("errorCode") if isinstance(each.body, dict) else None


def _foreign_site(traffic: Traffic) -> Tally:
    tally, missing = Tally(), _missing_answers(traffic)
    for each in traffic.seen:
        ids, customer = each.site_ids, each.customer
        if not (each.operation and customer and ids and traffic.by_good_customer(each)):
            continue
        own = traffic.read_by[customer]
        others = {site for c, sites in traffic.read_by.items() if c[:2] != customer[:2] for site in sites}
        if not all(type(i) is int and i in others and i not in own for i in ids):
            continue
        like = missing.get((customer, each.operation.operation_id))
        if like:
            agrees = (each.status, _code(each)) == like.most_common(1)[0][0]
        else:
            status = traffic.spec.missing_site_status if each.operation == traffic.spec.home_site else 404
            agrees = each.status == status
        if agrees:
            tally.confirm()
        else:
            tally.contradict(each.ref, f"{each.what()} for another customer's site", each.status)
    return tally


def _client_id_bound(traffic: Traffic) -> Tally:
    tally = Tally()
    first: dict[tuple[int, str], str] = {}  # each key's first client id accepted with a 200
    for each in traffic.seen:
        if each.customer and each.operation and each.status == 200:
            first.setdefault((each.customer[0], each.customer[1]), each.customer[2])
    for each in traffic.seen:
        if not (each.operation and each.customer and traffic.answered(each)):
            continue
        index, credential, client_id = each.customer
        bound = first.get((index, credential))
        if bound is None or client_id == bound:
            continue
        if each.status == 401:
            tally.confirm()
        elif each.status == 200:
            seen = f"200 for {credential} with client id {client_id!r}, accepted with {bound!r} too"
            tally.contradict(each.ref, seen, each.status)
    return tally


def _drivers_for_sites(traffic: Traffic, wanted: Callable[[list[Any]], bool]) -> Iterator[Seen]:
    """Operation 2's exchanges by a good customer whose id list is `wanted`."""
    for each in traffic.of(traffic.spec.drivers_for_sites):
        ids = each.site_ids
        if ids is not None and traffic.by_good_customer(each) and wanted(ids):
            yield each


def _empty_list(traffic: Traffic) -> Tally:
    tally = Tally()
    for each in _drivers_for_sites(traffic, lambda ids: ids == []):
        if each.status == 400:
            tally.confirm()
        elif each.status != 401:
            tally.contradict(each.ref, f"{each.what()} for an empty list", each.status)
    return tally


def _duplicates(traffic: Traffic) -> Tally:
    tally = Tally()
    repeated = lambda ids: len(ids) != len({json.dumps(i) for i in ids})  # noqa: E731 - one use
    for each in _drivers_for_sites(traffic, repeated):
        if each.status == 200:
            answered = Counter(traffic._answered_sites(each))
            twice = [site for site, count in answered.items() if count > 1]
            if twice:
                tally.contradict(each.ref, f"200 naming site {twice[0]} {answered[twice[0]]} times", 200)
            else:
                tally.confirm()
        elif each.status == 400:
            tally.contradict(each.ref, f"{each.what()} for repeated ids", each.status)
    return tally


def _int64(traffic: Traffic) -> Tally:
    tally = Tally()
    for each in traffic.seen:
        ids = each.site_ids
        if not (ids and each.operation and traffic.by_good_customer(each)):
            continue
        if not any(type(i) is int and i not in INT64 for i in ids):
            continue
        assert each.status is not None
        if each.status == 400:
            tally.confirm()
        elif 400 <= each.status < 500 or each.status == 200:
            tally.contradict(each.ref, f"{each.what()} for an id beyond int64", each.status)
    return tally


def _error_body(traffic: Traffic) -> Tally:
    tally = Tally()
    validator = traffic.spec.component_validator(ERROR)
    for each in traffic.seen:
        if each.operation is None or each.status is None or str(each.status) not in each.operation.statuses:
            continue
        if each.status < 400 or not each.kept:
            continue
        if each.body is _NO_JSON:
            tally.contradict(each.ref, each.what(), each.status)
        elif problems := [error.message for error in validator.iter_errors(each.body)][:1]:
            tally.contradict(each.ref, f"{each.status}: {problems[0]}", each.status)
        else:
            tally.confirm()
    return tally


def _undeclared_methods(traffic: Traffic) -> Tally:
    tally = Tally()
    for each in traffic.seen:
        method = each.exchange.method.upper()
        if each.path is None or each.operation is not None or method in IGNORED_METHODS or each.status is None:
            continue
        declared = {op.method for op in traffic.spec.operations if op.path == each.path}
        allow = {m.strip().upper() for m in (each.exchange.header("allow") or "").split(",") if m.strip()}
        if each.status == 405 and declared <= allow <= declared | IGNORED_METHODS:
            tally.confirm()
        elif each.status not in NOT_ABOUT_THE_READING and each.status < 500:
            shown = f"405 with Allow {sorted(allow)}" if each.status == 405 else each.what()
            tally.contradict(each.ref, f"{shown} for {method}", each.status)
    return tally


RULES = {
    "A-MISSING-SITE-400": (
        _missing_site,
        "operation 1, a good customer, an int64 site no customer read: the spec's missing-site status confirms, "
        "another 4xx contradicts",
    ),
    "A-FOREIGN-LIKE-MISSING": (
        _foreign_site,
        "a site only another customer read: answered like that customer's missing sites confirms",
    ),
    "A-CLIENT-ID-BOUND": (
        _client_id_bound,
        "a key accepted with one client id, sent with another: 401 confirms, 200 contradicts",
    ),
    "A-EMPTY-LIST-400": (_empty_list, "operation 2, an empty id list: 400 confirms, another answer contradicts"),
    "A-DUPLICATES-ONCE": (
        _duplicates,
        "operation 2, a repeated id: a 200 naming each site once confirms; twice, or a 400, contradicts",
    ),
    "A-INT64-400": (_int64, "a site id beyond int64: 400 confirms, another 4xx or a 200 contradicts"),
    "A-ERROR-BODY": (_error_body, "each documented 4xx: a JSON Error body confirms, anything else contradicts"),
    "A-405": (_undeclared_methods, "an undeclared method: 405 with Allow naming the declared ones confirms"),
}


# Keywords -----------------------------------------------------------------------------------------------------

SCHEMA_KEYWORDS = ("A-INFERRED-TYPES", "A-ERROR-BODY")  # requirements whose keywords are judged on instances
ERROR = "Error"  # the error bodies' schema, as the suite's error_body check names it


def _where(entry: Provenance) -> str:
    """A keyword's place, as a person names it: `Charger.evseId`, `GroupType`, `responses.BadRequest`, `GET /...`."""
    parts = [part.replace("~1", "/").replace("~0", "~") for part in entry.pointer.split("/")[1:]]
    if parts[:2] == ["components", "schemas"]:
        return ".".join(p for p in parts[2:] if p != "properties")
    if parts[:1] == ["paths"]:
        return f"{parts[2].upper()} {parts[1]}" + "".join(f".{p}" for p in parts[3:])
    return ".".join(parts[1:])


def _instances(traffic: Traffic) -> dict[str, list[tuple[str, Any]]]:
    """For each schema node an annotation is on (by JSON pointer), the values the answers hold there: a property's
    values, a component's wherever a property refers to it, and the error bodies for `Error`."""
    spec = traffic.spec
    nodes = {entry.pointer: spec.node(entry.pointer) for entry in spec.provenance}
    found: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for each in traffic.seen:
        if each.operation is None or each.body is _NO_JSON or each.status is None:
            continue
        if each.status == 200:
            walked = spec.property_values(each.body, spec.response_schema(each.operation.operation_id))
        elif str(each.status) in each.operation.statuses and each.status >= 400:
            walked = spec.property_values(each.body, ERROR)
            found.update(
                {at: [*found[at], (each.ref, each.body)] for at, node in nodes.items() if node is spec.schemas[ERROR]}
            )
        else:
            continue
        for owner, prop, value in walked:
            schema = spec.schemas[owner]["properties"][prop]
            at = pointer("components", "schemas", owner, "properties", prop)
            if at in nodes:
                found[at].append((each.ref, value))
            if "$ref" in schema:
                found.update(
                    {ref: [*found[ref], (each.ref, value)] for ref, n in nodes.items() if n is spec.resolve(schema)}
                )
    return found


def _content(traffic: Traffic, entry: Provenance) -> Tally:
    """An error response's `content` keyword: its status answered with a JSON body, or without one."""
    tally, response = Tally(), traffic.spec.node(entry.pointer)
    for each in traffic.seen:
        if each.operation is None or each.status is None or str(each.status) not in each.operation.statuses:
            continue
        if traffic.spec.resolve(each.operation.definition["responses"][str(each.status)]) is not response:
            continue
        if not each.kept:
            continue
        if each.body is _NO_JSON:
            tally.contradict(each.ref, each.what())
        else:
            tally.confirm()
    return tally


def _shown(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _keyword(traffic: Traffic, entry: Provenance, instances: list[tuple[str, Any]]) -> Tally:
    if entry.keyword == "content":
        return _content(traffic, entry)
    tally, validator = Tally(), traffic.spec.keyword_validator(entry.pointer, entry.keyword)
    for ref, value in instances:
        if validator.is_valid(value):
            tally.confirm()
        else:
            tally.contradict(ref, "null" if value is None and entry.keyword == NULLABLE else _shown(value))
    return tally


def evidence(traffic: Traffic) -> list[Finding]:
    """Every assumed requirement (catalog order), then every annotated keyword (document order), with its verdict."""
    by_requirement: dict[str, Tally] = {rid: rule(traffic) for rid, (rule, _) in RULES.items()}
    instances = _instances(traffic)
    keywords: list[Finding] = []
    for entry in traffic.spec.provenance:
        subject = f"{_where(entry)} {entry.keyword}"
        if entry.requirement in SCHEMA_KEYWORDS:
            tally = _keyword(traffic, entry, instances.get(entry.pointer, []))
            rule = "each instance at this schema location, checked against the keyword alone"
            if entry.keyword == "content":
                rule = "each answer of this response's status: a JSON body confirms, none contradicts"
        else:
            tally = by_requirement.get(entry.requirement, Tally())
            rule = f"the verdict of {entry.requirement}"
        keywords.append(Finding(subject, entry.requirement, rule, tally, entry))
    inferred = Tally()
    for finding in keywords:
        if finding.requirement == "A-INFERRED-TYPES":
            inferred.add(finding.tally)
    by_requirement["A-INFERRED-TYPES"] = inferred
    requirements = [
        Finding(
            rid,
            rid,
            RULES[rid][1] if rid in RULES else "each of its keywords, on the instances the answers hold",
            by_requirement.get(rid, Tally()),
        )
        for rid, requirement in CATALOG.items()
        if requirement.level is Level.ASSUMED
    ]
    return requirements + keywords


def read_recordings(paths: list[Path], spec: Spec = SPEC) -> Traffic:
    """The traffic of recordings; RecordingError (one line) for a file that is not one."""
    return Traffic([(path.name, list(read(path))) for path in paths], spec)
