"""The contract run as a pytest plugin: its state lives in `config.stash`, its verdict in the session's end.

At session start it reads the settings, resolves the target and runs the preflight; a
target that cannot be tested ends the session with exit status 2 and one line, before any
check. Each domain test carries `@pytest.mark.requirement(<id>, <operation>)`; its outcome
is counted under that requirement. A failed assumed requirement is a warning (pytest shows
it as xfailed) unless the run is strict. At the end the verdict is printed first, and the
reports are written only when the run is complete. Every key of the run is masked in
everything pytest prints or writes (reports, captured output, JUnit).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from schemathesis.schemas import BaseSchema

from contract_tests import schemathesis_run
from contract_tests.calls import Call, Caller
from contract_tests.masking import Masker
from contract_tests.preflight import PreflightError, preflight
from contract_tests.report import Report, remove_stale
from contract_tests.requirements import CATALOG
from contract_tests.settings import Settings, SettingsError
from contract_tests.target import Target, resolve

MARKER = "requirement"
KEY_VARIABLES = ("EMABLER_API_KEY", "EMABLER_OTHER_API_KEY", "EMABLER_MOCK_API_KEYS")


@dataclass
class ContractRun:
    """Everything one run needs: settings, target, the Schemathesis schema, the caller and the report."""

    settings: Settings
    target: Target
    schema: BaseSchema
    caller: Caller
    report: Report


RUN = pytest.StashKey[ContractRun]()


def contract_run(config: pytest.Config) -> ContractRun:
    """The run of this pytest session."""
    return config.stash[RUN]


def secrets_in_environment() -> list[str]:
    """Every key the environment holds for a run: masked from the first line printed."""
    values = [os.environ.get(name, "") for name in KEY_VARIABLES]
    return [secret for value in values for secret in value.split(",") if secret]


def prepare(strict: bool | None = None, secrets: list[str] | None = None) -> ContractRun:
    """Settings, target and preflight: a run ready to check, or SettingsError/PreflightError with one line."""
    settings = Settings.from_env()
    if strict is not None:
        settings = replace(settings, strict=strict)
    try:
        remove_stale(settings.reports_dir)
        settings.reports_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = f"EMABLER_REPORTS_DIR {settings.reports_dir} cannot hold the reports: {error.strerror}"
        raise SettingsError(message) from None
    target = resolve(settings)
    known = sorted({*(secrets or []), target.own.api_key, *([target.other.api_key] if target.other else [])})
    if secrets is not None:
        secrets[:] = known  # the caller masks its error line with them if the preflight fails
    target = preflight(Caller(schemathesis_run.schema(settings, target), target))
    schema = schemathesis_run.schema(settings, target)
    report = Report(target.name, schema.config.seed, settings.strict, known, target.reproduce)

    def record(check: str, call: Call, failure: str | None) -> None:
        evidence = f"{failure}\n\nReproduce with:\n    {call.curl()}" if failure else None
        report.record_check(check, call.case.operation.label, failure is None, evidence)

    return ContractRun(settings, target, schema, Caller(schema, target, record), report)


class ContractPlugin:
    """Registered by contract_tests/conftest.py, or by `emabler-contract run` with a run it prepared."""

    def __init__(self, run: ContractRun | None = None, strict: bool | None = None, quiet: bool = False) -> None:
        self.run = run
        self.strict = strict  # None: EMABLER_STRICT decides
        self.quiet = quiet  # the command prints the verdict itself; pytest's terminal is off
        self.interrupted = False
        self.deselected = False
        self.secrets = run.report.secrets if run is not None else secrets_in_environment()
        self._masker: tuple[tuple[str, ...], Masker] | None = None

    # Setup ------------------------------------------------------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", f"{MARKER}(id, operation): the catalog requirement a domain test checks")

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        if session.config.option.collectonly:
            return
        if self.run is None:
            try:
                self.run = prepare(self.strict, self.secrets)
            except (SettingsError, PreflightError) as error:
                pytest.exit(f"error: {error}", returncode=pytest.ExitCode.USAGE_ERROR)
        session.config.stash[RUN] = self.run

    # Outcomes ---------------------------------------------------------------------------------

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
            self.run.report.errors.append(self._mask(f"{item.nodeid}: {failure_message(call, report)}"))
        return report

    def _count(
        self, report: pytest.TestReport, call: pytest.CallInfo[None], requirement_id: str, operation: str
    ) -> None:
        assert self.run is not None
        requirement = CATALOG[requirement_id]
        if report.skipped and not hasattr(report, "wasxfail"):
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            self.run.report.skip(requirement_id, operation, reason.removeprefix("Skipped: "))
        elif report.when == "call":
            evidence = None
            if report.failed:
                last = self.run.caller.last_curl
                evidence = failure_message(call, report)
                if last is not None and "Reproduce with:" not in evidence:
                    evidence += f"\n\nReproduce with:\n    {last}"
            self.run.report.record(requirement_id, operation, report.passed, evidence)
            if report.failed and not requirement.level.fails_run(self.run.settings.strict):
                report.outcome = "skipped"
                report.wasxfail = f"warning: {requirement_id} ({requirement.level.value} requirement) did not hold"

    def _mask(self, text: str) -> str:
        # The preflight may add keys to `secrets` in place: the masker follows them.
        if self._masker is None or self._masker[0] != tuple(self.secrets):
            self._masker = (tuple(self.secrets), Masker(self.secrets))
        return self._masker[1](text)

    def _mask_report(self, report: pytest.TestReport | pytest.CollectReport) -> None:
        if report.longrepr is not None and not isinstance(report.longrepr, tuple):
            report.longrepr = self._mask(str(report.longrepr))
        report.sections = [(title, self._mask(content)) for title, content in report.sections]

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
        if self.run is not None and complete and session.items:
            self.run.report.complete()
        return result

    # The end ----------------------------------------------------------------------------------

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> Generator[None, None, None]:
        # Before pytest's own sections (failures, short summary): the verdict comes first.
        text = self.summary()
        if text:
            terminalreporter.write("\n" + text)
        return (yield)

    def summary(self) -> str | None:
        """What to print at the end: the verdict and the table, or why there is none."""
        if self.run is None:
            return None
        if self.interrupted:
            return "NO VERDICT: the run was interrupted; no report was written.\n"
        report = self.run.report
        text = report.render_text()
        if report.verdict is not None:
            folder = self.run.settings.reports_dir
            text += f"Reports: {folder / 'summary.md'} , {folder / 'summary.json'} , {folder / 'junit.xml'}\n"
        else:
            text += "".join(f"error: {error}\n" for error in report.errors)
            text += "No report was written: only a complete run has a verdict.\n"
        return self._mask(text)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.run is None:
            if session.config.option.collectonly:  # a run that tested nothing must not pass for one that did
                session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED
            return
        if exitstatus == pytest.ExitCode.INTERRUPTED:
            self.interrupted = True
        report = self.run.report
        if not self.interrupted and report.verdict is not None:
            report.write(self.run.settings.reports_dir)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED if report.verdict.name == "FAILS" else pytest.ExitCode.OK
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
