"""`make bench` keeps working: its load generator and its cases (no timing is asserted here)."""

from __future__ import annotations

import subprocess

import httpx
import pytest

from benchmarks.load import Load, _fallback
from benchmarks.throughput import cases
from mock_server.data import DEMO_TENANTS
from tests.checkout import served_mock


def test_every_case_of_the_bench_gets_the_status_it_measures_and_the_load_generator_counts_answers() -> None:
    tenant = DEMO_TENANTS[0]
    with served_mock() as mock:
        for case in cases(scale=1):
            load = case.load(mock.base_url, tenant.api_key, tenant.client_id)
            answer = httpx.request(load.method, load.url, headers=load.headers, content=load.body)
            assert answer.status_code == case.status, case.name
        rate = _fallback(cases(scale=1)[2].load(mock.base_url, tenant.api_key, tenant.client_id), 2, 0.3)
        assert rate > 0


def test_the_load_generator_refuses_to_measure_answers_of_another_status() -> None:
    with served_mock() as mock, pytest.raises(subprocess.CalledProcessError) as failed:
        _fallback(Load(f"{mock.base_url}/nowhere", status=200), 1, 0.2)
    assert "another status than 200" in failed.value.stderr
