"""The contract run as a pytest plugin: its state lives in `config.stash`, its verdict in the session's end.

At session start it prepares the run (`contract_tests.run`, unless `emabler-contract run` did);
a target that cannot be tested ends the session with one line, exit status 2. At collection it checks
each `@pytest.mark.requirement(<id>, <operation>)` against the catalog; a test's outcome then counts
under it (an assumed one's failure is a warning, xfailed, unless strict). At the end the verdict comes
first, and only a complete run writes reports, then the bundle. The run's one masker masks every key in all pytest
prints or writes (reports, captured output, JUnit). A replay runs some of the tests again with a plugin that grades
nothing: it only counts their outcomes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator, Iterable
from pathlib import Path
from typing import Any

import pytest

from contract_tests import bundle
from contract_tests.calls import Unexpected
from contract_tests.reporting import shown, write
from contract_tests.requirements import CATALOG
from contract_tests.run import ContractRun, prepare
from contract_tests.settings import Settings, SettingsError
from contract_tests.verdict import Result

MARKER = "requirement"
PACKAGE = Path(__file__).resolve().parent
RUN = pytest.StashKey[ContractRun]()


def suite(plugin: ContractPlugin, *options: str, tests: Iterable[str] = ()) -> int:
    """pytest on the suite, or on the `tests` named (by `replay_id`), with `plugin`: the project's addopts are for its
    own tests, the run brings its own."""
    paths = [str(PACKAGE / test) for test in tests] or [str(PACKAGE)]
    return pytest.main([*paths, "-o", "addopts=", "-p", "no:cacheprovider", *options], plugins=[plugin])


def replay_id(item: pytest.Item) -> str:
    """How a bundle names a domain test, wherever the suite is installed: `<module>.py::<test>`."""
    return f"{item.path.name}::{item.name}"


def registered_tests() -> dict[str, list[str]] | None:
    """Each requirement's domain tests as their markers declare them; None when one is wrong (pytest said which)."""
    plugin = ContractPlugin()
    code = suite(plugin, "--collect-only", "-p", "no:terminal")
    return plugin.tests if code in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED) else None


