"""The catalog of requirements, docs/reconstruction.md and openapi.yaml's x-provenance say the same thing."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import schemathesis.checks

from contract_tests import checks as custom_checks
from contract_tests.requirements import BOTH, CATALOG, CONDITIONAL_CHECKS, Level
from emabler_spec import SPEC
from mock_server import CATALOG as CATALOG_OF_MOCK
from mock_server import Kind

ROOT = Path(__file__).resolve().parent.parent.parent
RECONSTRUCTION = (ROOT / "docs" / "reconstruction.md").read_text()
IDENTIFIER = re.compile(r"\b[CSA]-[A-Z0-9-]+\b")


def _rows() -> list[tuple[str, str, list[str]]]:
    """(topic, kind, requirement ids) of every table row of docs/reconstruction.md."""
    found = []
    for line in RECONSTRUCTION.splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if line.startswith("| ") and len(cells) == 6 and cells[0] != "topic":
            found.append((cells[0], cells[3], IDENTIFIER.findall(cells[5])))
    return found


def _domain_tests() -> dict[str, set[str]]:
    """Every domain test function of contract_tests, with the requirement ids its marks name."""
    found: dict[str, set[str]] = {}
    for path in set((ROOT / "contract_tests").glob("test_*.py")) - {ROOT / "contract_tests" / "test_schemathesis.py"}:
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                # Marks stand in decorators: `requirement("C-...")`, or a helper such as `_each("C-...")`.
                decorators = " ".join(ast.unparse(decorator) for decorator in node.decorator_list)
                found[node.name] = set(re.findall(r"\(\s*'([CSA]-[A-Z0-9-]+)'", decorators))
    return found


def test_every_table_of_the_reconstruction_names_the_requirement_that_checks_its_rows() -> None:
    tables = RECONSTRUCTION.count("| topic | documentation | spec | kind | why | checked as |")
    lines = [line for line in RECONSTRUCTION.splitlines() if line.startswith("| ") and "---" not in line]
    assert tables == 6
    assert len(_rows()) == len(lines) - tables > 40  # every row has its six cells


def test_the_reconstruction_names_only_assumed_requirements_of_the_catalog_on_inferred_or_chosen_rows() -> None:
    for topic, kind, ids in _rows():
        for rid in ids:
            assert rid in CATALOG, f"{topic}: {rid} is not in the catalog"
            assert CATALOG[rid].level is Level.ASSUMED, f"{topic}: {rid} is {CATALOG[rid].level.value}"
            assert "inferred" in kind or "chosen" in kind, f"{topic} is {kind}, yet checked as {rid}"


def test_every_assumed_requirement_comes_from_a_row_of_the_reconstruction() -> None:
    named = {rid for _, _, ids in _rows() for rid in ids}
    assumed = {rid for rid, requirement in CATALOG.items() if requirement.level is Level.ASSUMED}
    assert assumed == named


def test_every_relaxed_keyword_of_the_spec_names_an_assumed_requirement() -> None:
    annotations = SPEC.provenance
    assert {entry.requirement for entry in annotations} == {
        "A-EMPTY-LIST-400",
        "A-DUPLICATES-ONCE",
        "A-ERROR-BODY",
        "A-INFERRED-TYPES",
    }
    for entry in annotations:
        assert entry.requirement in CATALOG, entry
        assert CATALOG[entry.requirement].level is Level.ASSUMED, entry


def test_every_check_a_requirement_names_exists() -> None:
    schemathesis.checks.load_all_checks()
    registered = {check.__name__ for check in schemathesis.checks.CHECKS.get_all()}
    domain = _domain_tests()
    for requirement in CATALOG.values():
        assert requirement.checks, requirement.id
        assert requirement.operations
        assert set(requirement.operations) <= set(BOTH)
        for check in requirement.checks:
            known = check in registered or check in domain or check == "server_answers"
            assert known, f"{requirement.id}: no check or domain test is called {check}"
    assert {check.__name__ for check in custom_checks.CUSTOM_CHECKS} <= registered


def test_the_conditional_checks_are_the_suites_own_response_checks() -> None:
    # They alone pass over answers they are not about; a run may then leave their requirement untested.
    assert {check.__name__ for check in custom_checks.CUSTOM_CHECKS} == CONDITIONAL_CHECKS
    assert {r.id for r in CATALOG.values() if r.conditional} == {"S-ASKED-SITES", "A-ERROR-BODY"}


def test_every_domain_test_checks_one_requirement_that_names_it() -> None:
    for name, ids in _domain_tests().items():
        assert len(ids) == 1, f"{name} names {sorted(ids)}"
        (rid,) = ids
        assert name in CATALOG[rid].checks, f"{rid} does not name {name} among its checks"


def test_the_requirements_command_lists_every_requirement_with_its_level_and_source() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "contract_tests", "requirements"], capture_output=True, text=True, check=True
    )
    for requirement in CATALOG.values():
        assert f"{requirement.id}  [{requirement.level.value}]" in result.stdout
        assert f"source: {requirement.source}" in result.stdout


@pytest.mark.parametrize("level", list(Level))
def test_each_level_has_requirements(level: Level) -> None:
    assert any(requirement.level is level for requirement in CATALOG.values())


def test_schemathesis_own_command_works_in_the_repository() -> None:
    # schemathesis.toml is discovered from the working directory by `st` too; it needs no environment.
    st = Path(sys.executable).parent / "st"
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMABLER_")}
    result = subprocess.run([str(st), "run", "--help"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, result.stderr


def test_every_behaviour_of_the_mock_declares_catalog_requirements_on_their_operations() -> None:
    for behaviour in CATALOG_OF_MOCK:
        for entry in behaviour.expected:
            rid, _, operation = entry.partition("@")
            assert rid in CATALOG, f"{behaviour.name}: {rid}"
            assert not operation or operation in CATALOG[rid].operations, f"{behaviour.name}: {entry}"
            if behaviour.kind is Kind.VARIANT:
                assert CATALOG[rid].level is Level.ASSUMED, f"variant {behaviour.name} differs on {rid}"
