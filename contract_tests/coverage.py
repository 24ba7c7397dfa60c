"""Coverage of the contract: what the run's answers showed of it. Each operation's statuses; the lengths of operation
2's id list sent, with the statuses they got (the boundaries are 0, 1, the most and one more); in 200 bodies, the
nullable properties seen null and set, and the values of enum properties. Information, not requirements: a
conforming server need not show all of it. Every answer of the run passes here once, and each 200 body is walked once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from schemathesis import Case, Response
from schemathesis.engine.recorder import RecordedScenario

from emabler_spec import SPEC, Operation

SCALARS = str | int | float | bool | None


def id_list_boundaries() -> tuple[int, ...]:
    """The id-list lengths where operation 2's answer changes: none, one, the most, one too many."""
    return (0, 1, SPEC.max_ids, SPEC.max_ids + 1)


@dataclass
class Coverage:
    """What the run's answers showed of the contract."""

    statuses: dict[str, Counter[int]] = field(default_factory=dict)  # operation label -> status -> answers
    id_lists: dict[int, Counter[int]] = field(default_factory=dict)  # ids sent -> status -> answers
    nullable_seen: dict[str, set[bool]] = field(default_factory=dict)  # `Schema.property` -> was it null
    enums_seen: dict[str, set[Any]] = field(default_factory=dict)  # `Schema.property` -> values seen

    def answered(self, case: Case[Any], response: Response) -> None:
        """Note one answer. A method the operation does not declare is not its answer: it is left out."""
        operation = next((op for op in SPEC.operations if op.label == case.operation.label), None)
        if operation is None or case.method.upper() != operation.method:
            return
        status = response.status_code
        self.statuses.setdefault(operation.label, Counter())[status] += 1
        sent: Any = case.body
        ids = sent.get(SPEC.id_list_property) if isinstance(sent, dict) else None
        if operation == SPEC.drivers_for_sites and isinstance(ids, list):
            self.id_lists.setdefault(len(ids), Counter())[status] += 1
        if status == 200:
            try:
                body = response.json()
            except ValueError:
                return  # not JSON: C-SCHEMA says so
            self.observe(body, SPEC.response_schema(operation.operation_id))

    def scenario(self, recorder: RecordedScenario) -> None:
        """Note every answer of a Schemathesis scenario."""
        for case_id, node in recorder.cases.items():
            interaction = recorder.interactions.get(case_id)
            if interaction is not None and interaction.response is not None:
                self.answered(node.value, interaction.response)

    def observe(self, body: Any, schema: str | dict[str, Any]) -> None:
        """Note which nullable properties a body carried as null and as a value, and the values of enum properties."""
        for owner, prop, value in SPEC.property_values(body, schema):
            name = f"{owner}.{prop}"
            self.nullable_seen.setdefault(name, set()).add(value is None)
            if name in SPEC.enum_properties and isinstance(value, SCALARS):
                self.enums_seen.setdefault(name, set()).add(value)

    def nullable_state(self, name: str) -> list[str]:
        """How a nullable property (`Schema.property`) was seen: `null`, `value`, both or neither."""
        return sorted({"null" if is_null else "value" for is_null in self.nullable_seen.get(name, set())})

    def status_counts(self, operation: Operation) -> list[tuple[int, int, bool]]:
        """Each documented status of an operation and each other status it answered: (status, answers, documented),
        by status."""
        seen = self.statuses.get(operation.label, Counter())
        documented = {int(status) for status in operation.statuses if status.isdigit()}
        return [(status, seen[status], status in documented) for status in sorted(documented | set(seen))]

    def enum_values(self, name: str) -> list[tuple[Any, bool, bool]]:
        """Each documented value of an enum property and each other value seen: (value, seen, documented)."""
        documented, seen = SPEC.enum_properties[name], self.enums_seen.get(name, set())
        others = sorted((value for value in seen if value not in documented), key=repr)
        return [(value, value in seen, True) for value in documented] + [(value, True, False) for value in others]
