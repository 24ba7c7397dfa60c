"""Start the mock the way a user does (`make mock`) and stop it again, for HTTP tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def run_make(target: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a make target to its end with `env` added; stdout and stderr captured together."""
    return subprocess.run(  # noqa: S603 - fixed command
        make_command(target), env={**os.environ, **env}, capture_output=True, text=True, check=False, timeout=600
    )


def make_command(target: str, *variables: str) -> list[str]:
    """`make -s target VAR=...` using this checkout's uv (on PATH or bootstrapped in .uv/)."""
    uv = shutil.which("uv") or str(ROOT / ".uv" / "bin" / "uv")
    return ["make", "-s", "-C", str(ROOT), target, f"UV={uv}", *variables]


@dataclass(frozen=True)
class ServedMock:
    """A mock listening on 127.0.0.1: its base URL and what it printed at start."""

    base_url: str
    banner: str


@contextmanager
def served_mock(
    fault: str | None = None, api_keys: tuple[str, ...] = (), timeout: float = 30.0
) -> Iterator[ServedMock]:
    """Run `make mock PORT=<free> [FAULT=...]`, wait until it answers, stop it on exit.

    `api_keys` reach the mock through EMABLER_MOCK_API_KEYS, never its command line.
    """
    port = free_port()
    variables = [f"PORT={port}"] + ([f"FAULT={fault}"] if fault else [])
    process = subprocess.Popen(  # noqa: S603 - fixed command, test-controlled arguments
        make_command("mock", *variables),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so the whole group (make, uv, python) is stopped together
        env={**os.environ, "PYTHONUNBUFFERED": "1", "EMABLER_MOCK_API_KEYS": ",".join(api_keys)},
    )
    base_url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"make mock exited with {process.returncode}: {process.stdout.read()}")  # type: ignore[union-attr]
            try:
                httpx.get(f"{base_url}/sites/drivers", timeout=1.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the mock did not answer on {base_url}") from None
                time.sleep(0.1)
        yield ServedMock(base_url, _read_banner(process))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def _read_banner(process: subprocess.Popen[str]) -> str:
    """The lines `serve` prints before uvicorn starts (it prints them before listening)."""
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if "try: curl" in line:
            break
    return "".join(lines)


@contextmanager
def uvicorn_in_thread(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on 127.0.0.1 in a background thread; yield its /api URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{server.config.port}/api"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
