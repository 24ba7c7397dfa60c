"""summary.json: the verdict and every requirement x operation with its counts and evidence, for programs."""

from __future__ import annotations

import json

from contract_tests.verdict import Grade, Result
from emabler_spec import SPEC


def render(grade: Grade) -> str:
    verdict, outcomes = grade.verdict, grade.outcomes
    summary = {
        "verdict": verdict.value if verdict else None,
        "conforms": verdict.exit_code == 0 if verdict else None,
        "strict": grade.strict,
        "target": outcomes.target,
        "seed": outcomes.seed,
        "reproduce": outcomes.reproduce,
        "failed": grade.ids_with(Result.FAILED),
        "warnings": grade.ids_with(Result.WARNING),
        "not_tested": grade.ids_with(Result.SKIPPED),
        "failed_on": [{"id": r.id, "operation": op} for r, op, *_ in grade.rows(Result.FAILED)],
        "warnings_on": [{"id": r.id, "operation": op} for r, op, *_ in grade.rows(Result.WARNING)],
        "requirements": [
            {"id": r.id, "level": r.level.value, "statement": r.statement, "source": r.source, "operation": op}
            | {"result": result.value, "passed": tally.passed, "failed": tally.failed, "evidence": tally.evidence}
            | {"not_tested_because": tally.skipped}
            for r, op, result, tally in grade.rows()
        ],
        "nullable_observed": {str(p): outcomes.nullable_state(str(p)) for p in SPEC.nullable_properties},
    }
    return json.dumps(summary, indent=2) + "\n"
