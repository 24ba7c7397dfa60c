"""Our validation proxy next to Stoplight Prism's (`prism proxy`), both in front of the same served mock.

Three figures, measured in one run, each next to its target (never asserted: `make bench` prints):
- requests/s at 1 and 10 keep-alive connections, for a 401 (no key) and for the home-site 200 of the
  demo customer's largest site, going direct to the mock, through Prism's proxy and through ours
  (observe mode, validation on): ours at 2x Prism's or more;
- the median latency a proxy adds over going direct, for a small 200 at one connection (a lean
  `http.client` loop, the targets taken in turn so that the machine's drift touches them alike): at
  most 1 ms for ours;
- operation 2's largest answer at the benchmark's scale (about 25 MB) streamed through a proxy from
  a tiny upstream of our own that sends a file's bytes (`benchmarks.big_answer`: no dataset to build,
  nothing of the mock's in the way), the proxy's peak resident memory over its baseline (Linux' VmHWM,
  reset just before the request): at most 3x the body.

Prism is the pinned version below, installed with npm into `.bench/prism` (git-ignored) on first use,
or the one `EMABLER_BENCH_PRISM` names; without it the figures of ours are printed alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from benchmarks import big_answer
from benchmarks.decode import large_response, large_site_ids
from benchmarks.load import Load, requests_per_second
from benchmarks.throughput import PRISM_VARIABLE, Case
from contract_tests.proxy.serve import PROXY_BANNER
from emabler_spec import SPEC
from mock_server import build_dataset
from mock_server.launch import launched, serve_command

ROOT = Path(__file__).resolve().parent.parent  # the checkout: make bench runs in it
PRISM_PACKAGE = "@stoplight/prism-cli"
PRISM_VERSION = "5.16.0"
PRISM_FOLDER = ROOT / ".bench" / "prism"
PRISM_BANNER = re.compile(r"Prism is listening on (\S+)")
PID_LINE = re.compile(r"^benchmarked pid (\d+)$", re.MULTILINE)
CONNECTIONS = (1, 10)
WARM_REQUESTS = 32  # per target before its latency is taken
RATE_TARGET = 2.0  # ours / Prism's requests per second, at least
LATENCY_TARGET = 0.001  # seconds ours adds to a small answer's median, at most
MEMORY_TARGET = 3.0  # peak resident growth / body, at most
DIRECT, PRISM, OURS = "direct", "Prism", "ours"


@dataclass(frozen=True)
class Prism:
    """Prism's command and what it is, or no command and one line saying why."""

    command: list[str] | None
    note: str


@dataclass(frozen=True)
class Rates:
    """Requests per second of one case at one connection count, per target (direct, Prism, ours)."""

    case: Case
    size: int
    connections: int
    rates: dict[str, float]


@dataclass(frozen=True)
class Latency:
    """The median seconds of one small request at one connection, per target, and how many were sent each."""

    case: Case
    size: int
    medians: dict[str, float]
    samples: int


@dataclass(frozen=True)
class Streamed:
    """One large answer through a proxy: what arrived, and the proxy's resident memory around it (bytes)."""

    size: int
    status: int
    received: int
    same_bytes: bool
    baseline: int
    peak: int
    reset: bool  # the peak was reset just before the request (else it is the peak since start)

    @property
    def growth(self) -> int:
        return self.peak - self.baseline


@dataclass(frozen=True)
class Measured:
    """The proxy part's figures, the load generator that measured the rates, and the Prism that was found."""

    rates: list[Rates]
    latency: Latency
    streamed: dict[str, Streamed]
    generator: str
    prism: Prism


def _installed_prism() -> str | None:
    manifest = PRISM_FOLDER / "node_modules" / PRISM_PACKAGE / "package.json"
    with contextlib.suppress(OSError, ValueError):
        return str(json.loads(manifest.read_text())["version"])
    return None


def _shown(path: Path) -> str:
    return f"{path.relative_to(ROOT)}/" if path.is_relative_to(ROOT) else f"{path}/"


