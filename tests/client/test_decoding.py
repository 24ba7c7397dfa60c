"""How a response is decoded: the cyclic collector's state before and after, and where the models end up.

The speed itself is measured by `make bench`, not here; these tests pin the behaviour that makes it
fast without changing what the program around the client sees.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from emabler_client import Client
from emabler_client.api.drivers import get_authorised_users_for_charger_groups as operation
from emabler_client.models import GroupUsers
from mock_server.data import TenantData, group_users


@pytest.fixture
def response(tenant: TenantData) -> httpx.Response:
    """A 200 of operation 2 for the first customer's sites that have drivers."""
    site_ids = tenant.sites_with_drivers
    body = json.dumps(group_users(site_ids, tenant)).encode()
    return httpx.Response(200, content=body, headers={"content-type": "application/json"})


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Only young collections run by themselves during the test; after it, the collector is as it was.

    Without older collections, a model can reach the oldest generation only by the decode's own move,
    so the generation tests cannot pass by chance.
    """
    enabled = gc.isenabled()
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], 1_000_000, 1_000_000)
    yield
    gc.set_threshold(*thresholds)
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


def in_generation(obj: Any, generation: int) -> bool:
    return any(tracked is obj for tracked in gc.get_objects(generation))


@pytest.mark.usefixtures("collector_restored")
def test_an_enabled_collector_is_enabled_again_after_decoding(response: httpx.Response) -> None:
    gc.enable()
    assert decode(response)
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_restored")
def test_a_collector_the_program_disabled_stays_disabled(response: httpx.Response) -> None:
    gc.disable()
    assert decode(response)
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector_restored")
def test_decoded_models_go_straight_to_the_oldest_generation(response: httpx.Response) -> None:
    gc.enable()
    gc.collect()
    users = decode(response)
    models = [users[0], users[0].users[0], users[0].users[0].charger_groups[0]]  # type: ignore[index]
    assert all(in_generation(model, 2) for model in models)
    assert not any(in_generation(model, 0) or in_generation(model, 1) for model in models)


@pytest.mark.usefixtures("collector_restored")
def test_objects_the_program_froze_stay_frozen(response: httpx.Response) -> None:
    gc.enable()
    gc.freeze()
    assert gc.get_freeze_count() > 0
    users = decode(response)
    # unfreeze() would empty the permanent generation at once; frozen objects that die are only a few
    assert gc.get_freeze_count() > 0
    assert not in_generation(users[0], 2)
