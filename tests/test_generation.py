"""The checkout's generation workflow as a user runs it: `make check-generated` passes on the committed tree,
fails with a diff on real drift and only on real drift (never on bytecode or tool caches), and `make clean`
removes every cache. Each runs `make` in a copy of the checkout with the default environment, `.venv`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from emabler_spec import SPEC_FILENAME
from tests.checkout import ROOT


def _make(target: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run a Makefile target in `workdir` with this checkout's environment and uv."""
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(ROOT / ".venv")}
    uv = shutil.which("uv") or str(ROOT / ".uv" / "bin" / "uv")
    return subprocess.run(  # noqa: S603 - fixed command, test-controlled arguments
        ["make", "-s", target, f"UV={uv}"],  # noqa: S607
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def checkout_copy(tmp_path: Path) -> Path:
    """A copy of the files `make check-generated` reads, timestamps kept."""
    for name in ("Makefile", SPEC_FILENAME, "generator-config.yml", "pyproject.toml", "uv.lock"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for folder in ("generated", "generator-templates", "emabler_spec", "sdk"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"), symlinks=True)
    return tmp_path


def test_check_generated_passes_on_the_committed_tree(checkout_copy: Path) -> None:
    result = _make("check-generated", checkout_copy)
    assert result.returncode == 0, result.stdout + result.stderr


def _write_caches(folder: Path) -> list[Path]:
    """What an interpreter and the tools leave beside the code, as a user's checkout has it."""
    written = []
    for relative in (
        "emabler_client/__pycache__/client.cpython-311.pyc",
        "emabler_client/models/__pycache__/user.cpython-313.pyc",
        ".ruff_cache/0.17.5/123",
        ".mypy_cache/3.11/emabler_client.json",
        ".pytest_cache/v/cache/nodeids",
        ".hypothesis/examples/ab",
    ):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x00cache")
        written.append(path)
    return written


def test_bytecode_and_tool_caches_are_no_drift(checkout_copy: Path) -> None:
    _write_caches(checkout_copy / "generated")
    _write_caches(checkout_copy / "sdk" / "emabler_extras")
    result = _make("check-generated", checkout_copy)
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_clean_removes_every_cache_the_project_writes(checkout_copy: Path) -> None:
    caches = _write_caches(checkout_copy / "generated") + _write_caches(checkout_copy)
    (checkout_copy / "dist").mkdir()
    result = subprocess.run(["make", "-s", "clean"], cwd=checkout_copy, capture_output=True, text=True, check=False)  # noqa: S607
    assert result.returncode == 0, result.stderr
    assert [path for path in caches if path.exists()] == []
    assert not (checkout_copy / "dist").exists()
    assert (checkout_copy / "generated" / "emabler_client" / "client.py").exists()


def test_check_generated_fails_with_a_diff_when_the_spec_changes_without_regenerating(
    checkout_copy: Path,
) -> None:
    spec = checkout_copy / SPEC_FILENAME
    spec.write_text(spec.read_text().replace("        meterType:\n", "        meterKind:\n", 1))
    result = _make("check-generated", checkout_copy)
    assert result.returncode != 0
    assert "meter_kind" in result.stdout
    assert "drifted from openapi.yaml" in result.stderr
