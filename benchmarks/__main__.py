"""`python -m benchmarks`: print the table of ratios, all measured in this one run."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from benchmarks import contract, throughput
from benchmarks.decode import count_objects, large_response, measure

PARTS = ("decode", "contract", "serving")


@click.command()
@click.option("--scale", default=25, show_default=True, help="The mock's scale for the large response.")
@click.option("--runs", default=5, show_default=True, help="Runs per decode path (the best is kept).")
@click.option("--seconds", default=3.0, show_default=True, help="Load per measurement of the mock over HTTP.")
@click.option(
    "--part",
    "parts",
    multiple=True,
    type=click.Choice(PARTS),
    help="Measure only this part (repeatable; default: all).",
)
def main(scale: int, runs: int, seconds: float, parts: tuple[str, ...]) -> None:
    """Decode speed and memory, contract-run throughput, and the mock's requests per second."""
    chosen = set(parts or PARTS)
    with tempfile.TemporaryDirectory() as tmp:
        if "decode" in chosen:
            _decode(scale, runs, Path(tmp))
        if "contract" in chosen:
            _contract(Path(tmp))
        if "serving" in chosen:
            _serving(scale, seconds, Path(tmp))


def _decode(scale: int, runs: int, workdir: Path) -> None:
    body = large_response(scale)
    rows = measure(body, workdir, runs)
    baseline, baseline_off = rows[0].seconds, rows[0].seconds_collector_off
    click.echo(f"\nDecode of one operation-2 response: {len(body) / 1e6:.1f} MB, {count_objects(body):,} objects")
    click.echo(f"{'':<52}{'as called':>24}{'collector off':>24}")
    click.echo(f"{'path':<52}{'time (s)':>10}{'x json.loads':>14}{'time (s)':>10}{'x json.loads':>14}{'peak MB':>10}")
    for row in rows:
        off = row.seconds_collector_off
        click.echo(
            f"{row.name:<52}{row.seconds:>10.3f}{row.seconds / baseline:>14.2f}"
            f"{off:>10.3f}{off / baseline_off:>14.2f}{row.peak_mb:>10.0f}"
        )
    click.echo(
        "  as called: the client's path is held to at most 2.5x json.loads, without touching the collector;\n"
        "  collector off: around every path, json.loads included (what the models alone cost)"
    )


def _contract(workdir: Path) -> None:
    checked, took = contract.contract_run(workdir / "contract")
    cases, alone = contract.schemathesis_alone()
    ours, tool = checked / took, cases / alone
    click.echo("\nContract run against the embedded mock (the whole command: start-up, preflight, every check):")
    click.echo(
        f"  emabler-contract run:                   {checked:>5} answers checked in {took:5.1f} s = {ours:6.0f}/s"
    )
    click.echo(f"  Schemathesis alone, no-op app, same spec: {cases:>4} cases in {alone:5.1f} s = {tool:6.0f}/s")
    click.echo(f"  ratio: {ours / tool:.2f} of the tool's own pace")


def _serving(scale: int, seconds: float, workdir: Path) -> None:
    measured, generator = throughput.measure(scale, seconds, workdir)
    prism = throughput.prism_command()
    click.echo(f"\nThe mock over HTTP: requests/s over keep-alive connections ({generator}, {seconds:.0f} s each),")
    click.echo("next to a bare Starlette app answering the same bytes with the same server stack (the stack's limit)")
    if prism is None:
        click.echo(f"and to Stoplight Prism: not found (put prism on PATH or set {throughput.PRISM_VARIABLE}).")
    else:
        click.echo(f"and to Stoplight Prism serving the same spec ({prism[0]}).")
    header = (
        f"{'case':<32}{'bytes':>11}{'conns':>6}{'mock':>9}{'bare':>9}{'mock/bare':>10}{'Prism':>9}{'mock/Prism':>11}"
    )
    click.echo(header)
    for row in measured:
        prism_cells = f"{row.prism:>9.0f}{row.mock / row.prism:>11.1f}" if row.prism else f"{'-':>9}{'-':>11}"
        click.echo(
            f"{row.case.name:<32}{row.size:>11,}{row.connections:>6}{row.mock:>9.0f}{row.bare:>9.0f}"
            f"{row.mock / row.bare:>10.2f}{prism_cells}"
        )


if __name__ == "__main__":
    main()
