"""The verdict of a run: outcomes per requirement x operation, graded by level, and the reports.

A run has a verdict only when every requirement of the catalog was evaluated on every
operation it applies to, or was skipped with a reason: an interrupted or partial run has
none. CONFORMS: nothing failed. CONFORMS WITH WARNINGS: only assumed requirements failed
(strict mode turns them into failures). DOES NOT CONFORM: a contract or semantics
requirement failed. Everything the report writes or prints has every key of the run masked.
"""

from __future__ import annotations

import enum
import functools
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract_tests.masking import Masker
from contract_tests.requirements import CATALOG, Requirement, for_check, pairs
from emabler_spec import SPEC

FILES = ("summary.md", "summary.json", "junit.xml")


class Verdict(enum.Enum):
    """The three grades of a complete run."""

    CONFORMS = "CONFORMS"
    WARNINGS = "CONFORMS WITH WARNINGS"
    FAILS = "DOES NOT CONFORM"


class Result(enum.Enum):
    """How one requirement fared on one operation."""

    PASSED = "passed"
    WARNING = "warning"
    FAILED = "failed"
    SKIPPED = "skipped"
    NOT_RUN = "not run"


@dataclass
class Tally:
    """The evaluations of one requirement on one operation."""

    passed: int = 0
    failed: int = 0
    skipped: str | None = None  # the reason, when it was skipped
    evidence: str | None = None  # the first failure: what happened and the request that shows it


