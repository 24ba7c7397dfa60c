"""`emabler-contract`: the conformance run (`run`), its replay (`replay`), its proof (`fault-matrix`) and the catalog
(`requirements`).

Exit codes of `run`: 0 conforms (warnings allowed unless strict); 1 does not conform;
2 bad settings, a target that cannot be tested, or a run with no verdict; 130 interrupted.
Of `replay`: 0 no failure of the bundle still fails; 1 one does; 2 a bundle that is not one (or of a newer format, or
changed since), a target that cannot be tested, or a failure that could not be sent again; 130 interrupted.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import click

from contract_tests.settings import NAMED, URL, Settings, environment_only, mistake, options

JOBS = "Rows in parallel (a row is two processes that mostly wait on each other)."
REPLAY_KEYS = (
    "Against a server reached over HTTP, keys come from the environment only (the embedded mock has its own):"
    f"\n\n\b\n{NAMED['api_key']}        the key of the run's customer"
    f"\n{NAMED['other_api_key']}  the other customer's key (else the tests that need one are not replayed)"
)


def main() -> None:
    """The command: any interrupt is one line and exit 130; a mistake in `run`'s settings, one line and exit 2."""
    try:
        sys.exit(emabler_contract.main(standalone_mode=False))
    except (KeyboardInterrupt, click.Abort):
        click.echo("interrupted: no verdict, no report written", err=True)
        sys.exit(130)
    except click.ClickException as error:
        if isinstance(error, click.UsageError) and error.ctx is not None and error.ctx.command is not run:
            error.show()  # another command's mistake: click's usage, as it says it
            sys.exit(error.exit_code)
        click.echo(f"error: {mistake(error).message}", err=True)
        sys.exit(2)


@click.group(invoke_without_command=True)
@click.pass_context
def emabler_contract(context: click.Context) -> None:
    """Check whether a server conforms to openapi.yaml (the embedded mock by default)."""
    if context.invoked_subcommand is None:
        run.invoke(run.make_context("run", [], parent=context))


@emabler_contract.command(params=options(), epilog=environment_only())
@click.option("-v", "--verbose", is_flag=True, help="Show pytest's output and tracebacks.")
def run(verbose: bool, **given: Any) -> None:
    """Check the target; print the verdict and the requirement table; write the reports."""
    settings = Settings.given(given)
    # Imported here, so that `--help` does not load pytest, Schemathesis or the mock.
    import pytest

    from contract_tests.plugin import ContractPlugin, suite
    from contract_tests.run import prepare

    prepared = prepare(settings)  # or SettingsError (a PreflightError is one too): one line, masked
    plugin = ContractPlugin(prepared, quiet=not verbose)
    code = suite(plugin, *(["--tb=short", "-rfEx", "--no-header"] if verbose else ["-p", "no:terminal"]))
    if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        raise click.ClickException("the run failed on its own (see above); no verdict")
    if plugin.interrupted:
        raise click.Abort
    verdict = prepared.grade.verdict
    if verdict is None:
        raise click.ClickException("the run did not reach a verdict (see above); no report was written")
    sys.exit(verdict.exit_code)


@emabler_contract.command(epilog=REPLAY_KEYS)
@click.argument("bundle", type=click.Path(path_type=Path))
@click.option("--base-url", type=URL, help="Send them to this server instead (as the run's customers, at its sites).")
def replay(bundle: Path, base_url: str | None) -> None:
    """Send a bundle's failures and warnings again (to what the run checked, or --base-url); say which still fail."""
    from contract_tests.replay import replay as replayed  # here: `--help` loads neither pytest nor Schemathesis

    sys.exit(replayed(bundle, base_url))


@emabler_contract.command()
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


@emabler_contract.command("fault-matrix")
@click.option("--jobs", default=3, show_default=True, type=click.IntRange(1), help=JOBS)
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
        expected = row.verdict.value + (f": {pairs_text(row.pairs)}" if row.behaviour.expected else "")
        shown = f"{row.name:<{width}}  {row.behaviour.kind.value:<7}  {outcome.judgement:<13}"
        click.echo(f"{shown}  {expected} -> {describe(outcome)}")
    misses, false = (sum(o.judgement == judgement for o in outcomes) for judgement in ("MISSED", "FALSE FAILURE"))
    passed = sum(o.ok for o in outcomes)
    click.echo(f"\n{misses} missed, {false} false failures. Logs and reports: {reports}/<behaviour>/")
    click.echo(f"conformance matrix: {passed} passed, {len(outcomes) - passed} failed")
    sys.exit(0 if passed == len(outcomes) else 1)


if __name__ == "__main__":
    main()
