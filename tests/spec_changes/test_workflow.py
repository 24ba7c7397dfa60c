"""The README's release workflow, end to end, in a temporary git repository:
edit the spec, `make generate`, `make changes` (griffe included), bump, changelog, tag."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from emabler_spec import SPEC_FILENAME
from tests.checkout import ROOT

FILES = ("Makefile", "pyproject.toml", "uv.lock", SPEC_FILENAME, "generator-config.yml", "CHANGELOG.md")
FOLDERS = ("generator-templates", "generated", "spec_changes", "emabler_spec", "sdk")


def _run(repo: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(ROOT / ".venv")}
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, check=False)  # noqa: S603


def _make(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    uv = shutil.which("uv") or str(ROOT / ".uv" / "bin" / "uv")
    return _run(repo, "make", "-s", *args, f"UV={uv}")


def _commit(repo: Path, message: str) -> None:
    for command in (["git", "add", "-A"], ["git", "commit", "-qm", message]):
        assert _run(repo, *command).returncode == 0


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding what `make generate` and `make changes` need, tagged v1.0.0."""
    for name in FILES:
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in FOLDERS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"), symlinks=True)
    for command in (
        ["git", "init", "-q"],
        ["git", "config", "user.email", "t@example.com"],
        ["git", "config", "user.name", "t"],
    ):
        assert _run(tmp_path, *command).returncode == 0
    _commit(tmp_path, "1.0.0")
    assert _run(tmp_path, "git", "tag", "v1.0.0").returncode == 0
    return tmp_path


def test_make_changes_on_an_unchanged_tree_says_nothing_changed(repo: Path) -> None:
    result = _make(repo, "changes")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "since v1.0.0" in result.stdout
    assert "Nothing changed in openapi.yaml or the generated SDK's API." in result.stdout


def test_the_release_workflow_catches_a_break_and_ends_green_after_the_bump(repo: Path) -> None:
    # 1. Edit the spec: drop a response property (a breaking change for clients).
    spec = repo / SPEC_FILENAME
    text = spec.read_text()
    edited = text.replace("        phaseRotation:\n          type: string\n", "", 1)
    assert edited != text
    spec.write_text(edited)
    # 2. Regenerate the SDK.
    assert _make(repo, "generate").returncode == 0
    _commit(repo, "Drop Socket.phaseRotation")
    # 3. make changes names the break, griffe's finding too, and refuses the unchanged version.
    result = _make(repo, "changes")
    assert result.returncode != 0
    assert "Breaking for clients:\n  - Socket.phaseRotation: property removed" in result.stdout
    assert "SDK API, breaking for clients (griffe):" in result.stdout
    assert "phase_rotation" in result.stdout
    assert "breaking changes need a major version" in result.stderr
    # 4. Bump the major version, regenerate (the package follows), write the changelog.
    spec.write_text(edited.replace("  version: 1.0.0", "  version: 2.0.0", 1))
    assert _make(repo, "generate").returncode == 0
    assert 'version = "2.0.0"' in (repo / "generated" / "pyproject.toml").read_text()
    result = _make(repo, "changes")
    assert result.returncode != 0
    assert "CHANGELOG.md has no entry for 2.0.0" in result.stderr
    changelog = repo / "CHANGELOG.md"
    changelog.write_text(changelog.read_text() + "\n## 2.0.0\n\n- Socket.phaseRotation removed.\n")
    # 5. Green: the release can be committed and tagged.
    result = _make(repo, "changes", "BASE=v1.0.0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Release: major version bump needed; info.version is 2.0.0." in result.stdout
    _commit(repo, "Release 2.0.0")
    assert _run(repo, "git", "tag", "v2.0.0").returncode == 0
    assert "Nothing changed" in _make(repo, "changes").stdout
