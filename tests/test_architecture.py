"""The rooms keep to their import rules, no module takes part in a cycle, and docs/ARCHITECTURE.md names every rule."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.checkout import ROOT

LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def _contracts() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return [contract["name"] for contract in config["contracts"]]


def _lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    # import-linter reads the packages of its working directory first, so a copy is checked as it stands.
    return subprocess.run(  # noqa: S603 - the venv's import-linter
        [LINT_IMPORTS, "--no-cache", "--no-logo"], cwd=folder, capture_output=True, text=True, check=False
    )


def test_every_import_rule_holds() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in result.stdout


def test_a_reintroduced_cycle_breaks_the_rule_that_names_it(tmp_path: Path) -> None:
    shutil.copy2(ROOT / "pyproject.toml", tmp_path)
    for room in ("emabler_spec", "mock_server", "contract_tests", "spec_changes", "benchmarks", "tests"):
        shutil.copytree(ROOT / room, tmp_path / room, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    # The cycle the mock once had: its data typed on the app that serves it (under TYPE_CHECKING, which counts).
    with (tmp_path / "mock_server" / "data.py").open("a") as data:
        data.write("\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from mock_server.app import MockApp\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "No module of any room takes part in an import cycle BROKEN" in " ".join(result.stdout.split())
    assert "No cycles are allowed in mock_server." in result.stdout
    assert "- .data -> .app (1 import)" in result.stdout


def test_the_architecture_document_names_every_enforced_rule() -> None:
    document = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    for name in _contracts():
        assert f"**{name}**" in document, name
