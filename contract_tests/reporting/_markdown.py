"""summary.md: the verdict, the table, each problem with its evidence, and the nullable properties seen."""

from __future__ import annotations

from contract_tests.reporting._terminal import PROBLEMS, detail, table
from contract_tests.verdict import Grade, Result
from emabler_spec import SPEC


def render(grade: Grade) -> str:
    outcomes, (header, *rows), strict = grade.outcomes, table(grade), "on" if grade.strict else "off"
    lines = [f"# Contract run: {grade.headline()}", ""]
    identity = outcomes.identity
    lines += [f"Target: {identity.target}  ", f"Seed: {identity.seed}  ", f"Strict: {strict}", ""]
    lines += [f"| {' | '.join(header)} |", "|" + "---|" * len(header), *(f"| {' | '.join(row)} |" for row in rows)]
    problems = grade.rows(*PROBLEMS)
    lines += ["", "## Failures, warnings and what was not tested", ""] if problems else []
    for requirement, operation, result, tally in problems:
        lines += [f"### {result.value.upper()}: {requirement.id} on {operation}", "", requirement.statement]
        lines += ["", f"Level: {requirement.level.value}. Source: {requirement.source}.", ""]
        if result is Result.SKIPPED:
            lines += [f"Not tested: {tally.skipped}", ""]
        else:
            lines += ["```", detail(tally), "```", ""]
    if identity.reproduce:
        lines += ["", f"To reproduce a request: {identity.reproduce}."]
    every = [str(p) for p in SPEC.nullable_properties]
    seen = {name: outcomes.coverage.nullable_state(name) for name in every}
    partly = {name: ", ".join(state) or "nothing" for name, state in seen.items() if state != ["null", "value"]}
    lines += ["", f"## Nullable properties: {len(every) - len(partly)} of {len(every)} seen as null and as value", ""]
    lines += ["Information, not a requirement: a server may leave a nullable property always set.", ""]
    lines += [f"- {name}: seen as {state}" for name, state in partly.items()]
    return "\n".join(lines) + "\n"
