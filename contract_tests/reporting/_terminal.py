"""What the command prints: the verdict first, the requirement x operation table, then what failed and why."""

from __future__ import annotations

from contract_tests.outcomes import Tally
from contract_tests.requirements import BOTH, CATALOG, Requirement
from contract_tests.verdict import Grade, Result

PROBLEMS = (Result.FAILED, Result.WARNING, Result.SKIPPED)


def cell(grade: Grade, requirement: Requirement, operation: str) -> str:
    """The result and how many answers tested it; `-` where the requirement does not apply."""
    if operation not in requirement.operations:
        return "-"
    result, tally = grade.result(requirement, operation), grade.outcomes.tally(requirement.id, operation)
    if result in (Result.SKIPPED, Result.NOT_RUN):
        return str(result.value)
    return f"{result.value if result is Result.PASSED else result.value.upper()} ({tally.passed + tally.failed})"


def detail(tally: Tally) -> str:
    """A failure's evidence as plain text."""
    return tally.evidence.text if tally.evidence else "(no detail)"


def table(grade: Grade) -> list[list[str]]:
    """The header, then a row per requirement with a cell per operation."""
    rows = [[r.id, r.level.value, *(cell(grade, r, op) for op in BOTH)] for r in CATALOG.values()]
    return [["requirement", "level", *BOTH], *rows]


def render(grade: Grade) -> str:
    outcomes, rows = grade.outcomes, table(grade)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [grade.headline(), "", f"Target: {outcomes.identity.target}   Strict: {'on' if grade.strict else 'off'}"]
    lines += [f"Seed: {outcomes.identity.seed}", ""]
    lines += ["  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    for requirement, operation, result, tally in grade.rows(*PROBLEMS):
        if result is Result.SKIPPED:
            lines += ["", f"NOT TESTED {requirement.id} on {operation}: {tally.skipped}"]
            continue
        lines += ["", f"{result.value.upper()} {requirement.id} ({requirement.level.value}) on {operation}"]
        lines += [f"  {requirement.statement}"]
        lines += [f"  {line}".rstrip() for line in detail(tally).splitlines()[:12]]
    if outcomes.identity.reproduce:
        lines += ["", f"To reproduce a request: {outcomes.identity.reproduce}."]
    return "\n".join(lines) + "\n"
