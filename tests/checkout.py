"""The checkout the tests run in: its root, its uv, its commands as a user runs them (`make`, `emabler-contract`),
the mock served the way a user serves it (`make mock`, through `mock_server.launch`, the one launcher), and its
distributions as a user gets them (`make dist`, installed alone into a clean virtual environment)."""

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


def make_dist(folder: Path) -> list[Path]:
    """`make dist` into `folder`: every distribution it built (wheels and sdists)."""
    result = run_make("dist", {}, f"DIST={folder}")
    if result.returncode != 0:
        raise RuntimeError(f"make dist failed:\n{result.stdout}\n{result.stderr}")
    return sorted(path for path in folder.iterdir() if path.name.endswith((".whl", ".tar.gz")))


def clean_venv(folder: Path, python: str, *wheels: Path) -> Path:
    """A fresh virtual environment `folder`/venv of `python` holding `wheels` and what they need, nothing else."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV", "PYTHON"))}
    venv = folder / "venv"
    for command in (
        [uv_path(), "venv", "--quiet", "--python", python, str(venv)],
        [uv_path(), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), *map(str, wheels)],
    ):
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=600)  # noqa: S603
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command[:2])} failed:\n{result.stdout}\n{result.stderr}")
    return venv


def run_installed(venv: Path, folder: Path, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """A command of `venv`, run in `folder` with a bare environment (nothing of this checkout's) plus `env`."""
    return subprocess.run(  # noqa: S603 - a command of the test's own venv
        [str(venv / "bin" / command[0]), *command[1:]],
        cwd=folder,
        env={"PATH": "/usr/bin:/bin", "HOME": str(folder), **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


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
