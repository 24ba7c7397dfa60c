"""The one launcher of a served mock, for tests, benchmarks and the matrix: a process or an app in a thread.

`launched` runs a command that binds a free port itself (`serve_command()`, `make mock PORT=0`, or
another server that prints its address), so no other process can take the port, and reads the
address it prints. The mock it starts takes its settings from the command and the `env` given, never
from the caller's own `EMABLER_MOCK_*` variables (a variant set in a shell must not serve a clean row).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn
from starlette.types import ASGIApp

from emabler_spec import SPEC
from mock_server._behaviour import CLEAN, Behaviour

BANNER_PREFIX = "eMabler mock on "
MOCK_SETTINGS = "EMABLER_MOCK_"  # the prefix of the mock's environment variables
# What `serve` prints once it listens, its address first (group 1) and a curl line last.
MOCK_BANNER = re.compile(re.escape(BANNER_PREFIX) + r"(\S+).*try: curl", re.DOTALL)


def serve_command(behaviour: Behaviour = CLEAN, *options: str) -> list[str]:
    """`python -m mock_server serve --port 0` with the behaviour's option and `options` (e.g. `--scale 25`)."""
    chosen = [] if behaviour == CLEAN else [f"--{behaviour.kind.value}", behaviour.name]
    return [sys.executable, "-m", "mock_server", "serve", "--port", "0", *chosen, *options]


@dataclass(frozen=True)
class RunningMock:
    """A mock serving over HTTP: its base URL, what it printed at start, and what it printed since."""

    base_url: str
    banner: str
    _log: list[str] = field(default_factory=list, repr=False)

    def log(self) -> str:
        """Everything the mock printed after its banner, so far (its warnings and errors)."""
        return "".join(self._log)


@contextmanager
def launched(
    command: Sequence[str],
    env: Mapping[str, str],
    timeout: float = 30.0,
    *,
    banner: re.Pattern[str] = MOCK_BANNER,
    name: str = "the mock",
    cwd: Path | None = None,
) -> Iterator[RunningMock]:
    """Start `command` (a `serve` of the mock), wait until it answers, stop its process group on exit.

    `env` is added to this process's environment; secrets belong there, never in `command`.
    Another server names its address by group 1 of `banner`, which matches what it prints at start.
    """
    process = subprocess.Popen(  # noqa: S603 - the caller's fixed command
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so a whole group (make, uv, python) is stopped together
        env={**_without_mock_settings(os.environ), "PYTHONUNBUFFERED": "1", **env},
        cwd=cwd,
    )
    try:
        # A server that neither prints its banner nor exits is stopped, so that reading ends.
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            _stop(process)

        watchdog = threading.Timer(timeout, expire)
        watchdog.start()
        try:
            printed, match = _read_banner(process, banner)
        finally:
            watchdog.cancel()
        if match is None:  # it exited, or was stopped
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            shown = printed.strip()[-2000:] or "it printed nothing"
            how = f"no banner within {timeout:g} s, stopped" if expired.is_set() else f"exit {process.returncode}"
            raise RuntimeError(f"{name} did not start ({how}): {shown}")
        mock = RunningMock(match.group(1), printed)
        # Keep reading what the server prints: a full pipe would block it, and tests read its log.
        threading.Thread(target=_drain, args=(process, mock._log), daemon=True).start()
        _wait_until_answering(mock.base_url, process, timeout, name)
        yield mock
    finally:
        _stop(process)
        process.wait(timeout=10)


@contextmanager
def uvicorn_in_thread(app: ASGIApp) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free port of 127.0.0.1 in a background thread; yield its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}{SPEC.api_prefix}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _without_mock_settings(environ: Mapping[str, str]) -> dict[str, str]:
    return {name: value for name, value in environ.items() if not name.startswith(MOCK_SETTINGS)}


def _stop(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone: the error at hand says why
        os.killpg(process.pid, signal.SIGTERM)


def _drain(process: subprocess.Popen[str], into: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        into.append(line)


def _read_banner(process: subprocess.Popen[str], banner: re.Pattern[str]) -> tuple[str, re.Match[str] | None]:
    """What the server prints up to its whole banner (all of it, if it exits first), and the banner."""
    assert process.stdout is not None
    printed = ""
    for line in process.stdout:
        printed += line
        if match := banner.search(printed):
            return printed, match
    return printed, None


def _wait_until_answering(base_url: str, process: subprocess.Popen[str], timeout: float, name: str) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode} after binding {base_url}")
        try:
            httpx.get(base_url, timeout=1.0)  # any HTTP answer, a 404 included, means it serves
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name} did not answer on {base_url}") from None
            time.sleep(0.05)