class ContractPlugin:
    """Registered by contract_tests/conftest.py, or by `emabler-contract run` with a run it prepared."""

    def __init__(self, run: ContractRun | None = None, quiet: bool = False, graded: bool = True) -> None:
        self.run = run
        self.quiet = quiet  # the command prints the verdict itself; pytest's terminal is off
        self.graded = graded  # False: a replay, which counts outcomes only (no verdict, no report, nothing printed)
        self.interrupted = False
        self.deselected = False
        self.tests: dict[str, list[str]] = {}  # each requirement's domain tests, as collected

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", f"{MARKER}(id, operation): the catalog requirement a domain test checks")

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        if session.config.option.collectonly:
            return
        if self.run is None:
            try:
                self.run = prepare(Settings.given())
            except SettingsError as error:  # a PreflightError too
                pytest.exit(f"error: {error}", returncode=pytest.ExitCode.USAGE_ERROR)
        session.config.stash[RUN] = self.run

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Check each requirement marker against the catalog before anything runs; note each requirement's tests."""
        problems = []
        for item in items:
            marker = item.get_closest_marker(MARKER)
            if marker is None:
                continue
            if problem := _mismatch(marker.args):
                problems.append(f"{item.nodeid}: @pytest.mark.{MARKER}{marker.args!r}: {problem}")
            elif (name := item.name.split("[")[0]) not in (tests := self.tests.setdefault(marker.args[0], [])):
                tests.append(name)
        if problems:
            raise pytest.UsageError("\n".join(problems))

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if self.run is not None:
            self.run.caller.test = replay_id(item)  # from its fixtures on, its calls' failures name it

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_call(self, item: pytest.Item) -> None:
        if self.run is not None:
            self.run.caller.forget()  # a failure shows a call of its own test, never one of the test before

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if call.excinfo is not None and call.excinfo.errisinstance(KeyboardInterrupt):
            self.interrupted = True
        marker = item.get_closest_marker(MARKER)
        if marker is not None and self.run is not None and report.when in ("setup", "call"):
            self._count(report, call, *marker.args)
        self._mask_report(report)
        if report.failed and report.when != "call" and self.run is not None:
            self.run.outcomes.error(f"{item.nodeid}: {failure_message(call, report)}")
        return report

    def _count(self, report: pytest.TestReport, call: pytest.CallInfo[None], rid: str, operation: str) -> None:
        assert self.run is not None
        requirement = CATALOG[rid]
        if report.skipped and not hasattr(report, "wasxfail"):
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            self.run.outcomes.skip(rid, operation, reason.removeprefix("Skipped: "))
        elif report.when == "call":
            evidence = None
            if report.failed:
                message, error = failure_message(call, report), call.excinfo and call.excinfo.value
                exact = error.call.evidence(message) if isinstance(error, Unexpected) else None
                evidence = exact or self.run.caller.evidence(message, operation)
            self.run.outcomes.record(rid, operation, report.passed, evidence, self.run.caller.test)
            if report.failed and not requirement.level.fails_run(self.run.settings.strict):
                report.outcome = "skipped"
                report.wasxfail = f"warning: {rid} ({requirement.level.value} requirement) did not hold"

    def _mask_report(self, report: pytest.TestReport | pytest.CollectReport) -> None:
        mask: Callable[[str], str] = str if self.run is None else self.run.masker  # no run, no key: collection first
        if report.longrepr is not None and not isinstance(report.longrepr, tuple):
            report.longrepr = mask(str(report.longrepr))
        report.sections = [(title, mask(content)) for title, content in report.sections]

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(self, collector: pytest.Collector) -> Generator[None, Any, Any]:
        report = yield
        self._mask_report(report)
        return report

    def pytest_keyboard_interrupt(self) -> None:
        self.interrupted = True

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected = True  # a selection (-k, -m) tests part of the catalog: no verdict

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, object, object]:
        result = yield
        complete = not (self.interrupted or self.deselected or session.shouldfail or session.shouldstop)
        if self.run is not None and self.graded and complete and session.items:
            self.run.outcomes.complete()
        return result

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> Generator[None, None, None]:
        # Before pytest's own sections (failures, short summary): the verdict comes first.
        text = self.summary()
        if text:
            terminalreporter.write("\n" + text)
        return (yield)

    def summary(self) -> str | None:
        """What to print at the end: the verdict and the table, or why there is none."""
        if self.run is None or not self.graded:
            return None
        if self.interrupted:
            return "NO VERDICT: the run was interrupted; no report was written.\n"
        grade, settings = self.run.grade, self.run.settings
        text = shown(grade, settings.reports_dir, self.run.masker)
        if grade.verdict is not None and grade.rows(Result.FAILED, Result.WARNING):
            text += f"To replay its failures and warnings: {bundle.command(settings)}\n"
        return text

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        run = self.run
        if exitstatus == pytest.ExitCode.USAGE_ERROR:
            self.run = None  # a wrong marker stopped the session before anything ran; pytest has said which
        try:
            self._finish(session, exitstatus)
        finally:
            if run is not None:
                run.recording.discard()  # published by then, or never to be

    def _finish(self, session: pytest.Session, exitstatus: int) -> None:
        if not self.graded:
            return
        if self.run is None:
            if session.config.option.collectonly:  # a run that tested nothing must not pass for one that did
                session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED
            return
        if exitstatus == pytest.ExitCode.INTERRUPTED:
            self.interrupted = True
        grade, folder = self.run.grade, self.run.settings.reports_dir
        if not self.interrupted and grade.verdict is not None:
            self.run.outcomes.identity.end()
            write(grade, folder, self.run.masker)
            self.run.recording.publish(folder, self.run.masker)
            bundle.write(self.run)
            session.exitstatus = pytest.ExitCode(grade.verdict.exit_code)
        elif not self.interrupted and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED  # nothing claims a verdict
        if self.quiet:
            sys.stdout.write(self.summary() or "")


def failure_message(call: pytest.CallInfo[None], report: pytest.TestReport) -> str:
    """What a failed test says, without pytest's traceback or its rewritten `assert` explanation."""
    if call.excinfo is None:
        return str(report.longrepr).strip().splitlines()[-1]
    text = str(call.excinfo.value).split("\nassert ", 1)[0].strip()
    return text if text else call.excinfo.exconly()


def _mismatch(args: tuple[Any, ...]) -> str | None:
    requirement = CATALOG.get(args[0]) if len(args) == 2 else None
    if requirement is None:
        return "names no requirement of the catalog (contract_tests/requirements.py) as (id, operation)"
    applies = requirement.operations
    return None if args[1] in applies else f"{requirement.id} does not apply to {args[1]} (only {', '.join(applies)})"
