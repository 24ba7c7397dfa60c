"""Requests per unit of time: the contract run against the embedded mock, and the mock over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from emabler_spec import CLIENT_ID_PARAMETER, DRIVERS_FOR_SITES, ID_LIST_PROPERTY, KEY_HEADER
from mock_server.data import DEFAULT_SEED, build_dataset
from mock_server.launch import launched


def contract_cases_per_second(workdir: Path) -> tuple[int, float]:
    """(test cases, seconds) of `python -m contract_tests run` against the embedded mock."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMABLER_")}
    env["EMABLER_REPORTS_DIR"] = str(workdir / "contract")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "contract_tests", "run"], env=env, capture_output=True, check=True)
    seconds = time.perf_counter() - start
    results = json.loads((workdir / "contract" / "summary.json").read_text())["results"]
    # Every request Schemathesis sends is checked by not_a_server_error: its count is the case count.
    cases = sum(r["passed"] + r["failed"] for r in results if r["check"] == "not_a_server_error")
    return cases, seconds


def mock_requests_per_second(scale: int, site_ids: list[int], requests: int) -> tuple[float, int]:
    """(requests per second, response bytes) for operation 2 against the mock's own server over HTTP."""
    tenant = build_dataset(scale=scale).tenants[0].tenant
    # Flags pin what the benchmark means; the demo keys must answer, so no private keys from the environment.
    command = [sys.executable, "-m", "mock_server", "serve", "--port", "0", "--scale", str(scale)]
    command += ["--seed", str(DEFAULT_SEED)]
    clean = {
        name: ""
        for name in ("EMABLER_MOCK_API_KEYS", "EMABLER_MOCK_FAULT", "EMABLER_MOCK_VARIANT", "EMABLER_MOCK_SCENARIO")
    }
    with (
        launched(command, env=clean, timeout=60) as mock,
        httpx.Client(
            base_url=mock.base_url,
            headers={KEY_HEADER: tenant.api_key},
            params={CLIENT_ID_PARAMETER: tenant.client_id},
            timeout=60,
        ) as http,
    ):
        path, body = DRIVERS_FOR_SITES.path, {ID_LIST_PROPERTY: site_ids}
        size = len(http.post(path, json=body).content)
        start = time.perf_counter()
        for _ in range(requests):
            http.post(path, json=body).raise_for_status()
        return requests / (time.perf_counter() - start), size
