"""`python -m contract_tests`: the conformance run (`run`) and its proof (`fault-matrix`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

from contract_tests.settings import Settings, SettingsError

PACKAGE = Path(__file__).resolve().parent


def _settings_or_exit() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)


@click.group(invoke_without_command=True)
@click.pass_context
def main(context: click.Context) -> None:
    """Check whether a server conforms to openapi.yaml (the embedded mock by default)."""
    if context.invoked_subcommand is None:
        context.invoke(run)


@main.command()
def run() -> None:
    """Run every check against the target; write the summary and JUnit XML under reports/."""
    settings = _settings_or_exit()
    junit = settings.reports_dir / "junit.xml"
    code = pytest.main(
        [str(PACKAGE), "-q", "--no-header", "--tb=short", "-p", "no:cacheprovider", f"--junitxml={junit}"]
    )
    sys.exit(0 if code == 0 else 2 if code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERRUPTED) else 1)


@dataclass(frozen=True)
class MatrixRow:
    """One run of the suite against the mock with one fault (or none)."""

    fault: str
    clean: bool
    exit_code: int
    failed_checks: list[str]

    @property
    def ok(self) -> bool:
        """Clean mock: the suite passed. A fault: the suite failed and named a check."""
        if self.clean:
            return self.exit_code == 0 and not self.failed_checks
        return self.exit_code == 1 and bool(self.failed_checks)


def _run_one(fault: str, clean: bool, reports: Path) -> MatrixRow:
    folder = reports / "faults" / fault
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "EMABLER_MOCK_FAULT": fault, "EMABLER_REPORTS_DIR": str(folder)}
    with (folder / "output.txt").open("w") as log:
        code = subprocess.run(
            [sys.executable, "-m", "contract_tests", "run"], env=env, stdout=log, stderr=subprocess.STDOUT, check=False
        ).returncode
    try:
        results = json.loads((folder / "summary.json").read_text())["results"]
    except (OSError, ValueError, KeyError):
        results = []
    failed = sorted({f"{r['check']} ({r['operation']})" for r in results if r["result"] == "FAILED"})
    return MatrixRow(fault, clean, code, failed)


@main.command("fault-matrix")
@click.option("--jobs", default=2, show_default=True, type=click.IntRange(1), help="Runs in parallel.")
def fault_matrix(jobs: int) -> None:
    """Run the suite against the clean mock and each fault; every fault must be caught."""
    # Imported here: importing the mock before pytest starts would defeat its assertion rewriting.
    from mock_server import CLEAN, Kind, of_kind

    settings = _settings_or_exit()
    if settings.live:
        click.echo("error: the fault matrix runs against the embedded mock; unset EMABLER_BASE_URL", err=True)
        sys.exit(2)
    names = [CLEAN.name] + [fault.name for fault in of_kind(Kind.FAULT)]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        rows = list(pool.map(lambda name: _run_one(name, name == CLEAN.name, settings.reports_dir), names))
    width = max(len(name) for name in names)
    click.echo(f"{'fault':<{width}}  result     caught by")
    for row in rows:
        if row.clean:
            verdict = "clean ok" if row.ok else "FALSE POSITIVE"
            detail = ", ".join(row.failed_checks) or "-"
        else:
            verdict = "caught" if row.ok else "MISSED"
            detail = ", ".join(row.failed_checks) or f"(exit {row.exit_code})"
        click.echo(f"{row.fault:<{width}}  {verdict:<9}  {detail}")
    faults = [row for row in rows if not row.clean]
    caught = sum(row.ok for row in faults)
    clean_ok = rows[0].ok
    click.echo(
        f"\nDetection rate: {caught}/{len(faults)} ({100 * caught / len(faults):.0f}%); clean mock: "
        f"{'no false positive' if clean_ok else 'FAILED'}. Logs: {settings.reports_dir / 'faults'}/<fault>/"
    )
    passed = caught + clean_ok
    click.echo(f"fault-matrix: {passed} passed, {len(rows) - passed} failed")
    sys.exit(0 if clean_ok and caught == len(faults) else 1)


if __name__ == "__main__":
    main()
