"""Requests that break the spec get the documented 400 with the Error body, never a 500."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emabler_spec import SPEC
from mock_server.data import TenantData
from tests.mock.as_customer import auth, documented_error, drivers_for, home_site


def _own_ids(tenant: TenantData, count: int) -> list[int]:
    ids = tenant.sites_with_drivers
    return (ids * (count // len(ids) + 1))[:count]


async def test_0_site_ids_are_rejected_with_400(http: httpx.AsyncClient, tenant: TenantData) -> None:
    body = documented_error(await drivers_for(http, tenant, {"groupIds": []}), 400)
    assert "minItems" in body["message"]


async def test_1_site_id_is_answered_with_its_drivers(http: httpx.AsyncClient, tenant: TenantData) -> None:
    (site_id,) = _own_ids(tenant, 1)
    response = await drivers_for(http, tenant, {"groupIds": [site_id]})
    assert response.status_code == 200
    assert [entry["groupId"] for entry in response.json()] == [site_id]
    assert response.json()[0]["users"] == tenant.access[site_id]


async def test_20_site_ids_are_accepted_and_answered_once_each(http: httpx.AsyncClient, tenant: TenantData) -> None:
    ids = _own_ids(tenant, SPEC.max_ids)
    response = await drivers_for(http, tenant, {"groupIds": ids})
    assert response.status_code == 200
    assert [entry["groupId"] for entry in response.json()] == list(dict.fromkeys(ids))


async def test_21_site_ids_are_rejected_with_400(http: httpx.AsyncClient, tenant: TenantData) -> None:
    body = documented_error(await drivers_for(http, tenant, {"groupIds": _own_ids(tenant, SPEC.max_ids + 1)}), 400)
    assert f"maxItems {SPEC.max_ids}" in body["message"]


async def test_a_site_without_drivers_alone_gets_404(http: httpx.AsyncClient, tenant: TenantData) -> None:
    (empty,) = [site_id for site_id, drivers in tenant.access.items() if not drivers]
    documented_error(await drivers_for(http, tenant, {"groupIds": [empty]}), 404)


async def test_integral_floats_are_accepted_as_integer_ids(http: httpx.AsyncClient, tenant: TenantData) -> None:
    (site_id,) = _own_ids(tenant, 1)
    response = await drivers_for(http, tenant, b'{"groupIds": [%d.0]}' % site_id)
    assert response.status_code == 200
    assert response.json()[0]["groupId"] == site_id


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"",
        b"[1, 2]",
        b'{"groupIds": "1,2"}',
        b'{"groupIds": ["one"]}',
        b'{"groupIds": [1.5]}',
        b'{"groupIds": [null]}',
        b'{"siteIds": [1]}',
        b'{"groupIds": [9223372036854775808]}',
        b'{"groupIds": [-9223372036854775809]}',
        b"\x80\xff",
    ],
    ids=[
        "malformed json",
        "empty body",
        "array body",
        "string list",
        "string id",
        "fractional id",
        "null id",
        "wrong property",
        "id above int64",
        "id below int64",
        "not utf-8",
    ],
)
async def test_a_body_that_breaks_the_spec_gets_400(http: httpx.AsyncClient, tenant: TenantData, body: bytes) -> None:
    documented_error(await drivers_for(http, tenant, body), 400)


async def test_a_missing_body_gets_400(http: httpx.AsyncClient, tenant: TenantData) -> None:
    response = await http.post(SPEC.drivers_for_sites.path, **auth(tenant))
    assert "body" in documented_error(response, 400)["message"].lower()


@pytest.mark.parametrize(
    "site_id",
    ["abc", "1.5", "1e3", "%20", "9223372036854775808", "-9223372036854775809"],
    ids=["letters", "fraction", "exponent", "blank", "above int64", "below int64"],
)
async def test_a_site_id_that_is_not_an_int64_gets_400(
    http: httpx.AsyncClient, tenant: TenantData, site_id: str
) -> None:
    documented_error(await home_site(http, tenant, site_id), 400)


@pytest.mark.parametrize("site_id", [9223372036854775807, -9223372036854775808, 0])
async def test_int64_bounds_are_valid_ids_of_missing_sites(
    http: httpx.AsyncClient, tenant: TenantData, site_id: int
) -> None:
    assert documented_error(await home_site(http, tenant, site_id), 400)["errorCode"] == "SITE_NOT_FOUND"
    documented_error(await drivers_for(http, tenant, {"groupIds": [site_id]}), 404)


async def test_a_missing_client_id_gets_400(http: httpx.AsyncClient, tenant: TenantData) -> None:
    response = await http.get(SPEC.home_site.url_path(siteId=tenant.roots[0].id), headers=auth(tenant)["headers"])
    assert SPEC.client_id_parameter in documented_error(response, 400)["message"]


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", SPEC.drivers_for_sites.path, "POST"),
        ("DELETE", SPEC.home_site.url_path(siteId=1), "GET, HEAD"),
    ],
)
async def test_an_undeclared_method_gets_405_with_allow(
    http: httpx.AsyncClient, tenant: TenantData, method: str, path: str, allow: str
) -> None:
    response = await http.request(method, path, headers=auth(tenant)["headers"])
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == set(allow.split(", "))


async def test_odd_json_bodies_get_400_not_500(http: httpx.AsyncClient, tenant: TenantData) -> None:
    # Booleans, nested arrays and objects are not integers; non-object bodies are no request.
    odd: list[Any] = [{"groupIds": [True]}, {"groupIds": [[1]]}, {"groupIds": [{}]}, None, 1, "x"]
    for body in odd:
        assert (await drivers_for(http, tenant, body)).status_code == 400
