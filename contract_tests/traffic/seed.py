"""`python -m contract_tests.traffic.seed [--out traffic] [--direct] [BEHAVIOUR...]`: record the served mock (and each
of its conformant variants) into the recordings the repo keeps, `traffic/<name>.jsonl`.

Each recording is the clean mock or one variant, served over 127.0.0.1 (`mock_server.launch`, random base64 keys in
its environment), with a few real requests per operation and documented status sent to it: operation 1's 200 (each
customer's site with the smallest answer), 400 (a missing site, another customer's site, an id that is not one), 401
(no key, an unknown key, the other customer's client id) and an undeclared method; operation 2's 200 (the site with
the smallest answer), 400 (one id over the limit, an empty list, a body that is not JSON, an id beyond int64), 401 and
404. The smallest answers keep the files small.

By default the requests go through the validation proxy (`emabler-contract proxy --record FILE`), so a recording is
what the proxy writes for live traffic; `--direct` sends them to the mock and writes the exchanges with `Recorder`
(the same format, masked the same way), for when the proxy cannot run. Either way a recording holds no key: each key
is learnt from the request that carries it and masked (`[Filtered]`) in every form.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click
import httpx

from contract_tests.masking import Masker
from contract_tests.traffic.exchange import Exchange, Keys, Recorder
from emabler_spec import SPEC
from mock_server import CLEAN, Behaviour, Kind, build_dataset, get_behaviour, of_kind
from mock_server.launch import launched, serve_command

# The proxy's first line: `eMabler contract proxy on http://127.0.0.1:<port>/api -> <upstream>`. The launcher probes
# group 1, the address without the path, which the proxy answers itself (never forwarded, never recorded).
PROXY_BANNER = re.compile(r"eMabler contract proxy on (http://[^/\s]+)(\S*) -> ")


@dataclass(frozen=True)
class Call:
    """One request to send: how, and as whom (an index into the keys, or None for no key)."""

    method: str
    path: str
    key: int | str | None = 0  # an index into the keys, a key of its own (unknown to the mock), or None: no key
    client: int = 0  # whose client id
    body: bytes | None = None


def calls(unknown: str) -> list[Call]:
    """The requests of a recording, built from the mock's dataset and the spec (no path or id written here);
    `unknown` is a key the mock does not know (masked all the same)."""
    own, other = build_dataset().tenants[:2]

    # The smallest answers keep a recording small: operation 1's of each customer, operation 2's of the first.
    home_site = min(own.sites_with_drivers, key=lambda site: len(json.dumps(own.user_groups[site])))
    theirs = min(other.sites_with_drivers, key=lambda site: len(json.dumps(other.user_groups[site])))
    with_drivers = min(own.sites_with_drivers, key=lambda site: len(json.dumps(own.entries[site])))
    missing = max(site for data in build_dataset().tenants for site in data.sites) + 1
    home, many = SPEC.home_site, SPEC.drivers_for_sites
    ids = SPEC.id_list_property

    def body(*sites: int) -> bytes:
        return json.dumps({ids: list(sites)}).encode()

    return [
        Call(home.method, home.url_path(siteId=home_site)),
        Call(home.method, home.url_path(siteId=theirs), key=1, client=1),
        Call(home.method, home.url_path(siteId=missing)),
        Call(home.method, home.url_path(siteId=theirs)),
        Call(home.method, home.url_path(siteId="not-an-id")),
        Call(home.method, home.url_path(siteId=home_site), key=None),
        Call(home.method, home.url_path(siteId=home_site), key=unknown),
        Call(home.method, home.url_path(siteId=home_site), client=1),  # the other customer's client id
        Call("DELETE", home.url_path(siteId=home_site)),
        Call(many.method, many.path, body=body(with_drivers)),
        Call(many.method, many.path, body=body(*range(missing, missing + SPEC.max_ids + 1))),
        Call(many.method, many.path, body=body()),
        Call(many.method, many.path, body=b'{"' + ids.encode() + b'": [1,'),
        Call(many.method, many.path, key=None, body=body(with_drivers)),
        Call(many.method, many.path, body=body(missing)),
        Call(many.method, many.path, body=body(2**63)),  # beyond int64
    ]


def _request(call: Call, keys: tuple[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The headers and query of a call."""
    own, other = build_dataset().tenants[:2]
    headers = {"accept-encoding": "identity"}  # the recorded body is then the body as sent, readable as text
    key = keys[call.key] if isinstance(call.key, int) else call.key
    if key is not None:
        headers[SPEC.key_header] = key
    if call.body is not None:
        headers["content-type"] = "application/json"
    client_id = (own, other)[call.client].tenant.client_id
    return headers, {SPEC.client_id_parameter: client_id}


