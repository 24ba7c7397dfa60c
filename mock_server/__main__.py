"""The mock's command line: `serve` it over HTTP, or list its `faults`."""

from __future__ import annotations

import sys

import click
import uvicorn

from emabler_spec import API_PREFIX, CLIENT_ID_PARAMETER, HOME_SITE, KEY_HEADER
from mock_server.app import create_app
from mock_server.data import DEFAULT_SEED, build_dataset
from mock_server.faults import CATALOG, CLEAN, get_fault
from mock_server.launch import BANNER_PREFIX


@click.group()
def main() -> None:
    """An embedded mock of the eMabler drivers API."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="EMABLER_MOCK_HOST")
@click.option(
    "--port",
    default=8765,
    show_default=True,
    envvar="EMABLER_MOCK_PORT",
    type=click.IntRange(0, 65535),
    help="0 picks a free port; the banner shows which.",
)
@click.option("--fault", default=CLEAN.name, show_default=True, envvar="EMABLER_MOCK_FAULT", help="A fault name.")
@click.option("--seed", default=DEFAULT_SEED, show_default=True, envvar="EMABLER_MOCK_SEED", type=int)
@click.option("--scale", default=1, show_default=True, envvar="EMABLER_MOCK_SCALE", type=click.IntRange(1))
@click.option(
    "--api-keys",
    default="",
    envvar="EMABLER_MOCK_API_KEYS",
    help="Comma-separated keys replacing the demo customers' keys, in order (not printed).",
)
def serve(host: str, port: int, fault: str, seed: int, scale: int, api_keys: str) -> None:
    """Serve the mock over HTTP with uvicorn."""
    keys = [key for key in api_keys.split(",") if key]
    try:
        app = create_app(fault, seed, scale, keys)
    except ValueError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning")
    listening = config.bind_socket()  # before the banner, so it names the port really bound
    bound_port = listening.getsockname()[1]
    base = f"http://{f'[{host}]' if ':' in host else host}:{bound_port}{API_PREFIX}"
    dataset = app.state.api.dataset
    click.echo(f"{BANNER_PREFIX}{base} (fault: {get_fault(fault).name}, seed: {seed}, scale: {scale})")
    for index, data in enumerate(dataset.tenants):
        tenant = data.tenant
        key = "(yours, not shown)" if index < len(keys) else tenant.api_key
        click.echo(
            f"  {tenant.name}: key {key}  {CLIENT_ID_PARAMETER} {tenant.client_id}  "
            f"sites {', '.join(str(site.id) for site in data.roots)} (roots) and more"
        )
    first = dataset.tenants[0]
    shown_key = "$EMABLER_API_KEY" if keys else first.tenant.api_key
    click.echo(
        f'  try: curl -s -H "{KEY_HEADER}: {shown_key}" '
        f"'{base}{HOME_SITE.url_path(siteId=first.roots[0].id)}?{CLIENT_ID_PARAMETER}={first.tenant.client_id}'"
    )
    uvicorn.Server(config).run(sockets=[listening])


@main.command()
def faults() -> None:
    """List the fault catalog, one line each."""
    width = max(len(fault.name) for fault in CATALOG)
    for fault in CATALOG:
        click.echo(f"{fault.name:<{width}}  {fault.summary}")


@main.command()
@click.option("--seed", default=DEFAULT_SEED, show_default=True, envvar="EMABLER_MOCK_SEED", type=int)
def sites(seed: int) -> None:
    """List every tenant's site ids (tab-separated: client id, site id, depth)."""
    for data in build_dataset(seed).tenants:
        for site in data.sites.values():
            click.echo(f"{data.tenant.client_id}\t{site.id}\t{site.depth}")


if __name__ == "__main__":
    main()
