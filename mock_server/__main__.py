"""The mock's command line: `serve` it over HTTP, list its `behaviours`, or its `sites`."""

from __future__ import annotations

import socket
import sys

import click
import uvicorn

from emabler_spec import SPEC
from mock_server.app import create_app
from mock_server.behaviours import CATALOG, choose_behaviour
from mock_server.data import DEFAULT_SEED, build_dataset
from mock_server.launch import BANNER_PREFIX


@click.group()
def main() -> None:
    """An embedded mock of the eMabler drivers API."""


@main.command()
@click.option("--host", default=SPEC.local_host, show_default=True, envvar="EMABLER_MOCK_HOST")
@click.option(
    "--port",
    default=SPEC.local_port,
    show_default=True,
    envvar="EMABLER_MOCK_PORT",
    type=click.IntRange(0, 65535),
    help="0 picks a free port; the banner shows which.",
)
@click.option("--fault", default="", envvar="EMABLER_MOCK_FAULT", help="A fault: breaks the contract in one way.")
@click.option("--variant", default="", envvar="EMABLER_MOCK_VARIANT", help="A variant: another conformant reading.")
@click.option("--scenario", default="", envvar="EMABLER_MOCK_SCENARIO", help="A scenario: transient trouble.")
@click.option("--seed", default=DEFAULT_SEED, show_default=True, envvar="EMABLER_MOCK_SEED", type=int)
@click.option("--scale", default=1, show_default=True, envvar="EMABLER_MOCK_SCALE", type=click.IntRange(1))
@click.option(
    "--api-keys",
    default="",
    envvar="EMABLER_MOCK_API_KEYS",
    help="Comma-separated keys replacing the demo customers' keys, in order (not printed).",
)
def serve(host: str, port: int, fault: str, variant: str, scenario: str, seed: int, scale: int, api_keys: str) -> None:
    """Serve the mock over HTTP with uvicorn (with at most one fault, variant or scenario)."""
    keys = [key for key in api_keys.split(",") if key]
    try:
        behaviour = choose_behaviour(fault=fault, variant=variant, scenario=scenario)
        app = create_app(behaviour, seed=seed, scale=scale, api_keys=keys)
    except ValueError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning")
    try:
        listening = _listen(host, port, config.backlog)  # before the banner, so it names the port really bound
    except OSError as error:
        click.echo(f"error: cannot listen on {host}:{port}: {error.strerror or error}", err=True)
        sys.exit(3)
    base = f"http://{f'[{host}]' if ':' in host else host}:{listening.getsockname()[1]}{SPEC.api_prefix}"
    click.echo(f"{BANNER_PREFIX}{base} ({behaviour.kind.value}: {behaviour.name}, seed: {seed}, scale: {scale})")
    for index, data in enumerate(app.dataset.tenants):
        tenant = data.tenant
        key = "(yours, not shown)" if index < len(keys) else tenant.api_key
        click.echo(
            f"  {tenant.name}: key {key}  {SPEC.client_id_parameter} {tenant.client_id}  "
            f"sites {', '.join(str(site.id) for site in data.roots)} (roots) and more"
        )
    first = app.dataset.tenants[0]
    shown_key = "$EMABLER_API_KEY" if keys else first.tenant.api_key
    click.echo(
        f'  try: curl -s -H "{SPEC.key_header}: {shown_key}" '
        f"'{base}{SPEC.home_site.url_path(siteId=first.roots[0].id)}?{SPEC.client_id_parameter}={first.tenant.client_id}'"
    )
    uvicorn.Server(config).run(sockets=[listening])


def _listen(host: str, port: int, backlog: int) -> socket.socket:
    """A listening TCP socket made with IPPROTO_TCP.

    asyncio turns Nagle's algorithm off (TCP_NODELAY) only on connections whose socket says
    IPPROTO_TCP; uvicorn's own bind_socket() leaves the protocol 0, and then every keep-alive
    answer written in two parts waited about 40 ms for the client's delayed ACK.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
        listening.listen(backlog)
    except OSError:
        listening.close()
        raise
    return listening


@main.command()
def behaviours() -> None:
    """List the faults, variants and scenarios, one line each: kind, name, what it does."""
    width = max(len(behaviour.name) for behaviour in CATALOG)
    for behaviour in CATALOG:
        click.echo(f"{behaviour.kind.value:<8}  {behaviour.name:<{width}}  {behaviour.summary}")


@main.command()
@click.option("--seed", default=DEFAULT_SEED, show_default=True, envvar="EMABLER_MOCK_SEED", type=int)
def sites(seed: int) -> None:
    """List every tenant's site ids (tab-separated: client id, site id, depth)."""
    for data in build_dataset(seed).tenants:
        for site in data.sites.values():
            click.echo(f"{data.tenant.client_id}\t{site.id}\t{site.depth}")


if __name__ == "__main__":
    main()
