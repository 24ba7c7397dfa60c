"""junit.xml: one test case per requirement x operation, for CI dashboards, in the JUnit XML CI tools accept (one
`testsuites` with one `testsuite`; each case named `<id> on <operation>`, unique). A failure's message is the
requirement's statement and its text the evidence, plain text; a warning passes, named `[warning]`, its evidence in
`system-out`; a requirement not tested is skipped with the reason. The suite's properties are the run's identity."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC

from contract_tests.identity import spec_sha256, tools
from contract_tests.reporting._terminal import detail
from contract_tests.verdict import Grade, Result
from emabler_spec import SPEC

NAME = "eMabler drivers API conformance"


def render(grade: Grade) -> str:
    rows, identity = grade.rows(), grade.outcomes.identity
    counts = {
        "tests": str(len(rows)),
        "failures": str(sum(result is Result.FAILED for _, _, result, _ in rows)),
        "errors": "0",  # an error of the run itself leaves it without a verdict, and without this report
        "skipped": str(sum(result in (Result.SKIPPED, Result.NOT_RUN) for _, _, result, _ in rows)),
        "time": f"{identity.duration or 0:.3f}",
    }
    suites = ET.Element("testsuites", {"name": NAME, **counts})
    # ISO 8601 without a time zone (UTC here), the form every CI tool reads.
    started = identity.started.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    suite = ET.SubElement(suites, "testsuite", name=NAME, timestamp=started)
    for name, value in counts.items():
        suite.set(name, value)
    properties = ET.SubElement(suite, "properties")
    facts = {"target": identity.target, "spec version": SPEC.version, "spec sha256": spec_sha256()}
    facts |= {"seed": str(identity.seed), "max examples": str(identity.budget), "strict": str(grade.strict).lower()}
    for name, value in (facts | tools()).items():
        ET.SubElement(properties, "property", name=name, value=value)
    for requirement, operation, result, tally in rows:
        name = f"{requirement.id} on {operation}" + (" [warning]" if result is Result.WARNING else "")
        case = ET.SubElement(suite, "testcase", name=name, classname=requirement.level.value)
        if result is Result.FAILED:
            failure = ET.SubElement(case, "failure", message=requirement.statement, type=requirement.level.value)
            failure.text = detail(tally)
        elif result is Result.WARNING:
            ET.SubElement(case, "system-out").text = f"WARNING (assumed requirement)\n{detail(tally)}"
        elif result in (Result.SKIPPED, Result.NOT_RUN):
            ET.SubElement(case, "skipped", message=tally.skipped or "not run")
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
