"""The rooms keep to their import rules, and docs/ARCHITECTURE.md names every rule that is enforced."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _contracts() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return [contract["name"] for contract in config["contracts"]]


def test_every_import_rule_holds() -> None:
    result = subprocess.run(  # noqa: S603 - the venv's import-linter
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in result.stdout


def test_the_architecture_document_names_every_enforced_rule() -> None:
    document = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    for name in _contracts():
        assert f"**{name}**" in document, name
