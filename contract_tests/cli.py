"""`emabler-contract`: the conformance run (`run`), its proof (`fault-matrix`) and the catalog (`requirements`).

Exit codes of `run`: 0 conforms (warnings allowed unless strict); 1 does not conform;
2 bad settings, a target that cannot be tested, or a run with no verdict; 130 interrupted.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click
import pytest

from contract_tests.settings import PARAMETERS, Settings, SettingsCommand, SettingsError

INTERRUPTED = 130


@click.group(invoke_without_command=True)
@click.pass_context
def main(context: click.Context) -> None:
    """Check whether a server conforms to openapi.yaml (the embedded mock by default)."""
    if context.invoked_subcommand is None:
        run.invoke(run.make_context("run", [], parent=context))


@main.command(cls=SettingsCommand, params=[*PARAMETERS])
@click.option("-v", "--verbose", is_flag=True, help="Show pytest's output and tracebacks.")
def run(settings: Settings, verbose: bool) -> None:
    """Check the target; print the verdict and the requirement table; write the reports.

    Each setting is an option or its environment variable; keys come from the environment only.
    """
    # Imported here, so that `--help` does not load Schemathesis or the mock.
    from contract_tests.plugin import ContractPlugin, prepare, suite
    from contract_tests.preflight import PreflightError

    try:
        prepared = prepare(settings)
    except (SettingsError, PreflightError) as error:  # one line, masked
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("interrupted: no verdict, no report written", err=True)
        sys.exit(INTERRUPTED)
    plugin = ContractPlugin(prepared, quiet=not verbose)
    code = suite(plugin, *(["--tb=short", "-rfEx", "--no-header"] if verbose else ["-p", "no:terminal"]))
    if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        click.echo("error: the run failed on its own (see above); no verdict", err=True)
        sys.exit(2)
    if plugin.interrupted:
        click.echo("interrupted: no verdict, no report written", err=True)
        sys.exit(INTERRUPTED)
    verdict = prepared.grade.verdict
    if verdict is None:
        click.echo("error: the run did not reach a verdict (see above); no report was written", err=True)
        sys.exit(2)
    sys.exit(verdict.exit_code)


@main.command()
def requirements() -> None:
    """List the catalog: each requirement with its id, level, operations, source and statement."""
    from contract_tests.plugin import registered_tests
    from contract_tests.requirements import CATALOG

    tests = registered_tests()  # a collect-only session of the suite: the tests' markers are the registration
    if tests is None:
        sys.exit(2)  # pytest has said which marker is wrong
    for requirement in CATALOG.values():
        click.echo(f"{requirement.id}  [{requirement.level.value}]  {', '.join(requirement.operations)}")
        click.echo(f"    {requirement.statement}")
        click.echo(f"    source: {requirement.source}")
        click.echo(f"    checked by: {', '.join([*requirement.check_names, *tests.get(requirement.id, [])])}")


@main.command("fault-matrix")
@click.option(
    "--jobs",
    default=3,
    show_default=True,
    type=click.IntRange(1),
    help="Rows in parallel (a row is two processes that mostly wait on each other).",
)
@click.option("--reports", default="reports/matrix", show_default=True, type=click.Path(path_type=Path))
def fault_matrix(jobs: int, reports: Path) -> None:
    """The conformance matrix: clean mock, each variant, each fault; exits 1 on any miss or false failure."""
    from contract_tests.matrix import describe, pairs_text, rows, run_row

    every = rows()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        outcomes = list(pool.map(lambda row: run_row(row, reports / row.name.replace(" ", "-")), every))
    width = max(len(row.name) for row in every)
    click.echo(f"{'behaviour':<{width}}  {'kind':<7}  {'result':<13}  expected -> got")
    for outcome in outcomes:
        row = outcome.row
        expected = row.verdict.value + (f": {pairs_text(row.pairs)}" if row.expected else "")
        click.echo(f"{row.name:<{width}}  {row.kind:<7}  {outcome.judgement:<13}  {expected} -> {describe(outcome)}")
    misses = [o for o in outcomes if not o.ok and o.row.kind == "fault"]
    false = [o for o in outcomes if not o.ok and o.row.kind != "fault"]
    passed = sum(o.ok for o in outcomes)
    click.echo(f"\n{len(misses)} missed, {len(false)} false failures. Logs and reports: {reports}/<behaviour>/")
    click.echo(f"conformance matrix: {passed} passed, {len(outcomes) - passed} failed")
    sys.exit(0 if passed == len(outcomes) else 1)


if __name__ == "__main__":
    main()
