"""What a run saw: each requirement x operation's evaluations with the first failure's evidence, the coverage of the
contract its answers showed, the run's own errors; masked with the run's one `Masker` as they are recorded."""

from __future__ import annotations

from dataclasses import dataclass, field

from contract_tests.coverage import Coverage
from contract_tests.evidence import Evidence
from contract_tests.identity import Identity
from contract_tests.masking import Masker
from contract_tests.requirements import for_check, pairs


@dataclass
class Tally:
    """The evaluations of one requirement on one operation."""

    passed: int = 0
    failed: int = 0
    skipped: str | None = None  # the reason, when it was skipped
    evidence: Evidence | None = None  # the first failure: what happened, the request and the answer that show it
    tests: list[str] = field(default_factory=list)  # the domain tests a failure was seen in: a replay re-runs them


@dataclass
class Outcomes:
    """Collects a run's outcomes, against one target with one seed."""

    identity: Identity
    masker: Masker = field(repr=False)
    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)
    coverage: Coverage = field(default_factory=Coverage)
    errors: list[str] = field(default_factory=list)  # what kept the run from testing: no verdict then

    def tally(self, requirement_id: str, operation: str) -> Tally:
        """The evaluations so far (an empty tally for none)."""
        return self.tallies.get((requirement_id, operation), Tally())

    def record(
        self, requirement_id: str, operation: str, passed: bool, evidence: Evidence | None = None, test: str = ""
    ) -> None:
        """Count one evaluation (in the domain `test` named, if any); keep the first failure's evidence, masked."""
        tally = self.tallies.setdefault((requirement_id, operation), Tally())
        if passed:
            tally.passed += 1
            return
        tally.failed += 1
        if test and test not in tally.tests:
            tally.tests.append(test)
        if tally.evidence is None and evidence:
            tally.evidence = evidence.masked(self.masker)

    def record_check(
        self, check: str, operation: str, passed: bool, evidence: Evidence | None = None, test: str = ""
    ) -> None:
        """Count one check's result under the requirement it verifies."""
        requirement = for_check(check)
        if requirement is None:
            # A check the catalog does not grade (a Schemathesis upgrade may add one): no verdict on its failure.
            if not passed:
                self.error(f"check {check} failed on {operation} and grades no requirement")
            return
        self.record(requirement.id, operation, passed, evidence, test)

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
