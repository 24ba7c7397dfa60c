"""The verdict: each requirement x operation graded by its level, and the run's grade. Only a complete run has one
(every requirement evaluated on every operation it applies to or skipped with a reason, no error of the run's own).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from contract_tests.outcomes import Outcomes, Tally
from contract_tests.requirements import Requirement, pairs


class Verdict(enum.Enum):
    """The three grades of a complete run; the value is how every output spells it."""

    CONFORMS = "CONFORMS"
    WARNINGS = "CONFORMS WITH WARNINGS"
    FAILS = "DOES NOT CONFORM"

    @property
    def exit_code(self) -> int:
        """`emabler-contract run`'s exit status: 1 when the server does not conform, else 0."""
        return 1 if self is Verdict.FAILS else 0


class Result(enum.Enum):
    """How one requirement fared on one operation."""

    PASSED = "passed"
    WARNING = "warning"
    FAILED = "failed"
    SKIPPED = "skipped"
    NOT_RUN = "not run"


@dataclass(frozen=True)
class Grade:
    """A run's outcomes graded at a strictness: what every report shows."""

    outcomes: Outcomes
    strict: bool

    def result(self, requirement: Requirement, operation: str) -> Result:
        tally = self.outcomes.tally(requirement.id, operation)
        if tally.failed:
            return Result.FAILED if requirement.level.fails_run(self.strict) else Result.WARNING
        if tally.passed:
            return Result.PASSED
        return Result.SKIPPED if tally.skipped else Result.NOT_RUN

    def rows(self, *results: Result) -> list[tuple[Requirement, str, Result, Tally]]:
        """Each requirement x operation with its result and tally, in catalog order (those with `results` if given)."""
        every = [(r, op, self.result(r, op), self.outcomes.tally(r.id, op)) for r, op in pairs()]
        return [row for row in every if not results or row[2] in results]

    def ids_with(self, result: Result) -> list[str]:
        """The ids of the requirements with this result on some operation, sorted."""
        return sorted({row[0].id for row in self.rows(result)})

    @property
    def verdict(self) -> Verdict | None:
        """The grade, or None for an incomplete run or one that met an error of its own."""
        if self.rows(Result.NOT_RUN) or self.outcomes.errors:
            return None
        if self.rows(Result.FAILED):
            return Verdict.FAILS
        return Verdict.WARNINGS if self.rows(Result.WARNING) else Verdict.CONFORMS

    def headline(self) -> str:
        """The verdict line."""
        verdict, errors = self.verdict, len(self.outcomes.errors)
        if verdict is None:
            why = f"{errors} errors of the run" if errors else f"{len(self.rows(Result.NOT_RUN))} checks did not run"
            return f"NO VERDICT: {why}"
        failed, warned, untested = (self.ids_with(result) for result in (Result.FAILED, Result.WARNING, Result.SKIPPED))
        parts = [f"{len(failed)} failed: {', '.join(failed)}"] if failed else []
        parts += [f"{len(warned)} warning{'s' if len(warned) > 1 else ''}: {', '.join(warned)}"] if warned else []
        parts += [f"{len(untested)} not tested: {', '.join(untested)}"] if untested else []
        return verdict.value + (f" ({'; '.join(parts)})" if parts else "")
