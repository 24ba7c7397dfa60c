"""Wires pytest to the run: the report plugin, the marker, and the fixtures of the domain tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from contract_tests.caller import ApiCaller
from contract_tests.report import ConformanceReport
from contract_tests.settings import SettingsError
from contract_tests.target import Target

try:
    from contract_tests.session import REPORT, SETTINGS, TARGET
except SettingsError as error:
    pytest.exit(f"error: {error}", returncode=2)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "contract_check(check, operation): a domain check of the report")
    config.pluginmanager.register(REPORT, "emabler-conformance-report")


@pytest.fixture(scope="session")
def target() -> Target:
    """The server under test."""
    return TARGET


@pytest.fixture(scope="session")
def report() -> ConformanceReport:
    """The run's report, for tests that add observations."""
    return REPORT


@pytest.fixture
async def api(target: Target) -> AsyncIterator[ApiCaller]:
    """Calls the target's operations by hand (in-process for the mock, HTTP for a live server)."""
    transport = httpx.ASGITransport(app=target.app) if target.app is not None else None
    timeout = httpx.Timeout(SETTINGS.timeout or 30.0)
    async with httpx.AsyncClient(base_url=target.base_url + "/", transport=transport, timeout=timeout) as http:
        yield ApiCaller(target, http)
