"""`emabler-contract proxy`: the proxy served with uvicorn on 127.0.0.1 until it is told to stop, then the run's
reports and verdict.

It stops on Ctrl-C, SIGTERM, `--duration` or `--max-exchanges`; a stop is the end of a run, not an interruption, so
the exit code is the verdict's (0 conforms, 1 does not, 2 no verdict: no exchange judged, or bad input).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import ssl
import sys
import threading
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO
from urllib.parse import urlsplit

import aiohttp
import click
import uvicorn
from yarl import URL

from contract_tests.proxy.forward import DEFAULT_BOUND, Log, Mode, Proxy
from contract_tests.reporting import FILES, remove_stale, shown, write
from contract_tests.settings import environment_keys
from contract_tests.traffic.exchange import Keys, Recorder
from contract_tests.verdict import Grade
from emabler_spec import SPEC

BANNER_PREFIX = "eMabler contract proxy on "
# The banner's address without the server path (group 1): a GET there is the proxy's own 404, never forwarded.
PROXY_BANNER = re.compile(re.escape(BANNER_PREFIX) + r"(http://[^/\s]+)\S* -> ")
HOST = "127.0.0.1"


class ProxyError(click.ClickException):
    """Bad input to the proxy (an unreadable CA bundle, a port taken, a recording that cannot be written): exit 2."""

    exit_code = 2


@dataclass(frozen=True)
class Options:
    """The proxy command's options (see `emabler-contract proxy --help`)."""

    upstream: str
    port: int = 0
    mode: Mode = Mode.OBSERVE
    record: Path | None = None
    reports_dir: Path = Path("reports")
    duration: float | None = None
    max_exchanges: int | None = None
    ca_bundle: Path | None = None
    strict: bool = False
    bound: int = DEFAULT_BOUND
    timeout: float = 30.0


def known_keys(env: Mapping[str, str] = os.environ) -> list[str]:
    """The keys the environment holds (the contract run's key settings), masked before any is seen in traffic."""
    return environment_keys(env)


# What the upstream's client would add of its own: the client's request goes as it came (Host and framing apart).
SKIP_AUTO_HEADERS = ("Accept", "Accept-Encoding", "User-Agent", "Content-Type")


class _EveryMethod(set[str]):
    def __contains__(self, method: object) -> bool:
        return True


class _AsSent(aiohttp.ClientRequest):
    """A request without content goes without Content-Length, whatever its method, as the client sent it: aiohttp
    would add `Content-Length: 0` to a bodiless POST, PUT, PATCH or DELETE (it reads this set for that alone)."""

    GET_METHODS = _EveryMethod()


def session(options: Options) -> Callable[[], aiohttp.ClientSession]:
    """What makes the upstream's client (in the server's event loop): TLS verified (the system's CAs or
    `--ca-bundle`), HTTPS_PROXY/NO_PROXY honoured, no redirect followed (the client gets upstream's 3xx), nothing
    decompressed (the client gets upstream's bytes). aiohttp, not httpx: measured here, httpx spent 1.5 ms of its own
    on each request, aiohttp 0.4 ms, and the proxy must answer twice as fast as Prism's."""
    context = ssl.create_default_context()
    if options.ca_bundle is not None:
        try:
            context = ssl.create_default_context(cafile=str(options.ca_bundle))
        except (OSError, ssl.SSLError) as error:
            raise ProxyError(f"--ca-bundle {options.ca_bundle}: {getattr(error, 'strerror', None) or error}") from None
    timeout = aiohttp.ClientTimeout(total=None, connect=options.timeout, sock_read=options.timeout)

    def new() -> aiohttp.ClientSession:
        return aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(ssl=context, limit=0, keepalive_timeout=30),
            timeout=timeout,
            auto_decompress=False,
            trust_env=False,  # the environment's proxy is read once (`via`): aiohttp would read it on each request
            skip_auto_headers=SKIP_AUTO_HEADERS,
            cookie_jar=aiohttp.DummyCookieJar(),
            request_class=_AsSent,  # a proxy keeps no cookies: each client sends its own
        )

    return new


