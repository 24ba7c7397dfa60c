"""The generated client against the mock over HTTP: both operations, sync and async, every status."""

from __future__ import annotations

from typing import Any

import pytest

from emabler_client.api.drivers import get_authorised_users_for_charger_groups as op2
from emabler_client.api.drivers import get_authorised_users_home_group as op1
from emabler_client.errors import UnexpectedStatus
from emabler_client.models import Error, GroupIdsRequest, GroupUsers, UserGroup
from emabler_client.types import UNSET, Response
from emabler_extras import Connection, all_drivers, connect, walk_sites
from mock_server import MockApp, create_app, get_behaviour
from mock_server.data import Site, TenantData, group_users, user_group
from mock_server.launch import uvicorn_in_thread

NO_SUCH_SITE = 2**63 - 1
TOO_MANY = GroupIdsRequest(group_ids=list(range(1, 22)))
MISSING = GroupIdsRequest(group_ids=[NO_SUCH_SITE])


def _no_key(connection: Connection, mock_url: str) -> Connection:
    return connect("not-a-key", connection.client_id, mock_url)


def test_operation_1_sync_returns_the_site_with_its_drivers(connection: Connection, tenant: TenantData) -> None:
    root = tenant.roots[0]
    site = op1.sync(root.id, client=connection.client, client_id=connection.client_id)
    assert isinstance(site, UserGroup)
    assert site.id == root.id
    assert isinstance(site.users, list)
    assert {user.id for user in site.users} == {d["id"] for d in tenant.home_drivers[root.id]}


async def test_operation_1_async_returns_the_same_site(connection: Connection, tenant: TenantData) -> None:
    root = tenant.roots[0]
    site = await op1.asyncio(root.id, client=connection.client, client_id=connection.client_id)
    assert site == op1.sync(root.id, client=connection.client, client_id=connection.client_id)


def test_operation_2_sync_returns_drivers_per_site(connection: Connection, tenant: TenantData) -> None:
    ids = tenant.sites_with_drivers[:3]
    body = GroupIdsRequest(group_ids=ids)
    entries = op2.sync(client=connection.client, body=body, client_id=connection.client_id)
    assert isinstance(entries, list)
    assert [entry.group_id for entry in entries] == ids
    assert all(isinstance(entry, GroupUsers) for entry in entries)


async def test_operation_2_async_detailed_keeps_status_and_raw_body(connection: Connection, tenant: TenantData) -> None:
    ids = [tenant.roots[0].id]
    body = GroupIdsRequest(group_ids=ids)
    response = await op2.asyncio_detailed(client=connection.client, body=body, client_id=connection.client_id)
    assert response.status_code == 200
    assert response.content.startswith(b"[")
    assert isinstance(response.parsed, list)


def _assert_error(response: Response[Any], status: int) -> None:
    assert response.status_code == status
    assert isinstance(response.parsed, Error), status
    assert response.parsed.error_code


def test_documented_errors_come_back_as_error_models_sync(
    connection: Connection, mock_url: str, tenant: TenantData
) -> None:
    bad, own, cid = _no_key(connection, mock_url), tenant.roots[0].id, connection.client_id
    _assert_error(op1.sync_detailed(NO_SUCH_SITE, client=connection.client, client_id=cid), 400)
    _assert_error(op1.sync_detailed(own, client=bad.client, client_id=cid), 401)
    _assert_error(op2.sync_detailed(client=connection.client, body=TOO_MANY, client_id=cid), 400)
    _assert_error(op2.sync_detailed(client=bad.client, body=GroupIdsRequest(group_ids=[own]), client_id=cid), 401)
    _assert_error(op2.sync_detailed(client=connection.client, body=MISSING, client_id=cid), 404)


async def test_documented_errors_come_back_as_error_models_async(
    connection: Connection, mock_url: str, tenant: TenantData
) -> None:
    bad, own, cid = _no_key(connection, mock_url), tenant.roots[0].id, connection.client_id
    _assert_error(await op1.asyncio_detailed(NO_SUCH_SITE, client=connection.client, client_id=cid), 400)
    _assert_error(await op1.asyncio_detailed(own, client=bad.client, client_id=cid), 401)
    _assert_error(await op2.asyncio_detailed(client=connection.client, body=TOO_MANY, client_id=cid), 400)
    _assert_error(
        await op2.asyncio_detailed(client=bad.client, body=GroupIdsRequest(group_ids=[own]), client_id=cid), 401
    )
    _assert_error(await op2.asyncio_detailed(client=connection.client, body=MISSING, client_id=cid), 404)


def test_an_undocumented_status_raises_unexpected_status_with_the_body(tenant: TenantData) -> None:
    # The undocumented-status fault answers 422 to a request that breaks the contract.
    with uvicorn_in_thread(create_app(get_behaviour("undocumented-status"))) as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        with pytest.raises(UnexpectedStatus) as raised:
            op2.sync(client=connection.client, body=GroupIdsRequest(group_ids=[]), client_id=connection.client_id)
    assert raised.value.status_code == 422
    assert b"BAD_REQUEST" in raised.value.content


def test_recursive_subgroups_are_navigable(connection: Connection, tenant: TenantData) -> None:
    root = tenant.roots[0]
    site = op1.sync(root.id, client=connection.client, client_id=connection.client_id)
    assert isinstance(site, UserGroup)
    walked = [(each.id, depth) for each, depth in walk_sites(site)]

    def tree(node: Site, depth: int = 0) -> list[tuple[int, int]]:
        return [(node.id, depth)] + [pair for child in node.children for pair in tree(child, depth + 1)]

    assert walked == tree(root)
    assert max(depth for _, depth in walked) == 2


def test_null_and_absent_stay_different(connection: Connection, tenant: TenantData) -> None:
    site = op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert isinstance(site, UserGroup)
    groups = [group for _, driver in all_drivers(site) for group in driver.charger_groups or []]
    chargers = [charger for group in groups for charger in group.chargers or []]
    assert any(charger.id is None for charger in chargers)  # sent as null
    assert any(charger.amount_of_sockets is UNSET for charger in chargers)  # not sent at all
    assert any(isinstance(charger.amount_of_sockets, int) for charger in chargers)


def test_every_response_of_the_dataset_round_trips_through_the_models(clean_app: MockApp) -> None:
    for data in clean_app.dataset.tenants:
        for site in data.sites.values():
            parsed = UserGroup.from_dict(user_group(site, data))
            assert UserGroup.from_dict(parsed.to_dict()) == parsed
        for entry in group_users(data.sites, data):
            users = GroupUsers.from_dict(entry)
            assert GroupUsers.from_dict(users.to_dict()) == users
