"""`python -m benchmarks`: print the table of ratios, all measured in this one run."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from benchmarks import contract, proxy, throughput
from benchmarks.decode import count_objects, large_response, measure

PARTS = ("decode", "contract", "serving", "proxy")


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
    """Decode speed and memory, contract-run throughput, the mock's requests per second, the proxy next to Prism's."""
    chosen = set(parts or PARTS)
    with tempfile.TemporaryDirectory() as tmp:
        if "decode" in chosen:
            _decode(scale, runs, Path(tmp))
        if "contract" in chosen:
            _contract(Path(tmp))
        if "serving" in chosen:
            _serving(scale, seconds, Path(tmp))
        if "proxy" in chosen:
            _proxy(scale, seconds, Path(tmp))


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


def _verdict(holds: bool) -> str:
    return "ok" if holds else "MISSED"


def _proxy(scale: int, seconds: float, workdir: Path) -> None:
    found_prism = proxy.prism()
    measured = proxy.measure(scale, seconds, workdir, found_prism)
    click.echo("\nProxies in front of the served mock, validation on (python -m benchmarks --part proxy):")
    click.echo("  mock:  python -m mock_server serve --port 0")
    prism_line = "prism proxy openapi.json <mock URL> --host 127.0.0.1 --port <free>"
    click.echo(f"  Prism: {prism_line} ({found_prism.note})" if found_prism.command else f"  Prism: {found_prism.note}")
    click.echo("  ours:  emabler-contract proxy --upstream <mock URL> --port 0 --mode observe --reports-dir <tmp>")
    _proxy_rates(measured, seconds)
    _proxy_latency(measured.latency)
    _proxy_memory(measured.streamed, scale)


def _proxy_rates(measured: proxy.Measured, seconds: float) -> None:
    runs = proxy.rounds(seconds)
    if measured.generator == "wrk":
        how = f"wrk -t1 -c<conns> -d{max(1, round(seconds / runs))}s -s <the request>.lua <URL>"
    else:
        how = f"benchmarks/load.py's asyncio client, {seconds / runs:g} s; wrk is not on PATH: apt-get install wrk"
    click.echo(f"Requests/s over keep-alive connections, the best of {runs} runs each, the targets in turns")
    click.echo(f"({how}):")
    target = f">= {proxy.RATE_TARGET:g}x"
    click.echo(f"{'case':<32}{'bytes':>9}{'conns':>6}{'direct':>9}{'Prism':>9}{'ours':>9}{'ours/Prism':>11}{target:>9}")
    for row in measured.rates:
        ours, prism = row.rates[proxy.OURS], row.rates.get(proxy.PRISM)
        cells = (
            (f"{prism:.0f}", f"{ours / prism:.2f}", _verdict(ours >= proxy.RATE_TARGET * prism))
            if prism
            else ("-", "-", "-")
        )
        click.echo(
            f"{row.case.name:<32}{row.size:>9,}{row.connections:>6}{row.rates[proxy.DIRECT]:>9.0f}{cells[0]:>9}"
            f"{ours:>9.0f}{cells[1]:>11}{cells[2]:>9}"
        )


def _proxy_latency(latency: proxy.Latency) -> None:
    click.echo(
        f"Median latency of a {latency.case.name} ({latency.size:,} bytes) at one connection\n"
        f"(an http.client loop, {latency.samples:,} requests or more each, the targets in turns):"
    )
    direct = latency.medians[proxy.DIRECT]
    line = f"  direct {direct * 1000:.3f} ms"
    for name in (proxy.PRISM, proxy.OURS):
        if name in latency.medians:
            median = latency.medians[name]
            line += f", {name} {median * 1000:.3f} ms (+{(median - direct) * 1000:.3f})"
    added = latency.medians[proxy.OURS] - direct
    target = f"added by ours <= {proxy.LATENCY_TARGET * 1000:g} ms"
    click.echo(f"{line}; {target}: {_verdict(added <= proxy.LATENCY_TARGET)}")


def _proxy_memory(streamed: dict[str, proxy.Streamed], scale: int) -> None:
    size = streamed[proxy.OURS].size
    click.echo(
        f"Operation 2's largest answer at scale {scale} ({size / 1e6:.1f} MB) through each proxy from a tiny upstream\n"
        "(benchmarks/big_answer.py), and the proxy's peak resident memory over its baseline (VmHWM, reset before):"
    )
    target = f"<= {proxy.MEMORY_TARGET:g}x"
    click.echo(
        f"{'proxy':<8}{'status':>7}{'received':>13}{'same bytes':>12}{'baseline MB':>13}{'growth MB':>11}"
        f"{'x body':>8}{target:>9}"
    )
    for name, run in streamed.items():
        ratio = run.growth / run.size
        verdict = _verdict(ratio <= proxy.MEMORY_TARGET) if name == proxy.OURS else "-"
        click.echo(
            f"{name:<8}{run.status:>7}{run.received:>13,}{'yes' if run.same_bytes else 'no':>12}"
            f"{run.baseline / 1e6:>13.0f}{run.growth / 1e6:>11.0f}{ratio:>8.2f}{verdict:>9}"
        )
    if not all(run.reset for run in streamed.values()):
        click.echo("  (the peak could not be reset here: the growth counts from the peak since start)")


if __name__ == "__main__":
    main()
