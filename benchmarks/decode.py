"""Decoding one large operation-2 response: json.loads, the stock client, ours, msgspec."""

from __future__ import annotations

import gc
import importlib
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import msgspec
import yaml

from benchmarks.reference_types import build as build_reference
from emabler_client import Client
from emabler_client.api.drivers import get_authorised_users_for_charger_groups as ours
from emabler_client.models import GroupUsers
from emabler_spec import SPEC
from mock_server.data import build_dataset, group_users

ROOT = Path(__file__).resolve().parent.parent  # the checkout: make bench runs in it
STOCK_PACKAGE = "emabler_client_stock"


@dataclass(frozen=True)
class Row:
    """One decode path: its best time of several runs (as called, and with the cyclic collector
    off around the whole call) and its peak traced memory."""

    name: str
    seconds: float
    seconds_collector_off: float
    peak_mb: float


def large_site_ids(scale: int) -> list[int]:
    """The most sites one call takes, with drivers of the first customer at `scale`: operation 2's largest answer."""
    return build_dataset(scale=scale).tenants[0].sites_with_drivers[: SPEC.max_ids]


def large_response(scale: int) -> bytes:
    """Operation 2's body for `large_site_ids(scale)` (the mock's own data)."""
    data = build_dataset(scale=scale).tenants[0]
    return json.dumps(group_users(large_site_ids(scale), data), separators=(",", ":")).encode()


def stock_client(workdir: Path) -> Any:
    """The same spec through stock openapi-python-client (no custom templates): the 'before'."""
    config = yaml.safe_load((ROOT / "generator-config.yml").read_text())
    config.update(package_name_override=STOCK_PACKAGE, post_hooks=[])
    (workdir / "config.yml").write_text(yaml.safe_dump(config))
    generator = str(Path(sys.executable).parent / "openapi-python-client")
    spec = workdir / "openapi.json"
    spec.write_text(json.dumps(SPEC.document))
    subprocess.run(  # noqa: S603 - the pinned generator, fixed arguments
        [generator, "generate", "--path", str(spec), "--config", str(workdir / "config.yml"),
         "--meta", "none", "--output-path", str(workdir / STOCK_PACKAGE)],
        check=True, capture_output=True,
    )  # fmt: skip
    sys.path.insert(0, str(workdir))
    return importlib.import_module(f"{STOCK_PACKAGE}.api.drivers.get_authorised_users_for_charger_groups")


def _best(function: Callable[[], object], runs: int, collector: bool = True) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        if not collector:
            gc.disable()
        try:
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def _peak_mb(function: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def measure(body: bytes, workdir: Path, runs: int = 5) -> list[Row]:
    """Time and memory of each decode path on `body`, all in this one process and run."""
    response = httpx.Response(200, content=body, headers={"content-type": "application/json"})
    stock = stock_client(workdir)
    stock_instance = stock_client_instance()  # built once: only the decode is timed
    group_users_struct: Any = build_reference().GroupUsers
    reference = msgspec.json.Decoder(list[group_users_struct])
    paths: dict[str, Callable[[], object]] = {
        "json.loads": lambda: json.loads(body),
        "stock openapi-python-client (_build_response)": lambda: stock._build_response(
            client=stock_instance, response=response
        ),
        "json.loads + our from_dict (the caller's data, kept)": lambda: [
            GroupUsers.from_dict(item) for item in json.loads(body)
        ],
        "our client (_build_response, the path of sync())": lambda: ours._build_response(
            client=Client(base_url="http://bench"), response=response
        ),
        "msgspec typed decode (lower bound)": lambda: reference.decode(body),
    }
    return [
        Row(name, _best(path, runs), _best(path, runs, collector=False), _peak_mb(path)) for name, path in paths.items()
    ]


def stock_client_instance() -> Any:
    """A Client of the stock package (its _build_response wants one)."""
    return importlib.import_module(STOCK_PACKAGE).Client(base_url="http://bench")


def count_objects(body: bytes) -> int:
    """How many JSON objects the body holds (what the decoders build)."""

    def count(value: Any) -> int:
        if isinstance(value, dict):
            return 1 + sum(count(v) for v in value.values())
        if isinstance(value, list):
            return sum(count(v) for v in value)
        return 0

    return count(json.loads(body))