def usable_upstream(upstream: str) -> None:
    """The upstream URL as the proxy needs it: http(s), a host, a port in range; no user, password, query or fragment
    (the URL is printed in the banner and names the target in every report and curl line: a secret has no place
    there). Else ProxyError: one line, exit 2."""
    try:
        parsed = URL(upstream)
        port = parsed.port
    except ValueError as error:
        # The URL is not repeated in any message: a mistaken one may hold a key.
        raise ProxyError(f"--upstream is not a URL ({error})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ProxyError("--upstream: an http:// or https:// URL with a host is needed")
    if port is None or not 0 < port < 65536:
        raise ProxyError("--upstream: the port must be between 1 and 65535")
    if parsed.user is not None or parsed.password is not None or parsed.query_string or parsed.fragment:
        raise ProxyError(
            "--upstream: no user, password, query or fragment in the URL (keys go in EMABLER_API_KEY or the requests)"
        )


def via(upstream: str) -> str | None:
    """The HTTP proxy the environment names for the upstream (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY), None when
    NO_PROXY exempts its host or none is set: read once, as curl and httpx read it."""
    parts = urlsplit(upstream)
    if parts.hostname is None or urllib.request.proxy_bypass(parts.hostname):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(parts.scheme) or proxies.get("all")


def listen(port: int) -> socket.socket:
    """A listening TCP socket of 127.0.0.1 made with IPPROTO_TCP, so that asyncio turns Nagle's algorithm off on
    its connections (uvicorn's own bind leaves the protocol 0; mock_server's `serve` explains the 40 ms it cost)."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((HOST, port))
        listening.listen(2048)
    except OSError as error:
        listening.close()
        raise ProxyError(f"cannot listen on {HOST}:{port}: {error.strerror or error}") from None
    return listening


def config(app: Proxy) -> uvicorn.Config:
    """How uvicorn serves the proxy: httptools and uvloop, and nothing of its own in upstream's answers."""
    return uvicorn.Config(
        app,
        http="httptools",
        loop="uvloop",
        lifespan="on",
        log_level="critical",  # the proxy says what went wrong in its own lines, masked; never a traceback
        access_log=False,
        server_header=False,  # no `server` or `date` of the proxy's own in upstream's answer
        date_header=False,
        proxy_headers=False,  # X-Forwarded-* go upstream as they came; the proxy reads no client address from them
        timeout_graceful_shutdown=5,
    )


def serve(options: Options, out: IO[str] | None = None) -> int:
    """Run the proxy until it is told to stop; write the reports; the exit code of the verdict."""
    out = out or sys.stdout
    keys = Keys(known=known_keys())
    usable_upstream(options.upstream)
    new_session = session(options)  # bad input first, before the judge's second of loading
    recorder = None
    if options.record is not None:
        try:
            recorder = Recorder(options.record, upstream=options.upstream)
        except OSError as error:
            raise ProxyError(f"--record {options.record}: {error.strerror or error}") from None
    listening = listen(options.port)
    from contract_tests.traffic.judge import Judge  # here: `--help` loads neither Schemathesis nor the judge

    stopping = threading.Event()
    judge = Judge(base_url=options.upstream, masker=lambda: keys.masker, strict=options.strict)
    app = Proxy(
        upstream=options.upstream,
        session=new_session,
        via=via(options.upstream),
        judge=judge,
        mode=options.mode,
        strict=options.strict,
        keys=keys,
        recorder=recorder,
        bound=options.bound,
        log=Log(keys),
        max_exchanges=options.max_exchanges,
        stop=stopping.set,
    )
    server = uvicorn.Server(config(app))
    remove_stale(options.reports_dir)

    def run() -> None:
        try:
            server.run(sockets=[listening])
        finally:
            stopping.set()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stopping.is_set():
            server.force_exit = True  # a second Ctrl-C: stop without waiting for open exchanges
        stopping.set()

    # The command owns its process: its signals stop the proxy (uvicorn serves in a thread, so it leaves them),
    # from the moment the banner says it listens.
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    thread = threading.Thread(target=run, name="proxy", daemon=True)
    try:
        address = f"http://{HOST}:{listening.getsockname()[1]}{SPEC.api_prefix}"
        out.write(f"{BANNER_PREFIX}{address} -> {options.upstream} (mode: {options.mode.value})\n")
        out.flush()
        thread.start()
        stopping.wait(options.duration)
        server.should_exit = True
        while thread.is_alive():
            thread.join(0.2)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        listening.close()
        if recorder is not None:
            recorder.close()
    return finish(app, judge.grade(), options, out)


def finish(app: Proxy, grade: Grade, options: Options, out: IO[str]) -> int:
    """Write the reports of a run with a verdict, print the verdict and its table; the exit code."""
    masker = app.masker
    counts = f"{app.finished} exchanges"
    if app.too_large:
        counts += f", {app.too_large} not validated: too large"
    if app.judge_errors:
        counts += f", {app.judge_errors} not validated: the judge failed"
    if grade.verdict is not None:
        write(grade, options.reports_dir, masker)
    lines = shown(grade, options.reports_dir, masker).splitlines()
    # The proxy writes the run's reports, not a bundle: nothing here replays traffic (the recording does).
    reports = f"Reports: {' , '.join(str(options.reports_dir / name) for name in FILES)}"
    lines = [reports if line.startswith("Reports: ") else line for line in lines]
    out.write(f"\n{counts}\n" + "\n".join(lines) + "\n")
    out.flush()
    return 2 if grade.verdict is None else grade.verdict.exit_code