@dataclass
class Report:
    """Collects the run's outcomes and renders its verdict."""

    target: str
    seed: int | None
    strict: bool
    secrets: list[str] = field(repr=False)
    reproduce: str = ""
    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)
    nullable_seen: dict[str, set[bool]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # what kept the run from testing: no verdict then

    def __repr__(self) -> str:
        return f"Report(target={self.target!r}, strict={self.strict})"

    @functools.cached_property
    def _masker(self) -> Masker:
        return Masker(self.secrets)

    def mask(self, text: str) -> str:
        """`text` with every key of the run, in every form it may be echoed in, replaced by the mask."""
        return self._masker(text)

    # Recording --------------------------------------------------------------------------------

    def record(self, requirement_id: str, operation: str, passed: bool, evidence: str | None = None) -> None:
        """Count one evaluation; keep the first failure's evidence, masked."""
        tally = self.tallies.setdefault((requirement_id, operation), Tally())
        if passed:
            tally.passed += 1
            return
        tally.failed += 1
        if tally.evidence is None and evidence:
            tally.evidence = self.mask(evidence)

    def record_check(self, check: str, operation: str, passed: bool, evidence: str | None = None) -> None:
        """Count one check's result under the requirement it verifies."""
        requirement = for_check(check)
        if requirement is None:
            # A check the catalog does not grade (a Schemathesis upgrade may add one): its failure
            # must not vanish, and cannot be graded, so the run has no verdict.
            if not passed:
                self.errors.append(self.mask(f"check {check} failed on {operation} and grades no requirement"))
            return
        self.record(requirement.id, operation, passed, evidence)

    def skip(self, requirement_id: str, operation: str, reason: str) -> None:
        """Note that a requirement could not be evaluated on an operation, and why."""
        self.tallies.setdefault((requirement_id, operation), Tally()).skipped = self.mask(reason)

    def complete(self) -> None:
        """Close a run in which every test ran: a conditional requirement no answer applied to is not tested.

        (Its checks apply to some answers only, such as 200s with a JSON body; a server that never
        gives one leaves it untested, which the summary lists, never passed. Any other requirement
        that nothing evaluated still leaves the run without a verdict.)"""
        for requirement, operation in self.not_run:
            if requirement.conditional:
                self.skip(requirement.id, operation, "no answer in this run was one it applies to")

    def observe(self, body: Any, schema: str | dict[str, Any]) -> None:
        """Note which nullable properties a response body carried as null and as a value."""
        for owner, prop, value in SPEC.property_values(body, schema):
            self.nullable_seen.setdefault(f"{owner}.{prop}", set()).add(value is None)

    # Reading ----------------------------------------------------------------------------------

    def result(self, requirement: Requirement, operation: str) -> Result:
        tally = self.tallies.get((requirement.id, operation))
        if tally is None:
            return Result.NOT_RUN
        if tally.failed:
            return Result.FAILED if requirement.level.fails_run(self.strict) else Result.WARNING
        if tally.passed:
            return Result.PASSED
        return Result.SKIPPED if tally.skipped else Result.NOT_RUN

    def _with(self, *results: Result) -> list[tuple[Requirement, str]]:
        return [(r, op) for r, op in pairs() if self.result(r, op) in results]

    @property
    def not_run(self) -> list[tuple[Requirement, str]]:
        """The requirement x operation pairs nothing evaluated or skipped: the run is incomplete."""
        return self._with(Result.NOT_RUN)

    @property
    def verdict(self) -> Verdict | None:
        """The grade, or None for an incomplete run or one that met an error of its own."""
        if self.not_run or self.errors:
            return None
        if self._with(Result.FAILED):
            return Verdict.FAILS
        return Verdict.WARNINGS if self._with(Result.WARNING) else Verdict.CONFORMS

    def headline(self) -> str:
        """The verdict line."""
        verdict = self.verdict
        if verdict is None:
            why = f"{len(self.errors)} errors of the run" if self.errors else f"{len(self.not_run)} checks did not run"
            return f"NO VERDICT: {why}"
        failed = sorted({r.id for r, _ in self._with(Result.FAILED)})
        warned = sorted({r.id for r, _ in self._with(Result.WARNING)})
        untested = sorted({r.id for r, _ in self._with(Result.SKIPPED)})
        parts = [f"{len(failed)} failed: {', '.join(failed)}"] if failed else []
        parts += [f"{len(warned)} warning{'s' if len(warned) > 1 else ''}: {', '.join(warned)}"] if warned else []
        parts += [f"{len(untested)} not tested: {', '.join(untested)}"] if untested else []
        return verdict.value + (f" ({'; '.join(parts)})" if parts else "")

    # Rendering --------------------------------------------------------------------------------

    def _operations(self) -> list[str]:
        return list(dict.fromkeys(op for r in CATALOG.values() for op in r.operations))

    def _cell(self, requirement: Requirement, operation: str) -> str:
        if operation not in requirement.operations:
            return "-"
        result = self.result(requirement, operation)
        tally = self.tallies.get((requirement.id, operation), Tally())
        if result in (Result.PASSED, Result.FAILED, Result.WARNING):
            label = result.value if result is Result.PASSED else result.value.upper()
            return f"{label} ({tally.passed + tally.failed})"
        return str(result.value)

    def table(self) -> list[str]:
        """The requirement x operation table, one line each, columns aligned."""
        operations = self._operations()
        rows = [["requirement", "level", *operations]]
        rows += [[r.id, r.level.value, *(self._cell(r, op) for op in operations)] for r in CATALOG.values()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]

    def _problems(self) -> Iterable[tuple[Requirement, str, Result, Tally]]:
        for requirement, operation in pairs():
            result = self.result(requirement, operation)
            if result in (Result.FAILED, Result.WARNING, Result.SKIPPED):
                yield requirement, operation, result, self.tallies[(requirement.id, operation)]

    def render_text(self) -> str:
        """What the command prints: the verdict first, the table, then what failed and why."""
        lines = [self.headline(), "", f"Target: {self.target}   Strict: {'on' if self.strict else 'off'}"]
        lines += [f"Seed: {self.seed}", "", *self.table()]
        for requirement, operation, result, tally in self._problems():
            if result is Result.SKIPPED:
                lines += ["", f"NOT TESTED {requirement.id} on {operation}: {tally.skipped}"]
                continue
            lines += ["", f"{result.value.upper()} {requirement.id} ({requirement.level.value}) on {operation}"]
            lines += [f"  {requirement.statement}"]
            lines += [f"  {line}".rstrip() for line in (tally.evidence or "(no detail)").splitlines()[:12]]
        if self.reproduce:
            lines += ["", f"To reproduce a request: {self.reproduce}."]
        return self.mask("\n".join(lines)) + "\n"

    def render_markdown(self) -> str:
        """summary.md."""
        operations = self._operations()
        lines = [f"# Contract run: {self.headline()}", ""]
        lines += [f"Target: {self.target}  ", f"Seed: {self.seed}  ", f"Strict: {'on' if self.strict else 'off'}", ""]
        lines += ["| requirement | level | " + " | ".join(operations) + " |"]
        lines += ["|---|---|" + "---|" * len(operations)]
        lines += [
            f"| {r.id} | {r.level.value} | " + " | ".join(self._cell(r, op) for op in operations) + " |"
            for r in CATALOG.values()
        ]
        problems = list(self._problems())
        if problems:
            lines += ["", "## Failures, warnings and what was not tested", ""]
        for requirement, operation, result, tally in problems:
            lines += [f"### {result.value.upper()}: {requirement.id} on {operation}", "", requirement.statement]
            lines += ["", f"Level: {requirement.level.value}. Source: {requirement.source}.", ""]
            if result is Result.SKIPPED:
                lines += [f"Not tested: {tally.skipped}", ""]
            else:
                lines += ["```", tally.evidence or "(no detail)", "```", ""]
        if self.reproduce:
            lines += ["", f"To reproduce a request: {self.reproduce}."]
        lines += ["", *self._nullable_lines()]
        return self.mask("\n".join(lines)) + "\n"

    def _nullable_state(self, name: str) -> list[str]:
        return sorted({"null" if is_null else "value" for is_null in self.nullable_seen.get(name, set())})

    def _nullable_lines(self) -> list[str]:
        every = [str(p) for p in SPEC.nullable_properties]
        both = [name for name in every if self._nullable_state(name) == ["null", "value"]]
        lines = [f"## Nullable properties: {len(both)} of {len(every)} seen as null and as value", ""]
        lines += ["Information, not a requirement: a server may leave a nullable property always set.", ""]
        lines += [
            f"- {name}: seen as {', '.join(self._nullable_state(name)) or 'nothing'}"
            for name in every
            if name not in both
        ]
        return lines

    def as_dict(self) -> dict[str, Any]:
        """summary.json."""
        verdict = self.verdict
        return {
            "verdict": verdict.value if verdict else None,
            "conforms": verdict in (Verdict.CONFORMS, Verdict.WARNINGS) if verdict else None,
            "strict": self.strict,
            "target": self.target,
            "seed": self.seed,
            "reproduce": self.reproduce,
            "failed": sorted({r.id for r, _ in self._with(Result.FAILED)}),
            "warnings": sorted({r.id for r, _ in self._with(Result.WARNING)}),
            "not_tested": sorted({r.id for r, _ in self._with(Result.SKIPPED)}),
            "failed_on": [{"id": r.id, "operation": op} for r, op in self._with(Result.FAILED)],
            "warnings_on": [{"id": r.id, "operation": op} for r, op in self._with(Result.WARNING)],
            "requirements": [
                {
                    "id": r.id,
                    "level": r.level.value,
                    "statement": r.statement,
                    "source": r.source,
                    "operation": operation,
                    "result": self.result(r, operation).value,
                    "passed": self.tallies.get((r.id, operation), Tally()).passed,
                    "failed": self.tallies.get((r.id, operation), Tally()).failed,
                    "evidence": self.tallies.get((r.id, operation), Tally()).evidence,
                    "not_tested_because": self.tallies.get((r.id, operation), Tally()).skipped,
                }
                for r, operation in pairs()
            ],
            "nullable_observed": {str(p): self._nullable_state(str(p)) for p in SPEC.nullable_properties},
        }

    def junit(self) -> str:
        """junit.xml: one test case per requirement x operation; a warning passes, visibly named."""
        suite = ET.Element("testsuite", name="eMabler drivers API conformance", tests=str(len(pairs())))
        counts = {"failures": 0, "skipped": 0}
        for requirement, operation in pairs():
            result = self.result(requirement, operation)
            tally = self.tallies.get((requirement.id, operation), Tally())
            name = f"{requirement.id} on {operation}" + (" [warning]" if result is Result.WARNING else "")
            case = ET.SubElement(suite, "testcase", classname=f"{requirement.level.value}", name=name)
            properties = ET.SubElement(case, "properties")
            ET.SubElement(properties, "property", name="level", value=requirement.level.value)
            ET.SubElement(properties, "property", name="result", value=result.value)
            if result is Result.FAILED:
                counts["failures"] += 1
                failure = ET.SubElement(case, "failure", message=requirement.statement)
                failure.text = tally.evidence
            elif result is Result.WARNING:
                ET.SubElement(case, "system-out").text = f"WARNING (assumed requirement)\n{tally.evidence}"
            elif result in (Result.SKIPPED, Result.NOT_RUN):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=tally.skipped or "not run")
        suite.set("failures", str(counts["failures"]))
        suite.set("skipped", str(counts["skipped"]))
        ET.indent(suite)
        return self.mask(ET.tostring(suite, encoding="unicode", xml_declaration=True)) + "\n"

    def write(self, folder: Path) -> list[Path]:
        """Write summary.md, summary.json and junit.xml; only a complete run writes them."""
        folder.mkdir(parents=True, exist_ok=True)
        texts = {
            "summary.md": self.render_markdown(),
            "summary.json": self.mask(json.dumps(self.as_dict(), indent=2)) + "\n",
            "junit.xml": self.junit(),
        }
        for name, text in texts.items():
            (folder / name).write_text(text, encoding="utf-8")
        return [folder / name for name in FILES]


def remove_stale(folder: Path) -> None:
    """Remove the reports of an earlier run, so that no file claims a verdict this run did not reach."""
    for name in FILES:
        (folder / name).unlink(missing_ok=True)
