"""Run the mock as a separate process and learn its address from the banner it prints.

Tests and benchmarks start `make mock PORT=0` or `python -m mock_server serve --port 0`: the
mock binds a free port itself, so there is no window in which another process can take it.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

BANNER_PREFIX = "eMabler mock on "
_BASE_URL = re.compile(re.escape(BANNER_PREFIX) + r"(\S+)")
_BANNER_END = "try: curl"


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
def launched(command: Sequence[str], env: Mapping[str, str], timeout: float = 30.0) -> Iterator[RunningMock]:
    """Start `command` (a `serve` of the mock), wait until it answers, stop its process group on exit.

    `env` is added to this process's environment; secrets belong there, never in `command`.
    """
    process = subprocess.Popen(  # noqa: S603 - the caller's fixed command
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so a whole group (make, uv, python) is stopped together
        env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
    )
    try:
        # A mock that neither prints its banner nor exits is stopped, so that reading ends.
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            _stop(process)

        watchdog = threading.Timer(timeout, expire)
        watchdog.start()
        try:
            banner = _read_banner(process)
        finally:
            watchdog.cancel()
        match = _BASE_URL.search(banner)
        if match is None:
            # The banner ended without an address: the mock exited, or printed it otherwise and runs on.
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            printed = banner.strip()[-2000:] or "it printed nothing"
            how = f"exit {process.returncode}" if process.returncode is not None else "no address in its banner"
            if expired.is_set():
                how = f"no banner within {timeout:g} s, stopped"
            raise RuntimeError(f"the mock did not start ({how}): {printed}")
        mock = RunningMock(match.group(1), banner)
        # Keep reading what the mock prints: a full pipe would block it, and tests read its log.
        threading.Thread(target=_drain, args=(process, mock._log), daemon=True).start()
        _wait_until_answering(mock.base_url, process, timeout)
        yield mock
    finally:
        _stop(process)
        process.wait(timeout=10)


def _stop(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone: the error at hand says why
        os.killpg(process.pid, signal.SIGTERM)


def _drain(process: subprocess.Popen[str], into: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        into.append(line)


def _read_banner(process: subprocess.Popen[str]) -> str:
    """The lines `serve` prints once its socket is bound (all of them, if it exits instead)."""
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if _BANNER_END in line:
            break
    return "".join(lines)


def _wait_until_answering(base_url: str, process: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the mock exited with {process.returncode} after binding {base_url}")
        try:
            httpx.get(base_url, timeout=1.0)  # any HTTP answer, a 404 included, means it serves
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the mock did not answer on {base_url}") from None
            time.sleep(0.05)
