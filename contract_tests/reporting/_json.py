"""summary.json: the verdict and every requirement x operation with its counts and evidence, the run's identity and
the coverage of the contract, for programs."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from contract_tests.coverage import Coverage, id_list_boundaries
from contract_tests.identity import Identity, spec_sha256, tools
from contract_tests.verdict import Grade, Result
from emabler_spec import SPEC


def render(grade: Grade) -> str:
    verdict, outcomes = grade.verdict, grade.outcomes
    identity = outcomes.identity
    summary = {
        "verdict": verdict.value if verdict else None,
        "conforms": verdict.exit_code == 0 if verdict else None,
        "strict": grade.strict,
        "target": identity.target,
        "seed": identity.seed,
        "reproduce": identity.reproduce,
        "failed": grade.ids_with(Result.FAILED),
        "warnings": grade.ids_with(Result.WARNING),
        "not_tested": grade.ids_with(Result.SKIPPED),
        "failed_on": [{"id": r.id, "operation": op} for r, op, *_ in grade.rows(Result.FAILED)],
        "warnings_on": [{"id": r.id, "operation": op} for r, op, *_ in grade.rows(Result.WARNING)],
        "requirements": [
            {"id": r.id, "level": r.level.value, "statement": r.statement, "source": r.source, "operation": op}
            | {"result": result.value, "passed": tally.passed, "failed": tally.failed}
            | {"evidence": tally.evidence.text if tally.evidence else None, "not_tested_because": tally.skipped}
            | {"exchange": asdict(tally.evidence) if tally.evidence else None}
            for r, op, result, tally in grade.rows()
        ],
        "nullable_observed": {str(p): outcomes.coverage.nullable_state(str(p)) for p in SPEC.nullable_properties},
        "identity": _identity(identity, grade.strict),
        "coverage": _coverage(outcomes.coverage),
    }
    return json.dumps(summary, indent=2) + "\n"


def _identity(identity: Identity, strict: bool) -> dict[str, Any]:
    return {
        "target": identity.target,
        "spec_version": SPEC.version,
        "spec_sha256": spec_sha256(),
        "tools": tools(),
        "seed": identity.seed,
        "max_examples": identity.budget,
        "strict": strict,
        "started": identity.started.isoformat(timespec="seconds"),
        "duration_seconds": None if identity.duration is None else round(identity.duration, 1),
    }


def _coverage(coverage: Coverage) -> dict[str, Any]:
    lengths = coverage.id_lists
    return {
        "statuses": {
            op.label: [{"status": s, "answers": n, "documented": d} for s, n, d in coverage.status_counts(op)]
            for op in SPEC.operations
        },
        "id_list_lengths": {
            str(length): dict(sorted(lengths.get(length, {}).items()))
            for length in sorted({*lengths, *id_list_boundaries()})
        },
        "enum_values": {
            name: [{"value": v, "seen": seen, "documented": d} for v, seen, d in coverage.enum_values(name)]
            for name in SPEC.enum_properties
        },
    }
