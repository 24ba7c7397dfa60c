"""`python -m benchmarks`: print the table of ratios, all measured in this one run."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from benchmarks.decode import count_objects, large_response, large_site_ids, measure
from benchmarks.throughput import contract_cases_per_second, mock_requests_per_second
from mock_server.data import build_dataset


@click.command()
@click.option("--scale", default=25, show_default=True, help="The mock's scale for the large response.")
@click.option("--runs", default=5, show_default=True, help="Runs per decode path (the best is kept).")
def main(scale: int, runs: int) -> None:
    """Decode speed and memory, contract-run throughput, and the mock's requests per second."""
    body = large_response(scale)
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(body, Path(tmp), runs)
        baseline, baseline_off = rows[0].seconds, rows[0].seconds_collector_off
        click.echo(f"\nDecode of one operation-2 response: {len(body) / 1e6:.1f} MB, {count_objects(body):,} objects")
        click.echo(f"{'':<52}{'as called':>24}{'collector off':>24}")
        click.echo(
            f"{'path':<52}{'time (s)':>10}{'x json.loads':>14}{'time (s)':>10}{'x json.loads':>14}{'peak MB':>10}"
        )
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
        cases, seconds = contract_cases_per_second(Path(tmp))
        rate = cases / seconds
        click.echo(f"\nContract run (embedded mock, all checks): {cases} cases in {seconds:.1f} s = {rate:.0f} cases/s")
        click.echo("  (the whole command, start-up and domain tests included)")
    small_site = next(s for s in build_dataset().tenants[0].sites_with_drivers if s % 7 == 0)
    small_rps, small_size = mock_requests_per_second(1, [small_site], 200)
    large_rps, large_size = mock_requests_per_second(scale, large_site_ids(scale), 3)
    click.echo("\nMock over HTTP (operation 2, one client, keep-alive):")
    click.echo(f"  small response ({small_size / 1e3:.0f} kB): {small_rps:.0f} requests/s")
    click.echo(f"  large response ({large_size / 1e6:.1f} MB): {large_rps:.2f} requests/s")


if __name__ == "__main__":
    main()
