"""The conformance report: an operation x check matrix, first failures, nullable observations.

Registered as a pytest plugin by contract_tests/conftest.py. Schemathesis' checks are
recorded through its `after_validate` hook; the domain tests through their
`contract_check` marker. At the end of the session the report is printed and written
to `summary.md` and `summary.json`; every key of the run is masked in both.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from contract_tests.caller import MASK
from emabler_spec import iter_property_values, nullable_properties


@dataclass
class Outcome:
    """How one check fared on one operation."""

    passed: int = 0
    failed: int = 0
    skipped: int = 0
    first_failure: str | None = None

    @property
    def verdict(self) -> str:
        return "FAILED" if self.failed else "passed" if self.passed else "skipped"


@dataclass
class ConformanceReport:
    """Collects outcomes during the run and renders them at its end."""

    target: str
    seed: int | None
    secrets: list[str]
    reports_dir: Path
    live: bool
    outcomes: dict[tuple[str, str], Outcome] = field(default_factory=dict)
    nullable_seen: dict[str, set[bool]] = field(default_factory=dict)

    def mask(self, text: str) -> str:
        """`text` with every key of the run replaced by the mask."""
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def record(
        self, operation: str, check: str, passed: bool, failure: str | None = None, skipped: bool = False
    ) -> None:
        """Count one outcome; keep the first failure's description (masked)."""
        outcome = self.outcomes.setdefault((operation, check), Outcome())
        if skipped:
            outcome.skipped += 1
            return
        if passed:
            outcome.passed += 1
            return
        outcome.failed += 1
        if outcome.first_failure is None and failure:
            outcome.first_failure = self.mask(failure)

    def observe(self, body: Any, schema: str | dict[str, Any]) -> None:
        """Note which nullable properties a response body carried as null and as a value."""
        for owner, prop, value in iter_property_values(body, schema):
            self.nullable_seen.setdefault(f"{owner}.{prop}", set()).add(value is None)

    @property
    def failed(self) -> list[tuple[str, str]]:
        """The (operation, check) pairs that failed."""
        return [key for key, outcome in self.outcomes.items() if outcome.failed]

    def as_dict(self) -> dict[str, Any]:
        nullable = {str(p): sorted(self._nullable_state(str(p))) for p in nullable_properties()}
        return {
            "target": self.target,
            "seed": self.seed,
            "conforms": not self.failed,
            "results": [
                {
                    "operation": operation,
                    "check": check,
                    "result": outcome.verdict,
                    "passed": outcome.passed,
                    "failed": outcome.failed,
                    "first_failure": outcome.first_failure,
                }
                for (operation, check), outcome in sorted(self.outcomes.items())
            ],
            "nullable_observed": nullable,
        }

    def _nullable_state(self, name: str) -> Iterable[str]:
        return {"null" if is_null else "value" for is_null in self.nullable_seen.get(name, set())}

    def render(self) -> str:
        """The summary as Markdown: verdict, matrix, first failures, nullable observations."""
        verdict = "CONFORMS" if not self.failed else f"DOES NOT CONFORM ({len(self.failed)} failing checks)"
        lines = [f"# Contract run: {verdict}", "", f"Target: {self.target}  ", f"Seed: {self.seed}", ""]
        lines += ["| operation | check | result | passed | failed |", "|---|---|---|---|---|"]
        for (operation, check), outcome in sorted(self.outcomes.items()):
            lines.append(f"| {operation} | {check} | {outcome.verdict} | {outcome.passed} | {outcome.failed} |")
        failures = [(key, o) for key, o in sorted(self.outcomes.items()) if o.failed]
        if failures:
            lines += ["", "## First failure of each failing check", ""]
            for (operation, check), outcome in failures:
                lines += [
                    f"### {operation} x {check}",
                    "",
                    "```",
                    outcome.first_failure or "(no detail)",
                    "```",
                    "",
                ]
        both = [str(p) for p in nullable_properties() if self._nullable_state(str(p)) == {"null", "value"}]
        partial = {
            str(p): sorted(self._nullable_state(str(p)))
            for p in nullable_properties()
            if self._nullable_state(str(p)) != {"null", "value"}
        }
        lines += [
            "",
            f"## Nullable properties: {len(both)} of {len(nullable_properties())} seen as null and as value",
        ]
        lines += [f"- {name}: seen as {', '.join(state) or 'nothing'}" for name, state in partial.items()]
        return self.mask("\n".join(lines)) + "\n"

    def write(self) -> Path:
        """Write summary.md and summary.json under the reports folder; return the .md path."""
        self.reports_dir.mkdir(parents=True, exist_ok=True)
        (self.reports_dir / "summary.json").write_text(self.mask(json.dumps(self.as_dict(), indent=2)) + "\n")
        summary = self.reports_dir / "summary.md"
        summary.write_text(self.render())
        return summary

    # pytest hooks ---------------------------------------------------------------------------

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        marker = item.get_closest_marker("contract_check")
        if marker is not None and report.skipped and report.when in ("setup", "call"):
            check, operation = marker.args
            self.record(operation, check, passed=False, skipped=True)
        elif marker is not None and report.when == "call":
            check, operation = marker.args
            detail = None
            if report.failed:
                caller = getattr(item, "funcargs", {}).get("api")
                curl = caller.last_curl() if caller is not None else None
                message = call.excinfo.exconly() if call.excinfo else report.longreprtext
                detail = message.strip() + (f"\n\nLast request:\n    {curl}" if curl else "")
            self.record(operation, check, report.passed, detail)
        elif report.when == "call" and report.failed and "[" in item.name:
            # A Schemathesis test that failed outside any check (an error, a health check).
            operation = item.name.split("[", 1)[1].rstrip("]")
            if not any(o.failed for (op, _), o in self.outcomes.items() if op == operation):
                self.record(operation, "run", False, report.longreprtext[-2000:])
        return report

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        path = self.write()
        terminalreporter.write("\n" + self.render())
        terminalreporter.write_line(f"Reports: {path} , {path.with_suffix('.json')} , {self.reports_dir / 'junit.xml'}")
