"""Keys, client ids and customers: who may read what."""

from __future__ import annotations

import httpx
import pytest

from emabler_spec import SPEC
from mock_server.data import TenantData
from tests.mock.as_customer import auth, documented_error, drivers_for, home_site


@pytest.mark.parametrize("key", [None, "", "not-a-key"], ids=["no key", "empty key", "unknown key"])
async def test_a_missing_or_unknown_key_gets_401_on_both_operations(
    http: httpx.AsyncClient, tenant: TenantData, key: str | None
) -> None:
    site_id = tenant.roots[0].id
    documented_error(await home_site(http, tenant, site_id, key=key), 401)
    documented_error(await drivers_for(http, tenant, {"groupIds": [site_id]}, key=key), 401)


async def test_the_right_key_gets_200_on_both_operations(http: httpx.AsyncClient, tenant: TenantData) -> None:
    site_id = tenant.roots[0].id
    assert (await home_site(http, tenant, site_id)).json()["id"] == site_id
    assert (await drivers_for(http, tenant, {"groupIds": [site_id]})).json()[0]["groupId"] == site_id


async def test_a_key_with_another_customers_client_id_gets_401(
    http: httpx.AsyncClient, tenant: TenantData, other_tenant: TenantData
) -> None:
    mixed = {"params": {SPEC.client_id_parameter: other_tenant.tenant.client_id}}
    response = await http.get(SPEC.home_site.url_path(siteId=tenant.roots[0].id), **auth(tenant) | mixed)
    documented_error(response, 401)


async def test_another_customers_site_is_answered_exactly_like_a_missing_one_on_operation_1(
    http: httpx.AsyncClient, tenant: TenantData, other_tenant: TenantData
) -> None:
    foreign = await home_site(http, tenant, other_tenant.roots[0].id)
    missing = await home_site(http, tenant, 424242)
    documented_error(foreign, 400)
    documented_error(missing, 400)
    assert foreign.json()["errorCode"] == missing.json()["errorCode"] == "SITE_NOT_FOUND"


async def test_another_customers_sites_are_answered_exactly_like_missing_ones_on_operation_2(
    http: httpx.AsyncClient, tenant: TenantData, other_tenant: TenantData
) -> None:
    foreign = await drivers_for(http, tenant, {"groupIds": list(other_tenant.sites)[: SPEC.max_ids]})
    missing = await drivers_for(http, tenant, {"groupIds": [424242]})
    assert documented_error(foreign, 404) == documented_error(missing, 404)


async def test_a_mix_of_own_and_foreign_sites_returns_only_the_own_ones(
    http: httpx.AsyncClient, tenant: TenantData, other_tenant: TenantData
) -> None:
    own = tenant.roots[0].id
    response = await drivers_for(http, tenant, {"groupIds": [other_tenant.roots[0].id, own]})
    assert [entry["groupId"] for entry in response.json()] == [own]
