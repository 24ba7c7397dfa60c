"""The README's release workflow, end to end, in a temporary git repository:
edit the spec, `make generate`, `make changes` (griffe included, the recorded traffic re-checked), bump, changelog,
tag."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from emabler_spec import SPEC, SPEC_FILENAME
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
    # Released as 1.0.0 whatever the project's own version is now: the bumps below are counted from there.
    spec = tmp_path / SPEC_FILENAME
    spec.write_text(spec.read_text().replace(f"  version: {SPEC.version}\n", "  version: 1.0.0\n", 1))
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
    assert "Recorded traffic: no recording (*.jsonl) in traffic/, nothing re-checked." in result.stdout


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


def _add_user_group_property(spec: Path, lines: str) -> None:
    """Add a property to UserGroup (a response schema) in the spec's text."""
    text = spec.read_text()
    at = text.index("      properties:\n", text.index("\n    UserGroup:\n")) + len("      properties:\n")
    spec.write_text(text[:at] + lines + text[at:])


def test_a_compatible_change_needs_a_minor_version_and_passes_with_it(repo: Path) -> None:
    spec = repo / SPEC_FILENAME
    _add_user_group_property(spec, "        region:\n          type: string\n")
    result = _make(repo, "changes")
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Compatible:\n  - UserGroup.region: property added" in result.stdout
    assert "Release: minor version bump needed; info.version is 1.0.0." in result.stdout
    assert result.stderr.startswith(
        "error: compatible changes need a minor version: info.version 1.0.0 → 1.0.0 (expected 1.1.0)\n"
    )
    spec.write_text(spec.read_text().replace("  version: 1.0.0", "  version: 1.1.0", 1))
    changelog = repo / "CHANGELOG.md"
    changelog.write_text(changelog.read_text() + "\n## 1.1.0\n\n- UserGroup.region.\n")
    result = _make(repo, "changes")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_edited_description_needs_a_patch_version(repo: Path) -> None:
    spec = repo / SPEC_FILENAME
    text = spec.read_text()
    spec.write_text(text.replace("description: A site (user group)", "description: One site (user group)", 1))
    result = _make(repo, "changes")
    assert result.returncode != 0
    assert "Release: patch version bump needed" in result.stdout
    assert "error: edits need a patch version: info.version 1.0.0 → 1.0.0 (expected 1.0.1)" in result.stderr


def test_a_change_the_recorded_answers_cannot_be_decoded_under_is_breaking(repo: Path) -> None:
    # The recordings of the clean mock and of a server that sends properties the spec does not name (as text).
    (repo / "traffic").mkdir()
    for name in ("mock.jsonl", "variant-extra-properties.jsonl"):
        shutil.copy2(ROOT / "traffic" / name, repo / "traffic" / name)
    # A property added, optional: compatible by the rules, but the recorded server sends it as text, not a date-time.
    spec = repo / SPEC_FILENAME
    _add_user_group_property(spec, "        lastModifiedBy:\n          type: string\n          format: date-time\n")
    spec.write_text(spec.read_text().replace("  version: 1.0.0", "  version: 1.1.0", 1))
    changelog = repo / "CHANGELOG.md"
    changelog.write_text(changelog.read_text() + "\n## 1.1.0\n\n- UserGroup.lastModifiedBy.\n")
    result = _make(repo, "changes")
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Compatible:\n  - UserGroup.lastModifiedBy: property added" in result.stdout
    assert "Recorded answers the new SDK cannot decode, breaking for clients (check-traffic):" in result.stdout
    assert "variant-extra-properties.jsonl exchange" in result.stdout
    assert "Invalid isoformat string: 'integration-sync'" in result.stdout
    # The judge agrees: those answers break the new schema (the recorded server would not conform to it).
    assert "Recorded exchanges that do not conform to the new spec, breaking for servers" in result.stdout
    assert "Release: major version bump needed; info.version is 1.1.0." in result.stdout
    assert "error: breaking changes need a major version: info.version 1.0.0 → 1.1.0 (expected 2.0.0)" in result.stderr
