"""What a run saw: each requirement x operation's evaluations, the nullable properties seen, the run's own
errors; masked with the run's one `Masker` as they are recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from contract_tests.masking import Masker
from contract_tests.requirements import for_check, pairs
from emabler_spec import SPEC


@dataclass
class Tally:
    """The evaluations of one requirement on one operation."""

    passed: int = 0
    failed: int = 0
    skipped: str | None = None  # the reason, when it was skipped
    evidence: str | None = None  # the first failure: what happened and the request that shows it


@dataclass
class Outcomes:
    """Collects a run's outcomes, against one target with one seed."""

    target: str
    seed: int | None
    masker: Masker = field(repr=False)
    reproduce: str = ""  # how a reader of the reports reaches the same server
    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)
    nullable_seen: dict[str, set[bool]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # what kept the run from testing: no verdict then

    def tally(self, requirement_id: str, operation: str) -> Tally:
        """The evaluations so far (an empty tally for none)."""
        return self.tallies.get((requirement_id, operation), Tally())

    def record(self, requirement_id: str, operation: str, passed: bool, evidence: str | None = None) -> None:
        """Count one evaluation; keep the first failure's evidence, masked."""
        tally = self.tallies.setdefault((requirement_id, operation), Tally())
        if passed:
            tally.passed += 1
            return
        tally.failed += 1
        if tally.evidence is None and evidence:
            tally.evidence = self.masker(evidence)

    def record_check(self, check: str, operation: str, passed: bool, evidence: str | None = None) -> None:
        """Count one check's result under the requirement it verifies."""
        requirement = for_check(check)
        if requirement is None:
            # A check the catalog does not grade (a Schemathesis upgrade may add one): no verdict on its failure.
            if not passed:
                self.error(f"check {check} failed on {operation} and grades no requirement")
            return
        self.record(requirement.id, operation, passed, evidence)

    def skip(self, requirement_id: str, operation: str, reason: str) -> None:
        """Note that a requirement could not be evaluated on an operation, and why."""
        self.tallies.setdefault((requirement_id, operation), Tally()).skipped = self.masker(reason)

    def error(self, text: str) -> None:
        """Note an error of the run itself (not of the server): the run then has no verdict."""
        self.errors.append(self.masker(text))

    def complete(self) -> None:
        """Close a run in which every test ran: a conditional requirement no answer applied to is not tested
        (listed so, never passed); any other that nothing evaluated still leaves the run without a verdict."""
        for requirement, operation in pairs():
            tally = self.tally(requirement.id, operation)
            if requirement.conditional and not (tally.passed or tally.failed or tally.skipped):
                self.skip(requirement.id, operation, "no answer in this run was one it applies to")

    def observe(self, body: Any, schema: str | dict[str, Any]) -> None:
        """Note which nullable properties a response body carried as null and as a value."""
        for owner, prop, value in SPEC.property_values(body, schema):
            self.nullable_seen.setdefault(f"{owner}.{prop}", set()).add(value is None)

    def nullable_state(self, name: str) -> list[str]:
        """How a nullable property (`Schema.property`) was seen: `null`, `value`, both or neither."""
        return sorted({"null" if is_null else "value" for is_null in self.nullable_seen.get(name, set())})
