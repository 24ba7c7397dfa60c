"""The proxy in observe mode hands a client what upstream sent, byte for byte, for every behaviour of the mock.

The harness here (the proxy served in a thread as its command serves it; a fixed set of probes sent raw, with only
the headers a probe names, so that an echoing server sees the same request going direct and through the proxy; each
answer reduced to what a client received) is shared with test_proxy_modes.py."""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn

from contract_tests.proxy.forward import Judging, Mode, Proxy
from contract_tests.proxy.serve import Options, config, listen, session
from contract_tests.traffic.exchange import Exchange, Headers, Keys, Recorder
from contract_tests.traffic.judge import BEYOND_ONE_EXCHANGE, Judge
from emabler_spec import SPEC
from mock_server import CATALOG, CLEAN, Behaviour, Kind, create_app
from mock_server.data import build_dataset
from mock_server.launch import uvicorn_in_thread

DATA = build_dataset().tenants
OWN, OTHER = DATA[0], DATA[1]
KEY, CLIENT = OWN.tenant.api_key, OWN.tenant.client_id
# Sites without subsites, the smallest answers first: every fault shows on a small body as on a large one, and a
# body that breaks the schema costs its judge the run's own (slow) validator.
LEAVES = [site.id for site in sorted(OWN.sites.values(), key=lambda site: len(site.chargers)) if not site.children]
SITE = LEAVES[0]
# Headers a server sets anew on each answer: the time, a request id some scenarios stamp, a Retry-After date.
VOLATILE = frozenset({"date", "x-request-id", "retry-after"})


@dataclass(frozen=True)
class Probe:
    name: str
    method: str
    path: str
    key: str | None = KEY
    body: bytes | None = None
    query: str = f"{SPEC.client_id_parameter}={CLIENT}"

    def request(self, base: str) -> httpx.Request:
        headers = [("accept", "application/json")]
        if self.key is not None:
            headers.append((SPEC.key_header, self.key))
        if self.body is not None:
            headers.append(("content-type", "application/json"))
        return httpx.Request(self.method, f"{base}{self.path}?{self.query}", headers=headers, content=self.body)


# The demo customer's small sites, then ids of no site: a request of the most ids, all distinct.
SITES = [*LEAVES, *range(424200, 424200 + SPEC.max_ids + 1)]


def _ids(count: int, repeated: int = 1) -> bytes:
    ids = [site for site in SITES[:count] for _ in range(repeated)]
    return ("{" + f'"groupIds": [{", ".join(map(str, ids))}]' + "}").encode()


HOME = SPEC.home_site.url_path(siteId=SITE)
BATCH = SPEC.drivers_for_sites.path
PROBES: tuple[Probe, ...] = (
    Probe("own site", "GET", HOME),
    # Another site: a mock that counts distinct requests takes HEAD for GET, and the probes go at once, in no order.
    Probe("own site, HEAD", "HEAD", SPEC.home_site.url_path(siteId=LEAVES[1])),
    Probe("missing site", "GET", SPEC.home_site.url_path(siteId=424242)),
    Probe("foreign site", "GET", SPEC.home_site.url_path(siteId=OTHER.roots[0].id)),
    Probe("no key", "GET", HOME, key=None),
    Probe("wrong key", "GET", HOME, key="not-a-key-of-anyone"),
    Probe("1 id", "POST", BATCH, body=_ids(1)),
    Probe("the most ids", "POST", BATCH, body=_ids(SPEC.max_ids)),
    Probe("one id too many", "POST", BATCH, body=_ids(SPEC.max_ids + 1)),
    Probe("repeated id", "POST", BATCH, body=_ids(2, repeated=2)),
    Probe("string id", "POST", BATCH, body=b'{"groupIds": ["x"]}'),
    Probe("empty list", "POST", BATCH, body=_ids(0)),
    Probe("no body", "POST", BATCH),
    Probe("undeclared method", "DELETE", HOME),
)


def outcome(response: httpx.Response | BaseException) -> tuple[Any, ...]:
    """What a client received: status, the body's sha256 and the headers but the volatile ones; or how it broke."""
    if isinstance(response, BaseException):
        return ("no complete answer", type(response).__name__)
    headers = tuple((name, value) for name, value in response.headers.raw if name.decode().lower() not in VOLATILE)
    volatile = tuple(sorted(name for name, _ in response.headers.raw if name.decode().lower() in VOLATILE))
    return response.status_code, hashlib.sha256(response.content).hexdigest(), headers, volatile


async def _send_all(base: str, probes: Sequence[Probe]) -> dict[str, tuple[Any, ...]]:
    async with httpx.AsyncClient(timeout=30) as http:

        async def one(probe: Probe) -> httpx.Response | BaseException:
            try:
                return await http.send(probe.request(base))
            except httpx.HTTPError as error:
                return error

        received = await asyncio.gather(*(one(probe) for probe in probes))
    return {probe.name: outcome(answer) for probe, answer in zip(probes, received, strict=True)}


def answers(base: str, probes: Sequence[Probe] = PROBES) -> dict[str, tuple[Any, ...]]:
    """Every probe sent at once to `base` (a slow server costs its delay once), reduced to `outcome`."""
    return asyncio.run(_send_all(base, probes))


class Watch:
    """A judge as the proxy sees it: the real one given (else one that finds nothing), and what it was given and
    found."""

    def __init__(self, judge: Judging | None = None) -> None:
        self.inner = judge
        self.judged: list[Exchange] = []
        self.findings: list[Any] = []

    def request_findings(
        self, method: str, path: str, query: str, headers: Headers, body: bytes, exchange: str
    ) -> Sequence[Any]:
        return [] if self.inner is None else self.inner.request_findings(method, path, query, headers, body, exchange)

    def judge(self, exchange: Exchange) -> Sequence[Any]:
        self.judged.append(exchange)
        found = [] if self.inner is None else list(self.inner.judge(exchange))
        self.findings += found
        return found


