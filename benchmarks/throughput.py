"""The mock's throughput over HTTP: requests per second for a 401, a 400, small 200s and the 25 MB 200, at 1 and 10
keep-alive connections, next to a bare Starlette app answering the same bytes (the stack's own limit),
and next to Stoplight Prism serving the same spec when the machine has it."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from benchmarks.bare import LISTENING
from benchmarks.load import Load, requests_per_second
from emabler_spec import SPEC
from mock_server import CLEAN, build_dataset
from mock_server.launch import launched, serve_command

CONNECTIONS = (1, 10)
PRISM_VARIABLE = "EMABLER_BENCH_PRISM"


@dataclass(frozen=True)
class Case:
    """One request the mock is measured on; `large` cases go to the mock at the large scale."""

    name: str
    status: int
    method: str
    path: str
    key: bool
    body: bytes = b""
    large: bool = False
    with_prism: bool = True

    def load(self, base_url: str, key: str, client_id: str) -> Load:
        headers = {SPEC.key_header: key} if self.key else {}
        if self.body:
            headers["content-type"] = "application/json"
        url = f"{base_url}{self.path}?{SPEC.client_id_parameter}={client_id}"
        return Load(url, self.method, headers, self.body, self.status)


@dataclass(frozen=True)
class Measured:
    case: Case
    connections: int
    mock: float
    bare: float
    prism: float | None
    size: int


def _body(site_ids: list[int]) -> bytes:
    return json.dumps({SPEC.id_list_property: site_ids}).encode()


def cases(scale: int) -> list[Case]:
    """The requests of the table: refused, invalid, small answers of both operations, the largest answer."""
    small = build_dataset().tenants[0]
    site = min(small.sites_with_drivers, key=lambda s: len(small.access[s]))
    large = build_dataset(scale=scale).tenants[0].sites_with_drivers[: SPEC.max_ids]
    too_many = [site + n for n in range(SPEC.max_ids + 1)]
    post = SPEC.drivers_for_sites.method
    return [
        Case("401, no key (op 1)", 401, SPEC.home_site.method, SPEC.home_site.url_path(siteId=site), key=False),
        Case("400, too many ids (op 2)", 400, post, SPEC.drivers_for_sites.path, True, _body(too_many)),
        Case("small 200 (op 1)", 200, SPEC.home_site.method, SPEC.home_site.url_path(siteId=site), key=True),
        Case("small 200 (op 2)", 200, post, SPEC.drivers_for_sites.path, True, _body([site])),
        Case(
            f"{len(large)} sites at scale {scale} (op 2)",
            200,
            post,
            SPEC.drivers_for_sites.path,
            True,
            _body(large),
            large=True,
            with_prism=False,  # Prism answers its small example: not the same work
        ),
    ]


@contextmanager
def _mock(scale: int) -> Iterator[str]:
    with launched(serve_command(CLEAN, "--scale", str(scale)), {}, timeout=120) as mock:
        yield mock.base_url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prism_command() -> list[str] | None:
    """Prism's command when the machine has it (PATH, or EMABLER_BENCH_PRISM), else None."""
    found = os.environ.get(PRISM_VARIABLE) or shutil.which("prism")
    return [found] if found else None


@contextmanager
def _prism(command: list[str], workdir: Path) -> Iterator[str]:
    port = _free_port()
    spec = workdir / "openapi.json"
    spec.write_text(json.dumps(SPEC.document))
    args = [*command, "mock", str(spec), "--host", "127.0.0.1", "--port", str(port)]
    with launched(args, {}, timeout=120, banner=re.compile(r"Prism is listening on (\S+)"), name="Prism"):
        yield f"http://127.0.0.1:{port}"


def _answer(load: Load) -> httpx.Response:
    return httpx.request(load.method, load.url, headers=load.headers, content=load.body, timeout=120)


def measure(scale: int, seconds: float, workdir: Path) -> tuple[list[Measured], str]:
    """Every case at every connection count against the mock, its bare twin and Prism if present."""
    tenant = build_dataset().tenants[0].tenant
    key, client_id = tenant.api_key, tenant.client_id
    every = cases(scale)
    found: list[Measured] = []
    prism = prism_command()
    with _mock(1) as small_url, _mock(scale) as large_url:
        answers = {
            case.name: _answer(case.load(large_url if case.large else small_url, key, client_id)) for case in every
        }
        folder = workdir / "bare"
        folder.mkdir(parents=True, exist_ok=True)
        names = {case.name: f"case{index}" for index, case in enumerate(every)}
        meta = {
            names[name]: {"status": answer.status_code, "content_type": answer.headers["content-type"]}
            for name, answer in answers.items()
        }
        (folder / "cases.json").write_text(json.dumps(meta))
        for case in every:
            (folder / f"{names[case.name]}.body").write_bytes(answers[case.name].content)
        generator = ""
        with ExitStack() as servers:
            bare = [sys.executable, "-m", "benchmarks.bare", str(folder)]
            listening = re.compile(re.escape(LISTENING) + r"(\S+)")
            bare_url = servers.enter_context(launched(bare, {}, 60, banner=listening, name="the bare app")).base_url
            prism_url = servers.enter_context(_prism(prism, workdir)) if prism else None
            for case in every:
                for connections in CONNECTIONS:
                    mock_load = case.load(large_url if case.large else small_url, key, client_id)
                    mock_rate, generator = requests_per_second(mock_load, connections, seconds)
                    bare_load = replace(mock_load, url=f"{bare_url}/{names[case.name]}")
                    bare_rate, _ = requests_per_second(bare_load, connections, seconds)
                    prism_rate = None
                    if prism_url and case.with_prism:
                        prism_rate, _ = requests_per_second(case.load(prism_url, key, client_id), connections, seconds)
                    size = len(answers[case.name].content)
                    found.append(Measured(case, connections, mock_rate, bare_rate, prism_rate, size))
    return found, generator
