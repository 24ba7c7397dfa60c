"""The verdict: graded by level, first in the output, only for a complete run, with honest exit codes."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from contract_tests.evidence import Evidence
from contract_tests.identity import Identity
from contract_tests.masking import Masker
from contract_tests.outcomes import Outcomes
from contract_tests.requirements import CATALOG, pairs
from contract_tests.verdict import Grade, Result, Verdict
from emabler_spec import SPEC
from mock_server import build_dataset
from tests.checkout import ROOT, contract_command, contract_env, served_mock

OWN, OTHER = build_dataset().tenants[:2]


def _embedded(reports: Path, **settings: str) -> dict[str, str]:
    return contract_env(EMABLER_REPORTS_DIR=str(reports), **settings)


def _live(base_url: str, reports: Path) -> dict[str, str]:
    return contract_env(
        EMABLER_BASE_URL=base_url,
        EMABLER_API_KEY=OWN.tenant.api_key,
        EMABLER_CLIENT_ID=OWN.tenant.client_id,
        EMABLER_SITE_IDS=",".join(map(str, OWN.sites_with_drivers[:6])),
        EMABLER_OTHER_API_KEY=OTHER.tenant.api_key,
        EMABLER_OTHER_CLIENT_ID=OTHER.tenant.client_id,
        EMABLER_REPORTS_DIR=str(reports),
        EMABLER_MAX_EXAMPLES="10",
    )


def _run(env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the checkout's own command
        contract_command("run", *options), env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_a_variant_served_over_http_conforms_with_a_warning_and_fails_in_strict_mode(tmp_path: Path) -> None:
    with served_mock(variant="missing-site-401") as mock:
        relaxed = _run(_live(mock.base_url, tmp_path / "relaxed"))
        strict = _run(_live(mock.base_url, tmp_path / "strict"), "--strict")
    assert relaxed.returncode == 0, relaxed.stdout[-3000:] + relaxed.stderr
    assert relaxed.stdout.splitlines()[0] == "CONFORMS WITH WARNINGS (1 warning: A-MISSING-SITE-400)"
    assert strict.returncode == 1, strict.stdout[-3000:] + strict.stderr
    assert strict.stdout.splitlines()[0] == "DOES NOT CONFORM (1 failed: A-MISSING-SITE-400)"
    summary = json.loads((tmp_path / "relaxed" / "summary.json").read_text())
    assert (summary["verdict"], summary["conforms"], summary["warnings"]) == (
        "CONFORMS WITH WARNINGS",
        True,
        ["A-MISSING-SITE-400"],
    )


def test_a_fault_is_a_failure_first_in_the_output_without_a_traceback(tmp_path: Path) -> None:
    result = _run(_embedded(tmp_path, EMABLER_MOCK_FAULT="wrong-content-type", EMABLER_MAX_EXAMPLES="10"))
    assert result.returncode == 1
    assert result.stdout.startswith("DOES NOT CONFORM (")
    assert "C-CONTENT-TYPE" in result.stdout.splitlines()[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert "x-functions-key: [Filtered]" in result.stdout  # the failing request, its key masked


def test_junit_has_one_case_per_requirement_and_operation_with_warnings_visible_not_failing(tmp_path: Path) -> None:
    result = _run(_embedded(tmp_path, EMABLER_MOCK_VARIANT="empty-list-404", EMABLER_MAX_EXAMPLES="10"))
    assert result.returncode == 0, result.stdout[-3000:]
    suite = ET.parse(tmp_path / "junit.xml").getroot()  # noqa: S314 - the run's own report
    names = [case.get("name") for case in suite.iter("testcase")]
    assert len(names) == len(pairs())
    assert f"A-EMPTY-LIST-400 on {SPEC.drivers_for_sites.label} [warning]" in names
    assert all(" on " in str(name) for name in names)
    assert suite.get("failures") == "0"
    assert not list(suite.iter("failure"))


def test_every_requirement_is_in_every_report(tmp_path: Path) -> None:
    result = _run(_embedded(tmp_path, EMABLER_MAX_EXAMPLES="10"))
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stdout.splitlines()[0] == "CONFORMS"
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert {entry["id"] for entry in summary["requirements"]} == set(CATALOG)
    markdown = (tmp_path / "summary.md").read_text()
    assert markdown.startswith("# Contract run: CONFORMS\n")
    assert all(f"| {rid} | {r.level.value} |" in markdown for rid, r in CATALOG.items())


def test_a_run_that_tests_nothing_exits_non_zero_and_claims_nothing(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603
        [str(Path(contract_command()[0]).parent / "pytest"), "contract_tests", "--collect-only", "-q"],
        cwd=ROOT,
        env=_embedded(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert "CONFORMS" not in result.stdout + result.stderr
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    "selection", [["contract_tests", "-k", "test_methods"], ["contract_tests/test_methods.py"]], ids=["-k", "file"]
)
def test_a_run_of_part_of_the_suite_exits_non_zero_and_claims_nothing(tmp_path: Path, selection: list[str]) -> None:
    result = subprocess.run(  # noqa: S603
        [str(Path(contract_command()[0]).parent / "pytest"), *selection, "-q"],
        cwd=ROOT,
        env=_embedded(tmp_path, EMABLER_MAX_EXAMPLES="5"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0, result.stdout[-3000:]
    assert "NO VERDICT" in result.stdout
    assert "CONFORMS" not in result.stdout + result.stderr
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def _all_passed_but(left_out: tuple[str, str]) -> Outcomes:
    outcomes = Outcomes(Identity("a server", seed=1), Masker([]))
    for requirement, operation in pairs():
        if (requirement.id, operation) != left_out:
            outcomes.record(requirement.id, operation, passed=True)
    return outcomes


def test_a_requirement_no_answer_applied_to_is_listed_not_tested_never_passed() -> None:
    outcomes = _all_passed_but(("S-ASKED-SITES", SPEC.drivers_for_sites.label))
    grade = Grade(outcomes, strict=False)
    assert grade.verdict is None  # before the run is known to be complete
    outcomes.complete()
    assert grade.verdict is Verdict.CONFORMS
    assert grade.headline() == "CONFORMS (1 not tested: S-ASKED-SITES)"
    assert grade.result(CATALOG["S-ASKED-SITES"], SPEC.drivers_for_sites.label) is Result.SKIPPED


def test_a_requirement_every_answer_should_test_that_nothing_tested_leaves_no_verdict() -> None:
    outcomes = _all_passed_but(("C-STATUS", SPEC.drivers_for_sites.label))
    outcomes.complete()
    assert Grade(outcomes, strict=False).verdict is None


@pytest.mark.parametrize(
    ("requirement_id", "strict", "verdict"),
    [("C-AUTH", False, Verdict.FAILS), ("A-405", False, Verdict.WARNINGS), ("A-405", True, Verdict.FAILS)],
)
def test_a_failure_is_graded_by_its_level_and_the_strictness(
    requirement_id: str, strict: bool, verdict: Verdict
) -> None:
    outcomes = _all_passed_but(("", ""))
    outcomes.record(requirement_id, SPEC.home_site.label, passed=False, evidence=Evidence("what showed it"))
    grade = Grade(outcomes, strict)
    assert grade.verdict is verdict
    assert verdict.exit_code == (1 if verdict is Verdict.FAILS else 0)
    assert grade.headline().startswith(f"{verdict.value} (1 ")


def _default_sigint() -> None:
    # A background job of a non-interactive shell ignores SIGINT, and its children inherit that: this
    # child must see the interrupt however this test is run.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _python_handles_sigint(pid: int) -> bool:
    """The process has installed its SIGINT handler (Python has started): an interrupt is now its to answer."""
    status = Path(f"/proc/{pid}/status").read_text()
    caught = next(int(line.split()[1], 16) for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(caught >> (signal.SIGINT - 1) & 1)


@pytest.mark.parametrize(("moment", "after"), [("right after start", 0.5), ("while checking", 8.0)])
def test_an_interrupted_run_exits_non_zero_and_leaves_no_verdict(tmp_path: Path, moment: str, after: float) -> None:
    # Right after start, click parses and the run starts (its imports, the mock, the preflight); then
    # pytest checks. A large budget keeps the run going long after the interrupt.
    process = subprocess.Popen(  # noqa: S603
        contract_command("run"),
        env=_embedded(tmp_path, EMABLER_MAX_EXAMPLES="400"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )
    try:
        deadline = time.monotonic() + 60
        while not _python_handles_sigint(process.pid):
            assert time.monotonic() < deadline, "the command never installed its SIGINT handler"
            time.sleep(0.01)
        time.sleep(after)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        process.kill()  # a failed test leaves no run behind
    assert process.returncode == 130, f"{moment}: {stderr}"  # the shell's code for SIGINT, as the command documents
    assert stderr.strip().splitlines()[-1] == "interrupted: no verdict, no report written", stderr
    assert "Aborted" not in stderr
    assert "Traceback" not in stderr
    assert "CONFORMS" not in stdout + stderr
    assert not tmp_path.exists() or not any(tmp_path.iterdir())