def _install_prism() -> str | None:
    """Install the pinned Prism into PRISM_FOLDER unless it is there; None, or why it could not be."""
    wanted = f"{PRISM_PACKAGE}@{PRISM_VERSION}"
    if _installed_prism() == PRISM_VERSION:
        return None
    npm = shutil.which("npm")
    if npm is None:
        return f"npm is not on PATH to install {wanted} (Node.js 18 or later)"
    print(f"Installing {wanted} with npm into {_shown(PRISM_FOLDER)} ...", flush=True)
    # --ignore-scripts: Prism needs none, and its analytics dependency's install script stays unrun.
    command = [npm, "install", "--prefix", str(PRISM_FOLDER), "--no-audit", "--no-fund", "--ignore-scripts"]
    done = subprocess.run([*command, "--save-exact", wanted], capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode or _installed_prism() != PRISM_VERSION:
        last = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
        return f"npm could not install {wanted} ({last})"
    return None


def prism() -> Prism:
    """The pinned Prism, installed into `.bench/prism` if it is not there yet (or EMABLER_BENCH_PRISM's), once it
    has said its version; or why there is none, in one line."""
    if named := os.environ.get(PRISM_VARIABLE):
        command, note = [named], f"{named}, from {PRISM_VARIABLE}"
    elif why := _install_prism():
        return Prism(None, f"not measured: {why}")
    else:
        command = [str(PRISM_FOLDER / "node_modules" / ".bin" / "prism")]
        note = f"{PRISM_PACKAGE}@{PRISM_VERSION}, in {_shown(PRISM_FOLDER)}"
    try:  # an installed Prism may still not run (a Node.js too old, a broken install)
        subprocess.run([*command, "--version"], capture_output=True, check=True, timeout=60)  # noqa: S603
    except (OSError, subprocess.SubprocessError) as error:
        return Prism(None, f"not measured: `{command[0]} --version` failed ({error})")
    return Prism(command, note)


def ours_command(upstream: str, reports: Path) -> list[str]:
    """Our proxy in front of `upstream`, in observe mode (it validates every exchange, changes none)."""
    script = str(Path(sys.executable).parent / "emabler-contract")
    return [script, "proxy", "--upstream", upstream, "--port", "0", "--mode", "observe", "--reports-dir", str(reports)]


def prism_command(prism: list[str], spec: Path, upstream: str, port: int) -> list[str]:
    return [*prism, "proxy", str(spec), upstream, "--host", "127.0.0.1", "--port", str(port)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Proxy:
    """How to start one proxy in front of an upstream URL, and where it serves the API's paths."""

    name: str
    command: Callable[[str], list[str]]
    banner: re.Pattern[str]
    path: str  # after the address its banner names: ours keeps the API's base path, Prism serves the spec's at /


def ours(reports: Path) -> Proxy:
    return Proxy(OURS, lambda upstream: ours_command(upstream, reports), PROXY_BANNER, SPEC.api_prefix)


def prism_proxy(prism: list[str], spec: Path) -> Proxy:
    return Proxy(PRISM, lambda upstream: prism_command(prism, spec, upstream, _free_port()), PRISM_BANNER, "")


@contextmanager
def _server(proxy: Proxy, upstream: str) -> Iterator[tuple[str, int]]:
    """The proxy served in front of `upstream`: its base URL and its process id (printed by the shell that execs it)."""
    shown = ["/bin/sh", "-c", 'echo "benchmarked pid $$"; exec "$@"', "sh", *proxy.command(upstream)]
    with launched(shown, {}, timeout=120, banner=proxy.banner, name=proxy.name) as running:
        found = PID_LINE.search(running.banner)
        if found is None:
            raise RuntimeError(f"{proxy.name} printed no process id: {running.banner}")
        yield f"{running.base_url}{proxy.path}", int(found.group(1))


def _home_site_sizes(base_url: str, key: str, client_id: str) -> dict[int, int]:
    """Each site of the demo customer and the size of its home-site answer, asked of the mock."""
    sizes = {}
    for site in build_dataset().tenants[0].sites_with_drivers:
        case = Case(str(site), 200, SPEC.home_site.method, SPEC.home_site.url_path(siteId=site), key=True)
        load = case.load(base_url, key, client_id)
        sizes[site] = len(httpx.request(load.method, load.url, headers=load.headers).content)
    return sizes


def cases(base_url: str, key: str, client_id: str) -> tuple[list[tuple[Case, int]], tuple[Case, int]]:
    """The measured requests with their answer's size: the 401 and the largest home-site 200; the small 200."""
    sizes = _home_site_sizes(base_url, key, client_id)
    largest, smallest = max(sizes, key=sizes.__getitem__), min(sizes, key=sizes.__getitem__)
    method = SPEC.home_site.method
    refused = Case("401, no key (op 1)", 401, method, SPEC.home_site.url_path(siteId=largest), key=False)
    refusal = refused.load(base_url, key, client_id)
    unauthorised = httpx.request(refusal.method, refusal.url, headers=refusal.headers)
    home = Case("home-site 200, largest (op 1)", 200, method, SPEC.home_site.url_path(siteId=largest), key=True)
    small = Case("home-site 200, smallest (op 1)", 200, method, SPEC.home_site.url_path(siteId=smallest), key=True)
    return [(refused, len(unauthorised.content)), (home, sizes[largest])], (small, sizes[smallest])


def rounds(seconds: float) -> int:
    """How many runs of about a second each the seconds of one figure are cut into (wrk counts whole seconds)."""
    return max(1, round(seconds))


def rates(
    targets: dict[str, str], measured: list[tuple[Case, int]], key: str, client_id: str, seconds: float
) -> tuple[list[Rates], str]:
    """Each case at each connection count: the best of `rounds(seconds)` runs per target, the targets in turns.

    The machine is shared: a run another process slowed says little of the server, and taking the targets in turns
    lets such a stretch fall on each of them alike. A short warm-up comes first.
    """
    found: list[Rates] = []
    generator = ""
    runs = rounds(seconds)
    for case, size in measured:
        loads = {name: case.load(url, key, client_id) for name, url in targets.items()}
        for load in loads.values():  # Prism's JIT and our first validations are not what is measured
            requests_per_second(load, max(CONNECTIONS), min(1.0, seconds))
        for connections in CONNECTIONS:
            best = dict.fromkeys(targets, 0.0)
            for _ in range(runs):
                for name, load in loads.items():
                    rate, generator = requests_per_second(load, connections, seconds / runs)
                    best[name] = max(best[name], rate)
            found.append(Rates(case, size, connections, best))
    return found, generator


def _one(connection: http.client.HTTPConnection, load: Load, target: str) -> float:
    start = time.perf_counter()
    connection.request(load.method, target, body=load.body or None, headers=load.headers)
    answer = connection.getresponse()
    answer.read()
    took = time.perf_counter() - start
    if answer.status != load.status:
        raise RuntimeError(f"{load.url} answered {answer.status}, not {load.status}")
    return took


def latency(
    targets: dict[str, str], measured: tuple[Case, int], key: str, client_id: str, seconds: float, turns: int = 10
) -> Latency:
    """Median seconds of the small case per target, over one keep-alive connection each, taken in turns."""
    case, size = measured
    loads = {name: case.load(url, key, client_id) for name, url in targets.items()}
    samples: dict[str, list[float]] = {name: [] for name in targets}
    with ExitStack() as opened:
        connections = {}
        for name, load in loads.items():
            parts = urlsplit(load.url)
            connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
            opened.callback(connection.close)
            connections[name] = (connection, f"{parts.path}?{parts.query}")
            for _ in range(WARM_REQUESTS):  # the connection open, the first answers' one-off costs paid
                _one(connection, load, connections[name][1])
        for _ in range(turns):
            for name, load in loads.items():
                connection, target = connections[name]
                until = time.perf_counter() + seconds / turns
                while time.perf_counter() < until:
                    samples[name].append(_one(connection, load, target))
    medians = {name: statistics.median(taken) for name, taken in samples.items()}
    return Latency(case, size, medians, min(map(len, samples.values())))


def _status_kb(pid: int, field: str) -> int:
    found = re.search(rf"^{field}:\s+(\d+) kB$", Path(f"/proc/{pid}/status").read_text(), re.MULTILINE)
    if found is None:
        raise RuntimeError(f"/proc/{pid}/status has no {field}")
    return int(found.group(1)) * 1024


def _settled_peak(pid: int, quiet: float = 0.5, longest: float = 10.0) -> int:
    """VmHWM once it stopped growing: a proxy may still be validating its copy after the client has it all."""
    peak, since, deadline = _status_kb(pid, "VmHWM"), time.monotonic(), time.monotonic() + longest
    while time.monotonic() - since < quiet and time.monotonic() < deadline:
        time.sleep(0.05)
        now = _status_kb(pid, "VmHWM")
        if now != peak:
            peak, since = now, time.monotonic()
    return peak


def streamed(proxy: Proxy, body_file: Path, request: Load) -> Streamed:
    """`request` (its path under the proxy's base URL) through the proxy to a tiny upstream answering the file."""
    body = body_file.read_bytes()
    expected = hashlib.sha256(body).hexdigest()
    listening = re.compile(re.escape(big_answer.LISTENING) + r"(\S+)")
    upstream_command = [sys.executable, "-m", "benchmarks.big_answer", str(body_file)]
    with ExitStack() as servers:
        upstream = servers.enter_context(launched(upstream_command, {}, 60, banner=listening, name="the upstream"))
        base_url, pid = servers.enter_context(_server(proxy, f"{upstream.base_url}{SPEC.api_prefix}"))
        # One small exchange first (upstream's empty 404 to a GET), so that the baseline holds what any first
        # exchange sets up once (connection pools, lazily built validators), not what this answer costs.
        httpx.get(f"{base_url}{request.url}", headers=request.headers)
        reset = True
        try:  # "5" resets VmHWM to the resident size of now (Linux 4.0 and later)
            Path(f"/proc/{pid}/clear_refs").write_text("5")
        except OSError:
            reset = False
        baseline = _status_kb(pid, "VmRSS")
        digest, received = hashlib.sha256(), 0
        with httpx.stream(
            request.method, f"{base_url}{request.url}", headers=request.headers, content=request.body
        ) as answer:
            for chunk in answer.iter_raw():
                digest.update(chunk)
                received += len(chunk)
            status = answer.status_code
        peak = _settled_peak(pid)
    return Streamed(len(body), status, received, digest.hexdigest() == expected, baseline, peak, reset)


def measure(scale: int, seconds: float, workdir: Path, found_prism: Prism) -> Measured:
    """The three figures of the proxies in one run; Prism's where `found_prism` has a command."""
    tenant = build_dataset().tenants[0].tenant
    key, client_id = tenant.api_key, tenant.client_id
    spec = workdir / "openapi.json"  # the project's contract as Prism reads it (JSON, the same document)
    spec.write_text(json.dumps(SPEC.document))
    proxies = [prism_proxy(found_prism.command, spec)] if found_prism.command else []
    proxies.append(ours(workdir / "proxy-reports"))
    with launched(serve_command(), {}, timeout=120) as mock:
        measured, small = cases(mock.base_url, key, client_id)
        targets = {DIRECT: mock.base_url}
        with ExitStack() as servers:
            for proxy in proxies:
                targets[proxy.name] = servers.enter_context(_server(proxy, mock.base_url))[0]
            found, generator = rates(targets, measured, key, client_id, seconds)
            medians = latency(targets, small, key, client_id, seconds)
    body_file = workdir / "big-answer.json"
    body_file.write_bytes(large_response(scale))
    ids = json.dumps({SPEC.id_list_property: large_site_ids(scale)}).encode()
    big = Load(
        f"{SPEC.drivers_for_sites.path}?{SPEC.client_id_parameter}={client_id}",
        SPEC.drivers_for_sites.method,
        {SPEC.key_header: key, "content-type": "application/json"},
        ids,
    )
    through = {proxy.name: streamed(proxy, body_file, big) for proxy in reversed(proxies)}
    return Measured(found, medians, through, generator, found_prism)
