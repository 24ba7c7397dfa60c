"""`emabler-contract replay BUNDLE`: a bundle's failures and warnings sent again, and judged the way the run judged
them, on a run prepared like any other (its target, its preflight, its one masker; no report is written).

Each crash file is sent again by Schemathesis' own replay, which runs its failed check again on the answer; each
domain test a failure was seen in runs again under the suite's plugin, whose calls go through the same checks. Both
count into the run's outcomes; then, for each requirement x operation of the bundle: STILL FAILS with the evidence,
no longer fails, or not replayed and why. Exit status: 1 when a failure (not a warning) still fails, 2 when none
does but one could not be sent again, else 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from schemathesis.cli.commands.replay.executor import CheckOutcome, ReplayStatus, replay_crash_file
from schemathesis.reporting.crashes import CrashFile

from contract_tests.bundle import Bundle, BundleError, Case
from contract_tests.evidence import Evidence, location
from contract_tests.plugin import ContractPlugin, suite
from contract_tests.requirements import for_check
from contract_tests.run import ContractRun, prepare
from contract_tests.verdict import Result

STILL, GONE, NOT_REPLAYED = "STILL FAILS", "no longer fails", "NOT REPLAYED"
SHOWN_LINES = 12  # of what a failure says, as the run's own output shows them; then the request, whole


@dataclass(frozen=True)
class Replayed:
    """One case of the bundle, after the replay."""

    case: Case
    status: str
    detail: str  # the evidence of a failure, or why it was not replayed


def replay(path: Path, base_url: str | None) -> int:
    """Replay the bundle at `path` against its own target, or `base_url`; print what still fails; the exit status."""
    bundle = Bundle.open(path)  # or BundleError: one line
    run = prepare(bundle.replay_settings(base_url), reports=False)  # or SettingsError (a PreflightError too)
    try:
        for name, crash in bundle.crashes.items():
            _resend(run, name, crash)
        _rerun(run, sorted({test for case in bundle.cases for test in case.tests}))
    finally:
        run.recording.discard()
    replayed = [_judged(run, case) for case in bundle.cases]
    click.echo(run.masker(_shown(bundle, run, replayed)), nl=False)
    return _exit_status(replayed)


def _resend(run: ContractRun, name: str, data: Any) -> None:
    """Send a crash file's request again with Schemathesis' replay (up to three times, until its check fails) and
    count its check."""
    crash = CrashFile.from_dict(data)
    outcome = replay_crash_file(crash, project_config=run.schema.config, schema=run.schema)
    label, stopped = crash.operation, outcome.error_message  # stopped: before any check (e.g. no answer)
    checks = outcome.check_outcomes or [CheckOutcome(c.name, ReplayStatus.ERRORED) for c in crash.sequence[-1].checks]
    for check in checks:
        note = check.note or stopped
        if check.status is ReplayStatus.FIXED:
            run.outcomes.record_check(check.name, label, True)
        elif check.status in (ReplayStatus.FAILED, ReplayStatus.FLAKY):
            failures, response = outcome.failures, outcome.transport_response
            message = "\n".join(f"{failure.title}\n{failure.message}" for failure in failures)
            message += f"\n({note})" if note else ""  # a flaky one: how often it passed
            where = location(label, failures[0] if failures else None, response.status_code if response else None)
            evidence = Evidence.of(message, outcome.code_sample or None, response, where)
            run.outcomes.record_check(check.name, label, False, evidence)
        elif requirement := for_check(check.name):
            run.outcomes.skip(requirement.id, label, f"its request ({name}) could not be sent again: {note}")


def _rerun(run: ContractRun, tests: list[str]) -> None:
    """Run the domain tests again, counting their outcomes into the run's."""
    if not tests:
        return
    plugin = ContractPlugin(run, graded=False)
    code = suite(plugin, "-p", "no:terminal", tests=tests)
    if plugin.interrupted:
        raise click.Abort
    if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        raise BundleError("the domain tests the bundle names could not run again (see above)")


def _judged(run: ContractRun, case: Case) -> Replayed:
    tally = run.outcomes.tally(case.requirement, case.operation)
    if tally.failed:
        evidence = tally.evidence or Evidence("(no detail)")
        said = "\n".join(evidence.message.splitlines()[:SHOWN_LINES])
        return Replayed(
            case, STILL, said if evidence.curl is None else f"{said}\n\nReproduce with:\n    {evidence.curl}"
        )
    if tally.skipped or not tally.passed:
        return Replayed(case, NOT_REPLAYED, tally.skipped or "the bundle holds nothing that sends its requests again")
    return Replayed(case, GONE, "")


def _shown(bundle: Bundle, run: ContractRun, replayed: list[Replayed]) -> str:
    lines = [f"Replaying {bundle.path} ({bundle.verdict}) against {run.target.name}", ""]
    for each in replayed:
        case = each.case
        said = f"{case.requirement} on {case.operation} ({case.result} in the bundle): {each.status}"
        if each.status == NOT_REPLAYED:
            lines += [f"{said}: {each.detail}"]
        elif each.status == GONE:
            lines += [said]
        else:  # with its evidence, as the run shows a failure's
            lines += [said, *(f"    {line}".rstrip() for line in each.detail.splitlines()), ""]
    return "\n".join([*lines, *([""] if lines[-1] else []), _summary(replayed)]) + "\n"


def _summary(replayed: list[Replayed]) -> str:
    """The last line: what still fails, what no longer does, what could not be sent again."""
    if not replayed:
        return "NOTHING TO REPLAY: the bundle's run had no failure or warning"
    failed = Result.FAILED.value
    still = [r for r in replayed if r.status == STILL]
    groups = (
        ("still fails", "still fail", [r for r in still if r.case.result == failed]),
        ("warning still shows", "warnings still show", [r for r in still if r.case.result != failed]),
        ("no longer fails", "no longer fail", [r for r in replayed if r.status == GONE]),
        ("not replayed", "not replayed", [r for r in replayed if r.status == NOT_REPLAYED]),
    )
    parts = []
    for one, many, found in groups:
        ids = sorted({r.case.requirement for r in found})  # counted as the run's verdict counts them
        parts += [f"{len(ids)} {one if len(ids) == 1 else many}: {', '.join(ids)}"] if ids else []
    head = {0: "NO LONGER FAILS", 1: "STILL FAILS", 2: "NO VERDICT"}[_exit_status(replayed)]
    return f"{head} ({'; '.join(parts)})"


def _exit_status(replayed: list[Replayed]) -> int:
    if any(r.status == STILL and r.case.result == Result.FAILED.value for r in replayed):
        return 1
    return 2 if any(r.status == NOT_REPLAYED for r in replayed) else 0
