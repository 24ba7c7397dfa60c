"""junit.xml as CI tools show it: valid against the JUnit XML schema they accept (tests/contract/junit.xsd), one case
per requirement x operation with a unique, readable name, a failure in plain text, a warning visible and passing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from contract_tests.evidence import Evidence
from contract_tests.identity import Identity
from contract_tests.masking import Masker
from contract_tests.outcomes import Outcomes
from contract_tests.reporting import _junit
from contract_tests.requirements import CATALOG, pairs
from contract_tests.verdict import Grade
from emabler_spec import SPEC
from tests.contract.conftest import FAILING

SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("junit.xsd"))
NAME = re.compile(r"^[CSA]-[A-Z0-9-]+ on (GET|POST) /[\w{}/]+( \[warning\])?$")
# What a failure's text must not hold: a traceback, a Python repr (an object's, bytes), an encoded blob.
NOT_PLAIN = re.compile(r"Traceback|object at 0x|\bb'|\bb\"|<[A-Za-z_.]+ [^>]*>|[A-Za-z0-9+/]{60,}={0,2}")
OP1, OP2 = SPEC.home_site.label, SPEC.drivers_for_sites.label


def _cases(text: str) -> list[ET.Element]:
    return list(ET.fromstring(text).iter("testcase"))  # noqa: S314 - the run's own report


def _every_result() -> str:
    """junit.xml of a run with a failure, a warning, a requirement not tested and passes."""
    outcomes = Outcomes(Identity("a server", seed=1, budget=5), Masker([]))
    curl = f"curl -X POST '{SPEC.local_server_url}{SPEC.drivers_for_sites.path}'"
    shown = Evidence("expected 400, got 200", curl, 200)
    for requirement, operation in pairs():
        if (requirement.id, operation) in {("C-STATUS", OP1), ("A-405", OP1)}:  # a failure, and a warning
            outcomes.record(requirement.id, operation, passed=False, evidence=shown)
        elif (requirement.id, operation) == ("S-TENANT-ISOLATION", OP2):
            outcomes.skip(requirement.id, operation, "EMABLER_OTHER_API_KEY and EMABLER_OTHER_CLIENT_ID are not set")
        else:
            outcomes.record(requirement.id, operation, passed=True)
    outcomes.complete()
    outcomes.identity.end()
    return _junit.render(Grade(outcomes, strict=False))


def test_junit_with_every_result_is_valid_against_the_schema_ci_tools_accept() -> None:
    text = _every_result()
    SCHEMA.validate(text)
    root = ET.fromstring(text)  # noqa: S314
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == (
        str(len(pairs())),
        "1",
        "0",
        "1",
    )


def test_the_schema_refuses_what_ci_tools_do_not_read() -> None:
    # The schema can fail: a case without a classname, properties inside a case, a time-zoned timestamp.
    text = _every_result()
    for broken in (
        text.replace(' classname="contract"', "", 1),
        text.replace(
            "<testcase ", '<testcase><properties><property name="a" value="b"/></properties></testcase><testcase ', 1
        ),
        re.sub(r'timestamp="([^"]+)"', r'timestamp="\1+00:00"', text),
    ):
        assert not SCHEMA.is_valid(broken)


def test_a_warning_passes_visibly_and_a_requirement_not_tested_is_skipped_with_its_reason() -> None:
    cases = {case.get("name"): case for case in _cases(_every_result())}
    warning = cases[f"A-405 on {OP1} [warning]"]
    assert warning.find("failure") is None
    assert warning.find("skipped") is None
    assert warning.findtext("system-out", "").startswith("WARNING (assumed requirement)\nexpected 400, got 200")
    skipped = cases[f"S-TENANT-ISOLATION on {OP2}"].find("skipped")
    assert skipped is not None
    assert "EMABLER_OTHER_API_KEY" in skipped.get("message", "")


def test_the_junit_of_a_faulty_run_is_valid_with_unique_readable_names(faulty_reports: Path) -> None:
    text = (faulty_reports / "junit.xml").read_text()
    SCHEMA.validate(text)
    names = [str(case.get("name")) for case in _cases(text)]
    assert len(names) == len(set(names)) == len(pairs())
    assert all(NAME.match(name) for name in names), [name for name in names if not NAME.match(name)]


@pytest.mark.parametrize("source", ["a faulty run", "every result"])
def test_a_failure_says_in_plain_text_what_broke_and_the_request_that_shows_it(
    faulty_reports: Path, source: str
) -> None:
    text = (faulty_reports / "junit.xml").read_text() if source == "a faulty run" else _every_result()
    failures = [(case, case.find("failure")) for case in _cases(text) if case.find("failure") is not None]
    assert failures
    for case, failure in failures:
        assert failure is not None
        requirement = CATALOG[str(case.get("name")).split(" ", 1)[0]]
        assert (failure.get("message"), failure.get("type")) == (requirement.statement, requirement.level.value)
        assert "expected 400, got 200" in (failure.text or "")
        assert "curl -X POST" in (failure.text or "")
        assert not NOT_PLAIN.search(failure.text or ""), NOT_PLAIN.search(failure.text or "")
    if source == "a faulty run":
        assert {str(case.get("name")).split(" ", 1)[0] for case, _ in failures} == {FAILING}
