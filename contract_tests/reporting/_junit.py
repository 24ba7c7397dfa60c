"""junit.xml: one test case per requirement x operation, for CI dashboards; a warning passes, visibly named."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from contract_tests.verdict import Grade, Result


def render(grade: Grade) -> str:
    rows = grade.rows()
    suite = ET.Element("testsuite", name="eMabler drivers API conformance", tests=str(len(rows)))
    for requirement, operation, result, tally in rows:
        name = f"{requirement.id} on {operation}" + (" [warning]" if result is Result.WARNING else "")
        case = ET.SubElement(suite, "testcase", classname=requirement.level.value, name=name)
        properties = ET.SubElement(case, "properties")
        ET.SubElement(properties, "property", name="level", value=requirement.level.value)
        ET.SubElement(properties, "property", name="result", value=result.value)
        if result is Result.FAILED:
            ET.SubElement(case, "failure", message=requirement.statement).text = tally.evidence
        elif result is Result.WARNING:
            ET.SubElement(case, "system-out").text = f"WARNING (assumed requirement)\n{tally.evidence}"
        elif result in (Result.SKIPPED, Result.NOT_RUN):
            ET.SubElement(case, "skipped", message=tally.skipped or "not run")
    suite.set("failures", str(sum(result is Result.FAILED for _, _, result, _ in rows)))
    suite.set("skipped", str(sum(result in (Result.SKIPPED, Result.NOT_RUN) for _, _, result, _ in rows)))
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