def _send(client: httpx.Client, base_url: str, every: list[Call], keys: tuple[str, str]) -> Iterator[httpx.Response]:
    for call in every:
        headers, query = _request(call, keys)
        yield client.request(call.method, f"{base_url}{call.path}", params=query, headers=headers, content=call.body)


def _direct(base_url: str, every: list[Call], keys: tuple[str, str], out: Path) -> None:
    """Send the calls to the mock; write each exchange with `Recorder`, masked as the proxy masks it."""
    known = Keys()
    recorder = Recorder(out)
    try:
        with httpx.Client(timeout=30) as client:
            for number, response in enumerate(_send(client, base_url, every, keys), start=1):
                request = response.request
                headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw)
                started = datetime.now(UTC) - response.elapsed
                exchange = Exchange(
                    id=str(number),
                    started=started.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                    method=request.method,
                    path=request.url.raw_path.decode("ascii").split("?", 1)[0],
                    query=request.url.query.decode("ascii"),
                    request_headers=headers,
                    request_body=request.content,
                    status=response.status_code,
                    response_headers=tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw),
                    response_body=response.content,
                    response_size=len(response.content),
                    elapsed_ms=response.elapsed.total_seconds() * 1000,
                    credential=known.learn(headers, request.url.query.decode("ascii")),
                )
                recorder.write(exchange, known.masker)
    finally:
        recorder.close()


@contextmanager
def _proxy(upstream: str, out: Path, exchanges: int) -> Iterator[str]:
    """The validation proxy in front of `upstream`, recording into `out`; its base URL."""
    command = [sys.executable, "-m", "contract_tests", "proxy", "--upstream", upstream, "--port", "0"]
    with tempfile.TemporaryDirectory() as reports:  # the proxy's verdict is not kept: check-traffic gives it again
        command += ["--record", str(out), "--reports-dir", reports, "--max-exchanges", str(exchanges + 1)]
        with launched(command, {}, banner=PROXY_BANNER, name="the proxy") as proxy:
            match = PROXY_BANNER.search(proxy.banner)
            assert match is not None
            yield match.group(1) + match.group(2)


def record(behaviour: Behaviour, out: Path, *, direct: bool = False) -> int:
    """Serve the mock with `behaviour`, send the calls (through the proxy unless `direct`), record them into `out`;
    the number of exchanges."""
    # Random base64 keys (/, + and = in them): the mock's two customers, and one it does not know.
    keys = tuple(base64.b64encode(secrets.token_bytes(24)).decode() for _ in range(3))
    every = calls(keys[2])
    out.unlink(missing_ok=True)
    with launched(serve_command(behaviour), {"EMABLER_MOCK_API_KEYS": ",".join(keys[:2])}) as mock:
        if direct:
            _direct(mock.base_url, every, (keys[0], keys[1]), out)
        else:
            with _proxy(mock.base_url, out, len(every)) as base_url, httpx.Client(timeout=30) as client:
                for _ in _send(client, base_url, every, (keys[0], keys[1])):
                    pass
    text = out.read_text(encoding="utf-8")
    if Masker(keys)(text) != text:  # a key in any form: the recorder's masking has tests; a leak must never stay
        out.unlink()
        raise click.ClickException(f"{out} held a key: removed")
    return len(every)


def file_name(behaviour: Behaviour) -> str:
    """`mock.jsonl` for the clean mock, `variant-<name>.jsonl` for a variant."""
    return "mock.jsonl" if behaviour == CLEAN else f"{behaviour.kind.value}-{behaviour.name}.jsonl"


@click.command()
@click.argument("behaviours", nargs=-1)
@click.option("--out", default="traffic", show_default=True, type=click.Path(path_type=Path, file_okay=False))
@click.option("--direct", is_flag=True, help="Send to the mock and record with Recorder, without the proxy.")
def main(behaviours: tuple[str, ...], out: Path, direct: bool) -> None:
    """Record the clean mock and each conformant variant (or the BEHAVIOURS named: `clean` or a variant's name)."""
    every = [CLEAN, *of_kind(Kind.VARIANT)]
    if behaviours:
        every = [CLEAN if name == "clean" else get_behaviour(name, Kind.VARIANT) for name in behaviours]
    out.mkdir(parents=True, exist_ok=True)
    for behaviour in every:
        path = out / file_name(behaviour)
        count = record(behaviour, path, direct=direct)
        click.echo(f"{path}: {count} exchanges, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
