"""More sites than one call takes: batches of at most MAX_IDS_PER_CALL, merged in order, failures kept apart."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import httpx
import httpx_retries.retry
import pytest

from emabler_client.errors import UndecodableBody
from emabler_extras import MAX_IDS_PER_CALL, batches, connect, drivers_for_sites, drivers_for_sites_async
from emabler_spec import SPEC
from mock_server import create_app, get_behaviour
from mock_server.data import TenantData
from mock_server.launch import uvicorn_in_thread
from tests.client.conftest import scenario


def _45_ids(tenant: TenantData) -> list[int]:
    own = tenant.sites_with_drivers
    return own + [900_000 + n for n in range(45 - len(own))]


def test_ids_are_split_at_the_limit_without_duplicates() -> None:
    assert [len(b) for b in batches(range(2 * MAX_IDS_PER_CALL + 5))] == [MAX_IDS_PER_CALL, MAX_IDS_PER_CALL, 5]
    assert batches([3, 1, 3, 2, 1]) == [[3, 1, 2]]


def test_45_site_ids_make_3_requests_and_return_every_sites_drivers(mock_url: str, tenant: TenantData) -> None:
    sent: list[list[int]] = []
    hooks = {"request": [lambda request: sent.append(json.loads(request.content)["groupIds"])]}
    connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url, httpx_args={"event_hooks": hooks})
    ids = _45_ids(tenant)
    result = drivers_for_sites(connection, ids)
    assert [len(batch) for batch in sent] == [MAX_IDS_PER_CALL, MAX_IDS_PER_CALL, 45 - 2 * MAX_IDS_PER_CALL]
    assert [site_id for batch in sent for site_id in batch] == ids
    assert result.complete
    assert result.requests == 3
    with_drivers = [site_id for site_id in ids if tenant.access.get(site_id)]
    assert [entry.group_id for entry in result.entries] == with_drivers
    for entry in result.entries:
        assert isinstance(entry.group_id, int)
        assert len(entry.users or []) == len(tenant.access[entry.group_id])


async def test_the_async_helper_returns_the_same_in_the_same_order(mock_url: str, tenant: TenantData) -> None:
    connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url)
    ids = _45_ids(tenant)
    concurrent = await drivers_for_sites_async(connection, ids, concurrency=2)
    sequential = drivers_for_sites(connection, ids)
    assert concurrent.entries == sequential.entries
    assert concurrent.requests == 3


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
async def test_a_failing_batch_is_reported_with_its_ids_and_the_others_are_kept(
    tenant: TenantData, use_async: bool
) -> None:
    # The server-error fault answers 500 to exactly MAX_IDS_PER_CALL ids: the two full batches fail.
    with uvicorn_in_thread(create_app(get_behaviour("server-error"))) as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        ids = list(reversed(_45_ids(tenant)))  # the own sites land in the last, short batch
        result = await drivers_for_sites_async(connection, ids) if use_async else drivers_for_sites(connection, ids)
    assert not result.complete
    full = MAX_IDS_PER_CALL
    assert [failure.site_ids for failure in result.failures] == [ids[:full], ids[full : 2 * full]]
    assert {failure.status for failure in result.failures} == {500}
    assert [entry.group_id for entry in result.entries] == [i for i in ids[2 * full :] if tenant.access.get(i)]
    assert result.entries


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="size"):
        batches([1], size=MAX_IDS_PER_CALL + 1)


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
async def test_an_html_200_fails_its_batch_alone_and_the_others_are_kept(tenant: TenantData, use_async: bool) -> None:
    # The html-page scenario answers a sign-in page to the short batch, the last of 45 ids.
    with scenario("html-page") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        ids = _45_ids(tenant)
        result = await drivers_for_sites_async(connection, ids) if use_async else drivers_for_sites(connection, ids)
    full = 2 * MAX_IDS_PER_CALL
    assert [failure.site_ids for failure in result.failures] == [ids[full:]]
    failure = result.failures[0]
    assert failure.status == 200
    assert "HTTP 200 OK" in failure.detail
    assert "text/html" in failure.detail
    assert failure.request_id
    assert isinstance(failure.exception, UndecodableBody)
    assert [entry.group_id for entry in result.entries] == [i for i in ids[:full] if tenant.access.get(i)]
    assert result.entries


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
async def test_a_timed_out_batch_is_reported_and_the_others_are_kept(tenant: TenantData, use_async: bool) -> None:
    # The slow scenario keeps the short batch waiting longer than this connection's timeout.
    with scenario("slow") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url, timeout=0.5, retries=0)
        ids = _45_ids(tenant)
        result = await drivers_for_sites_async(connection, ids) if use_async else drivers_for_sites(connection, ids)
    full = 2 * MAX_IDS_PER_CALL
    assert [(failure.site_ids, failure.status) for failure in result.failures] == [(ids[full:], None)]
    assert result.failures[0].detail.startswith("ReadTimeout")
    assert [entry.group_id for entry in result.entries] == [i for i in ids[:full] if tenant.access.get(i)]


async def test_each_batch_is_retried_on_its_own(tenant: TenantData, monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_wait(seconds: float) -> None:
        pass

    monkeypatch.setattr(httpx_retries.retry, "asyncio", SimpleNamespace(sleep=no_wait))
    with scenario("unavailable-twice") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        result = await drivers_for_sites_async(connection, _45_ids(tenant), concurrency=3)
    assert result.complete
    assert [entry.group_id for entry in result.entries] == [i for i in _45_ids(tenant) if tenant.access.get(i)]


def test_an_unusual_status_returned_without_raising_fails_its_batch(tenant: TenantData) -> None:
    with scenario("unusual-status") as url:  # 299 to operation 2
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url, raise_on_unexpected_status=False)
        result = drivers_for_sites(connection, [1, 2, 3])
    assert [(failure.site_ids, failure.status) for failure in result.failures] == [([1, 2, 3], 299)]
    assert result.failures[0].detail == "Web server is returning an unknown error"


def test_documented_404s_are_no_failure_when_errors_raise(mock_url: str, tenant: TenantData) -> None:
    connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url, raise_on_error_status=True)
    result = drivers_for_sites(connection, _45_ids(tenant))
    assert result.complete
    assert [entry.group_id for entry in result.entries] == [i for i in _45_ids(tenant) if tenant.access.get(i)]


async def test_a_transport_error_without_a_message_is_described_by_its_cause(tenant: TenantData) -> None:
    def drop(request: httpx.Request) -> httpx.Response:
        try:
            raise ConnectionResetError(104, "Connection reset by peer")
        except ConnectionResetError as reset:
            raise httpx.ReadError("", request=request) from reset

    transport = httpx.MockTransport(drop)
    connection = connect(
        "k", tenant.tenant.client_id, "http://api.test", retries=0, httpx_args={"transport": transport}
    )
    result = await drivers_for_sites_async(connection, [1, 2])
    assert [failure.detail for failure in result.failures] == [
        "ReadError from ConnectionResetError: [Errno 104] Connection reset by peer "
        f"(POST {SPEC.drivers_for_sites.path})"
    ]


@pytest.mark.parametrize("concurrency", [1, 2, 4])
async def test_the_async_helper_keeps_exactly_concurrency_batches_in_flight(
    tenant: TenantData, concurrency: int
) -> None:
    in_flight, most = 0, 0

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.02)  # long enough for every batch the gate lets through to arrive
        in_flight -= 1
        return httpx.Response(200, json=[])

    transport = httpx.MockTransport(answer)
    connection = connect("k", "c", "http://emabler.invalid/api", httpx_args={"transport": transport})
    result = await drivers_for_sites_async(connection, range(1, 6 * MAX_IDS_PER_CALL + 1), concurrency=concurrency)
    assert (result.requests, result.complete) == (6, True)
    assert most == concurrency
