"""The checkout the tests run in: its root, its uv, its commands as a user runs them (`make`, `emabler-contract`),
and the mock served the way a user serves it (`make mock`, through `mock_server.launch`, the one launcher)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mock_server.launch import RunningMock, launched

ROOT = Path(__file__).resolve().parent.parent


def run_make(target: str, env: dict[str, str], *variables: str) -> subprocess.CompletedProcess[str]:
    """Run a make target to its end with `env` added; stdout and stderr captured apart."""
    return subprocess.run(  # noqa: S603 - fixed command
        make_command(target, *variables),
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def contract_command(*arguments: str) -> list[str]:
    """`emabler-contract ...` as installed in this checkout's environment."""
    return [str(Path(sys.executable).parent / "emabler-contract"), *arguments]


def contract_env(**settings: str) -> dict[str, str]:
    """This process's environment without any EMABLER_ setting, plus `settings`."""
    return {k: v for k, v in os.environ.items() if not k.startswith("EMABLER_")} | settings


def uv_path() -> str:
    """This checkout's uv: the one on PATH, or the one `make` bootstrapped into .uv/."""
    return shutil.which("uv") or str(ROOT / ".uv" / "bin" / "uv")


def make_command(target: str, *variables: str) -> list[str]:
    """`make -s target VAR=...` using this checkout's uv."""
    return ["make", "-s", "-C", str(ROOT), target, f"UV={uv_path()}", *variables]


@contextmanager
def served_mock(
    fault: str | None = None,
    api_keys: tuple[str, ...] = (),
    timeout: float = 30.0,
    variant: str | None = None,
    scenario: str | None = None,
) -> Iterator[RunningMock]:
    """Run `make mock PORT=0 [FAULT=...|VARIANT=...|SCENARIO=...]` (a free port), wait until it answers, stop it.

    `api_keys` reach the mock through EMABLER_MOCK_API_KEYS, never its command line.
    """
    named = {"FAULT": fault, "VARIANT": variant, "SCENARIO": scenario}
    command = make_command("mock", "PORT=0", *(f"{kind}={name}" for kind, name in named.items() if name))
    with launched(command, {"EMABLER_MOCK_API_KEYS": ",".join(api_keys)}, timeout) as mock:
        yield mock
