"""`emabler-contract`: the conformance run (`run`), its replay (`replay`), its proof (`fault-matrix`) and the catalog
(`requirements`).

Exit codes of `run`: 0 conforms (warnings allowed unless strict); 1 does not conform;
2 bad settings, a target that cannot be tested, or a run with no verdict; 130 interrupted.
Of `replay`: 0 no failure of the bundle still fails; 1 one does; 2 a bundle that is not one (or of a newer format, or
changed since), a target that cannot be tested, or a failure that could not be sent again; 130 interrupted.
Of `proxy`: stopped by Ctrl-C, SIGTERM, --duration or --max-exchanges (the end of its run, not an interruption): 0 the
traffic conforms (warnings allowed unless --strict); 1 it does not; 2 no verdict (no exchange judged) or bad input (a
CA bundle, port or recording that cannot be used).
Of `check-traffic`: 0 every recorded answer decodes and the traffic conforms; 1 an answer the SDK cannot decode, or
traffic that does not conform; 2 bad input (not a recording, not a spec, no generator or client) or no verdict; 130
interrupted.
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


PROXY_MODES = (
    "observe: forward everything unchanged, streamed, judge a copy; annotate: add one header naming the exchange "
    "and its findings' requirement ids; strict: refuse a request that breaks the contract with a 400 before it "
    "reaches upstream, and turn an answer that fails it into a 502. Annotate and strict hold each answer back, up to "
    "--max-body, to judge it before its headers go."
)


PROXY_KEYS = (
    "Keys are learnt from the traffic and masked in every output; those in the environment are masked from the start:"
    f"\n\n\b\n{NAMED['api_key']}\n{NAMED['other_api_key']}"
)


@emabler_contract.command(epilog=PROXY_KEYS)
@click.option("--upstream", required=True, type=URL, help="The server to forward to, with its base path (…/api).")
@click.option("--port", default=0, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--mode", type=click.Choice(["observe", "annotate", "strict"]), default="observe", help=PROXY_MODES)
@click.option("--record", type=click.Path(path_type=Path), help="Append each exchange to this recording, masked.")
@click.option(
    "--reports-dir", default=Path("reports"), show_default=True, type=click.Path(path_type=Path), help="Reports here."
)
@click.option("--duration", type=click.FloatRange(0, min_open=True), help="Stop after this many seconds.")
@click.option("--max-exchanges", type=click.IntRange(1), help="Stop after this many exchanges.")
@click.option("--ca-bundle", type=click.Path(path_type=Path), help="Trust these CAs for the upstream's TLS.")
@click.option("--strict", is_flag=True, help="Assumed requirements fail too (the verdict, and strict mode's 502).")
@click.option(
    "--max-body",
    default=8 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(0),
    help="Bytes of an answer held to judge it.",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds upstream may be silent.",
)
def proxy(**given: Any) -> None:
    """Forward traffic to --upstream byte for byte, judge each exchange, log findings; at the end, the verdict.

    Serves 127.0.0.1 (the first line printed names the address). Stops on Ctrl-C, SIGTERM, --duration or
    --max-exchanges, then writes the run's reports into --reports-dir and exits 0 (conforms), 1 (does not) or 2
    (no verdict: no exchange judged; or bad input). An answer larger than --max-body is forwarded unchanged and
    noted "not validated: too large". Upstream refused or reset: 502; silent past --timeout: 504.
    """
    from contract_tests.proxy.forward import Mode
    from contract_tests.proxy.serve import Options, serve

    options = Options(
        upstream=given["upstream"],
        port=given["port"],
        mode=Mode(given["mode"]),
        record=given["record"],
        reports_dir=given["reports_dir"],
        duration=given["duration"],
        max_exchanges=given["max_exchanges"],
        ca_bundle=given["ca_bundle"],
        strict=given["strict"],
        bound=given["max_body"],
        timeout=given["timeout"],
    )
    sys.exit(serve(options))


@emabler_contract.command("check-traffic")
@click.argument("recordings", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--spec", "spec_path", type=click.Path(path_type=Path, dir_okay=False), help="A candidate spec.")
@click.option("--reports-dir", default="reports/check-traffic", show_default=True, type=click.Path(path_type=Path))
@click.option("--base-url", type=URL, help="Where they were sent (default: the spec's local server).")
@click.option("--strict", is_flag=True, help="Assumed requirements fail too.")
def check_traffic(recordings: tuple[Path, ...], spec_path: Path | None, reports_dir: Path, **given: Any) -> None:
    """Re-check recordings offline: judge each exchange, decode each answer through the generated client.

    Against the current spec the project's client decodes; against a candidate (--spec), a client generated from it
    (needs a checkout: its generator-config.yml and generator-templates/). Writes the judge's reports and
    decoding.json into --reports-dir; exits 0 (all decoded, the traffic conforms), 1 (an answer the SDK cannot
    decode, or a verdict that fails) or 2 (bad input: not a recording, not a spec, no generator or client).
    """
    from contract_tests.traffic.check import check

    sys.exit(check(recordings, spec_path, reports_dir, base_url=given["base_url"], strict=given["strict"]))


@emabler_contract.command("evidence")
@click.argument("recordings", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--reports-dir", default="reports", show_default=True, type=click.Path(path_type=Path))
def evidence_from_traffic(recordings: tuple[Path, ...], reports_dir: Path) -> None:
    """For each assumed reading of the spec: does recorded traffic confirm it, contradict it, or not show it?

    Prints the table, writes evidence.md and evidence.json into --reports-dir and, for each contradiction, a proposed
    change of the spec as an OpenAPI Overlay (proposals/<requirement-or-keyword>.overlay.yaml; apply one with
    `make apply-overlay OVERLAY=...`). Exits 0 (nothing contradicted), 1 (something is) or 2 (not a recording).
    """
    from contract_tests.traffic.overlay import evidence_command

    sys.exit(evidence_command(list(recordings), reports_dir))


@emabler_contract.command("export-har")
@click.argument("recording", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here (default: stdout).")
@click.option("--base-url", type=URL, help="The upstream the URLs name (default: the recording's, else the local one).")
def export_har(recording: Path, output: Path | None, base_url: str | None) -> None:
    """Write a recording as HAR 1.2, for the tools that read HAR (keys stay masked). Exits 2 for a bad recording."""
    import json

    from contract_tests.traffic.exchange import RecordingError, read, upstream
    from contract_tests.traffic.har import to_har
    from emabler_spec import SPEC

    try:
        har = to_har(list(read(recording)), base_url or upstream(recording) or SPEC.local_server_url)
    except RecordingError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    text = json.dumps(har, ensure_ascii=False, indent=1) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        click.echo(f"error: {output} cannot be written: {error.strerror}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
