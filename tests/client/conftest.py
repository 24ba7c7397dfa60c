"""The clean mock served over real HTTP for the client tests, and connections to it."""

from __future__ import annotations

import pytest

from emabler_extras import Connection, connect
from mock_server.data import TenantData


@pytest.fixture
def connection(mock_url: str, tenant: TenantData) -> Connection:
    """A connection of the first demo customer to the served mock."""
    return connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url)
