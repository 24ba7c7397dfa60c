"""Decoding a response changes no process-wide state: the cyclic collector and frozen objects stay as they were.

The speed itself is measured by `make bench`, not here.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator

import httpx
import pytest

from emabler_client import Client
from emabler_client.api.drivers import get_authorised_users_for_charger_groups as operation
from emabler_client.models import GroupUsers
from mock_server.data import TenantData, group_users


@pytest.fixture
def response(tenant: TenantData) -> httpx.Response:
    """A 200 of operation 2 for the first customer's sites that have drivers."""
    body = json.dumps(group_users(tenant.sites_with_drivers, tenant)).encode()
    return httpx.Response(200, content=body, headers={"content-type": "application/json"})


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Whatever the test does to the collector, it is as it was afterwards."""
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def decode(response: httpx.Response) -> list[GroupUsers]:
    """The operation's own response handling, the path sync() and sync_detailed() take."""
    parsed = operation._build_response(client=Client(base_url="http://unused"), response=response).parsed
    assert isinstance(parsed, list)
    return parsed


@pytest.mark.usefixtures("collector_restored")
@pytest.mark.parametrize("enabled", [True, False], ids=["collector on", "collector off"])
def test_decoding_leaves_the_collector_as_the_program_set_it(response: httpx.Response, enabled: bool) -> None:
    if enabled:
        gc.enable()
    else:
        gc.disable()
    assert decode(response)
    assert gc.isenabled() is enabled


@pytest.mark.usefixtures("collector_restored")
def test_objects_the_program_froze_stay_frozen(response: httpx.Response) -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    assert decode(response)
    assert gc.get_freeze_count() >= frozen - 100  # a few frozen objects may die; none is thawed
