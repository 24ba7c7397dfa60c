"""Decoding a response changes no process-wide state: the cyclic collector and frozen objects stay as they were.

The speed itself is measured by `make bench`, not here.
"""

from __future__ import annotations

import gc
import json
import threading
import time
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


def test_the_client_decodes_a_response_as_from_dict_decodes_its_json(response: httpx.Response) -> None:
    assert decode(response) == [GroupUsers.from_dict(item) for item in json.loads(response.content)]


def test_from_dict_leaves_the_callers_data_as_it_was(response: httpx.Response) -> None:
    data = json.loads(response.content)
    GroupUsers.from_dict(data[0])
    assert data == json.loads(response.content)


def test_a_list_that_is_not_all_models_is_kept_as_sent_even_when_decoded_in_place() -> None:
    sent = [{"id": 1, "maxWatts": 11000}, 5]  # the second socket is not an object: the union keeps the data
    body = json.dumps([{"groupId": 1, "users": [{"id": 2, "chargers": [{"chargerId": "A1", "sockets": sent}]}]}])
    parsed = decode(httpx.Response(200, content=body.encode(), headers={"content-type": "application/json"}))
    users = parsed[0].users
    assert isinstance(users, list)
    chargers = users[0].chargers
    assert isinstance(chargers, list)
    assert chargers[0].sockets == sent


@pytest.mark.usefixtures("collector_restored")
def test_threads_decoding_at_once_leave_the_collector_and_frozen_objects_as_the_program_set_them(
    response: httpx.Response,
) -> None:
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(6):
                decode(response)
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    for trial, (at_start, midway) in enumerate([(True, True), (True, False), (False, True), (False, False)] * 2):
        gc.collect()
        markers = [[trial, index] for index in range(50)]  # containers, so the collector tracks them
        gc.freeze()
        (gc.enable if at_start else gc.disable)()
        threads = [threading.Thread(target=work) for _ in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(0.01)
        (gc.enable if midway else gc.disable)()  # the program changes its mind while threads decode
        for thread in threads:
            thread.join()
        state = gc.isenabled()
        thawed = {id(marker) for marker in markers} & {id(obj) for obj in gc.get_objects()}
        gc.unfreeze()
        assert not failures
        assert state is midway, f"trial {trial}"
        assert not thawed, f"trial {trial}: {len(thawed)} frozen objects were thawed"
