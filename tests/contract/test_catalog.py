"""The catalog of requirements, docs/reconstruction.md and openapi.yaml's x-provenance say the same thing;
the catalog names its checks, each domain test declares its requirement, and a wrong declaration stops a run."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import schemathesis.checks

from contract_tests import checks as custom_checks
from contract_tests.readings import IDENTIFIER, readings
from contract_tests.readings import RECONSTRUCTION as RECONSTRUCTION_PACKAGED
from contract_tests.requirements import BOTH, CATALOG, Level
from emabler_spec import SPEC
from mock_server import CATALOG as CATALOG_OF_MOCK
from mock_server import Kind
from tests.checkout import contract_env

ROOT = Path(__file__).resolve().parent.parent.parent
RECONSTRUCTION = (ROOT / "docs" / "reconstruction.md").read_text()
CONFORMANCE = (ROOT / "docs" / "conformance.md").read_text()
DOMAIN = ("test_auth_and_tenants", "test_ids_and_bodies", "test_known_sites", "test_methods")


def _registered() -> dict[str, list[str]]:
    """Each requirement's domain tests as the plugin registers them (a collect-only session of the suite)."""
    code = "import json; from contract_tests.plugin import registered_tests; print(json.dumps(registered_tests()))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    found: dict[str, list[str]] = json.loads(result.stdout)
    return found


REGISTERED = _registered()


def test_the_reconstruction_travels_as_package_data_and_every_row_of_its_tables_is_read() -> None:
    assert RECONSTRUCTION_PACKAGED.read_text(encoding="utf-8") == RECONSTRUCTION  # the report shows the rows
    tables = RECONSTRUCTION.count("| topic | documentation | spec | kind | why | checked as |")
    lines = [line for line in RECONSTRUCTION.splitlines() if line.startswith("| ") and "---" not in line]
    assert tables == 6
    assert len(readings()) == len(lines) - tables > 40  # every row has its six cells
    assert {reading.section for reading in readings()} >= {"Security", "Error bodies", "Schemas"}


def test_the_reconstruction_names_only_assumed_requirements_of_the_catalog_on_inferred_or_chosen_rows() -> None:
    for reading in readings():
        for rid in reading.checked_as:
            assert rid in CATALOG, f"{reading.topic}: {rid} is not in the catalog"
            assert CATALOG[rid].level is Level.ASSUMED, f"{reading.topic}: {rid} is {CATALOG[rid].level.value}"
            assert "inferred" in reading.kind or "chosen" in reading.kind, f"{reading.topic} is {reading.kind}: {rid}"


def test_every_assumed_requirement_comes_from_a_row_of_the_reconstruction() -> None:
    named = {rid for reading in readings() for rid in reading.checked_as}
    assumed = {rid for rid, requirement in CATALOG.items() if requirement.level is Level.ASSUMED}
    assert assumed == named


def test_every_relaxed_keyword_of_the_spec_names_an_assumed_requirement() -> None:
    annotations = SPEC.provenance
    assert {entry.requirement for entry in annotations} == {
        "A-MISSING-SITE-400",
        "A-EMPTY-LIST-400",
        "A-DUPLICATES-ONCE",
        "A-ERROR-BODY",
        "A-INFERRED-TYPES",
    }
    for entry in annotations:
        assert entry.requirement in CATALOG, entry
        assert CATALOG[entry.requirement].level is Level.ASSUMED, entry


def test_every_check_a_requirement_names_is_one_schemathesis_runs_or_the_runs_own() -> None:
    schemathesis.checks.load_all_checks()
    registered = set(schemathesis.checks.CHECKS.get_all())
    for requirement in CATALOG.values():
        assert requirement.operations
        assert set(requirement.operations) <= set(BOTH)
        for check in requirement.checks:
            assert check in registered or check is custom_checks.server_answers, f"{requirement.id}: {check}"
    assert set(custom_checks.CUSTOM_CHECKS) <= registered


def test_every_requirement_is_verified_by_a_check_or_by_a_test_that_declares_it() -> None:
    assert set(REGISTERED) <= set(CATALOG)
    for requirement in CATALOG.values():
        assert requirement.checks or REGISTERED.get(requirement.id), f"nothing verifies {requirement.id}"


def test_only_the_suites_own_response_checks_make_a_requirement_conditional() -> None:
    # They alone pass over answers they are not about; a run may then leave their requirement untested.
    named = CONFORMANCE.split("graded only by checks that apply to some answers (", 1)[1].split(")", 1)[0]
    assert {r.id for r in CATALOG.values() if r.conditional} == set(IDENTIFIER.findall(named))
    assert set(IDENTIFIER.findall(named)) == {"S-ASKED-SITES", "A-ERROR-BODY"}
    # A Schemathesis check judges every answer: beside one, the suite's own no longer leaves it untested.
    error_body = CATALOG["A-ERROR-BODY"]
    assert not replace(error_body, checks=(*error_body.checks, schemathesis.checks.not_a_server_error)).conditional
    assert not replace(error_body, checks=()).conditional  # a domain test verifies it, on every run


def test_every_domain_test_declares_exactly_one_requirement() -> None:
    declared = Counter(name for names in REGISTERED.values() for name in names)
    for module in DOMAIN:  # read, not imported: its markers are registered by the suite's plugin, not here
        tree = ast.parse((ROOT / "contract_tests" / f"{module}.py").read_text())
        tests = [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]
        assert tests, module
        for name in tests:
            assert declared[name] == 1, f"{module}.{name} declares {declared[name]} requirements"


@pytest.mark.parametrize(
    ("marker", "says"),
    [
        ('"C-ID-LIMITS", OP2', "names no requirement of the catalog"),
        ('"C-ID-LIMIT", OP1', f"C-ID-LIMIT does not apply to {SPEC.home_site.label}"),
        ('"C-ID-LIMIT"', "names no requirement of the catalog"),
    ],
    ids=["unknown id", "operation it does not apply to", "no operation"],
)
def test_a_wrong_requirement_marker_stops_the_suite_at_collection_before_anything_runs(
    tmp_path: Path, marker: str, says: str
) -> None:
    # A suite beside the real one: its plugin, and one test whose marker is wrong and whose body says it ran.
    (tmp_path / "conftest.py").write_text("from contract_tests.conftest import pytest_configure  # noqa: F401\n")
    (tmp_path / "test_wrong.py").write_text(
        "import pytest\nfrom contract_tests.requirements import OP1, OP2  # noqa: F401\n\n\n"
        f"@pytest.mark.requirement({marker})\ndef test_declared() -> None:\n    print('THE TEST RAN')\n"
    )
    command = [str(Path(sys.executable).parent / "pytest"), str(tmp_path), "-s", "-p", "no:cacheprovider"]
    env = contract_env(EMABLER_REPORTS_DIR=str(tmp_path / "reports"))
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "test_wrong.py::test_declared: @pytest.mark.requirement(" in result.stderr
    assert says in result.stderr
    assert "THE TEST RAN" not in result.stdout


def test_the_requirements_command_lists_every_requirement_with_its_level_source_and_checks() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "contract_tests", "requirements"], capture_output=True, text=True, check=True
    )
    for requirement in CATALOG.values():
        assert f"{requirement.id}  [{requirement.level.value}]" in result.stdout
        assert f"source: {requirement.source}" in result.stdout
        checked_by = [*requirement.check_names, *REGISTERED.get(requirement.id, [])]
        assert f"    checked by: {', '.join(checked_by)}\n" in result.stdout


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