def real_judge(upstream: str, keys: Keys | None = None, **options: Any) -> Judge:
    """The proxy's judge of `upstream`'s traffic, masking the keys seen."""
    keys = keys or Keys()
    return Judge(base_url=upstream, masker=lambda: keys.masker, **options)


@contextmanager
def proxied(
    upstream: str,
    judge: Judging | None = None,
    mode: Mode = Mode.OBSERVE,
    *,
    keys: Keys | None = None,
    recorder: Recorder | None = None,
    **options: Any,
) -> Iterator[tuple[str, Proxy]]:
    """The proxy in front of `upstream`, served by uvicorn as the command serves it, in a thread; its /api URL."""
    keys = keys or Keys()
    app = Proxy(
        upstream=upstream,
        session=session(
            Options(upstream, timeout=options.pop("timeout", 30.0), ca_bundle=options.pop("ca_bundle", None))
        ),
        judge=judge or Watch(),
        mode=mode,
        keys=keys,
        recorder=recorder,
        **options,
    )
    listening = listen(0)
    server = uvicorn.Server(config(app))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the proxy did not start"
        assert thread.is_alive(), "the proxy did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}{SPEC.api_prefix}", app
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listening.close()


@contextmanager
def mock(behaviour: Behaviour) -> Iterator[str]:
    """The mock with `behaviour`, served in a thread; its /api URL."""
    with uvicorn_in_thread(create_app(behaviour)) as base:
        yield base


@dataclass(frozen=True)
class Seen:
    """A behaviour's probes going direct and through the proxy, what the proxy's judge was given and what it found."""

    direct: dict[str, tuple[Any, ...]]
    proxied: dict[str, tuple[Any, ...]]
    judged: list[Exchange]
    found: set[str]  # the requirement ids of the findings
    failing: set[str]  # of them, those at a level that fails the run


def _both_ways(behaviour: Behaviour) -> Seen:
    # A behaviour that counts each distinct request (the "first times" scenarios) answers the first one differently:
    # the proxied requests go to a second mock of the same behaviour, which has seen none of them.
    with mock(behaviour) as direct, mock(behaviour) if behaviour.counts else _same(direct) as upstream:
        expected = answers(direct)
        # One base URL for every judge: it only names the target in curl lines, and judges of one spec and base URL
        # share their compiled schema (compiling it for each behaviour would take most of this test's time).
        judge = Watch(real_judge("http://upstream/api"))
        with proxied(upstream, judge) as (proxy, _):
            received = answers(proxy)
    found = {finding.requirement for finding in judge.findings}
    failing = {finding.requirement for finding in judge.findings if finding.level.fails_run(False)}
    return Seen(expected, received, judge.judged, found, failing)


@contextmanager
def _same(base: str) -> Iterator[str]:
    yield base


BEHAVIOURS = (CLEAN, *CATALOG)


@pytest.fixture(scope="module")
def seen() -> dict[str, Seen]:
    """Every behaviour seen both ways, several at once (most of the time is spent waiting: a slow scenario, starts)."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip((b.name for b in BEHAVIOURS), pool.map(_both_ways, BEHAVIOURS), strict=True))


@pytest.mark.parametrize("behaviour", [b.name for b in BEHAVIOURS])
def test_a_client_receives_through_the_proxy_what_it_receives_going_direct(
    behaviour: str, seen: dict[str, Seen]
) -> None:
    assert seen[behaviour].proxied == seen[behaviour].direct


@pytest.mark.parametrize("behaviour", [b.name for b in BEHAVIOURS])
def test_every_exchange_through_the_proxy_is_judged(behaviour: str, seen: dict[str, Seen]) -> None:
    assert sorted(exchange.path for exchange in seen[behaviour].judged) == sorted(
        f"{SPEC.api_prefix}{probe.path}" for probe in PROBES
    )


FAULTS = [b for b in CATALOG if b.kind is Kind.FAULT]
UNSEEN_IN_ONE_EXCHANGE = {
    "any-key-for-a-client-id": "a key is known to be wrong only by the server: one exchange shows an accepted key",
}


SHOWN_IN_ONE_EXCHANGE = [
    fault
    for fault in FAULTS
    if fault.expected - BEYOND_ONE_EXCHANGE.keys() and fault.name not in UNSEEN_IN_ONE_EXCHANGE
]


def test_only_the_faults_one_exchange_cannot_show_go_unnamed() -> None:
    # Pinned, so that a new fault the proxy misses fails here rather than joining a list of exceptions unseen.
    unnamed = {fault.name for fault in FAULTS} - {fault.name for fault in SHOWN_IN_ONE_EXCHANGE}
    assert unnamed == {"any-key-for-a-client-id", "tenant-leak"}


@pytest.mark.parametrize("fault", SHOWN_IN_ONE_EXCHANGE, ids=lambda fault: fault.name)
def test_the_findings_name_what_the_fault_breaks_where_one_exchange_shows_it(
    fault: Behaviour, seen: dict[str, Seen]
) -> None:
    assert (fault.expected - BEYOND_ONE_EXCHANGE.keys()) & seen[fault.name].found, seen[fault.name].found


def test_the_clean_mock_gets_no_finding(seen: dict[str, Seen]) -> None:
    assert seen[CLEAN.name].found == set()


@pytest.mark.parametrize("variant", [b for b in CATALOG if b.kind is Kind.VARIANT], ids=lambda variant: variant.name)
def test_a_conformant_variant_gets_no_failing_finding(variant: Behaviour, seen: dict[str, Seen]) -> None:
    assert seen[variant.name].failing == set()
