"""Fixtures shared by the project's tests: the clean mock in-process and its tenants."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from mock_server import MockApp, create_app
from mock_server.data import TenantData
from mock_server.launch import uvicorn_in_thread


@pytest.fixture(scope="session")
def clean_app() -> MockApp:
    """The clean mock, built once: its dataset is deterministic and read-only."""
    return create_app()


@pytest.fixture(scope="session")
def tenant(clean_app: MockApp) -> TenantData:
    """The first demo customer."""
    data: TenantData = clean_app.dataset.tenants[0]
    return data


@pytest.fixture(scope="session")
def other_tenant(clean_app: MockApp) -> TenantData:
    """The second demo customer, whose sites the first must never see."""
    data: TenantData = clean_app.dataset.tenants[1]
    return data


@pytest.fixture
async def http(clean_app: MockApp) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client calling the clean mock in-process (ASGI, no socket)."""
    transport = httpx.ASGITransport(app=clean_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock/api") as client:
        yield client


@pytest.fixture(scope="session")
def mock_url(clean_app: MockApp) -> Iterator[str]:
    """The clean mock's base URL on 127.0.0.1."""
    with uvicorn_in_thread(clean_app) as url:
        yield url
