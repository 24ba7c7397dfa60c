"""A behaviour's state lives in its app: only a behaviour that counts requests keeps a count, one per app."""

from __future__ import annotations

from typing import Any

import httpx

from mock_server import MockApp, create_app, get_behaviour
from mock_server._behaviour import Wrapper
from mock_server.data import TenantData
from tests.mock.as_customer import home_site


def _wrapper(app: MockApp) -> Wrapper:
    """The wrapper in the app's middleware (built by its first request)."""
    layer: Any = app.middleware_stack
    while not isinstance(layer, Wrapper):
        layer = layer.app
    return layer


async def _statuses(app: MockApp, times: int) -> list[int]:
    tenant: TenantData = app.dataset.tenants[0]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock/api") as http:
        return [(await home_site(http, tenant, tenant.roots[0].id)).status_code for _ in range(times)]


async def test_two_apps_of_one_scenario_count_the_same_request_apart() -> None:
    first, second = create_app(get_behaviour("unavailable-twice")), create_app(get_behaviour("unavailable-twice"))
    assert await _statuses(first, 2) == [503, 503]
    assert await _statuses(second, 3) == [503, 503, 200]  # the first app's two do not count here
    assert await _statuses(first, 1) == [200]
    assert sum(_wrapper(first).seen.values()) == 3


async def test_a_fault_keeps_no_count_of_the_requests_it_sees() -> None:
    app = create_app(get_behaviour("server-error"))
    assert await _statuses(app, 3) == [200, 200, 200]
    assert not _wrapper(app).seen
