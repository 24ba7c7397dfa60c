"""The clean mock served over real HTTP for the client tests, and connections to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette

from emabler_extras import Connection, connect
from mock_server.data import TenantData
from tests.serving import uvicorn_in_thread


@pytest.fixture(scope="session")
def mock_url(clean_app: Starlette) -> Iterator[str]:
    """The clean mock's base URL on 127.0.0.1."""
    with uvicorn_in_thread(clean_app) as url:
        yield url


@pytest.fixture
def connection(mock_url: str, tenant: TenantData) -> Connection:
    """A connection of the first demo customer to the served mock."""
    return connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url)
