"""Requests of the two operations as a test writes them: a tenant, ids, and overrides."""

from __future__ import annotations

from typing import Any

import httpx

from emabler_spec import SPEC
from mock_server.data import TenantData

UNSET: Any = object()


def auth(tenant: TenantData, key: Any = UNSET) -> dict[str, Any]:
    """Headers and query of `tenant`; `key=None` drops the key, a string replaces it."""
    key = tenant.tenant.api_key if key is UNSET else key
    headers = {} if key is None else {SPEC.key_header: key}
    return {"headers": headers, "params": {SPEC.client_id_parameter: tenant.tenant.client_id}}


async def home_site(http: httpx.AsyncClient, tenant: TenantData, site_id: Any, **kw: Any) -> httpx.Response:
    """Operation 1 for `site_id` as `tenant`."""
    return await http.get(SPEC.home_site.url_path(siteId=site_id), **auth(tenant, **kw))


async def drivers_for(http: httpx.AsyncClient, tenant: TenantData, body: Any, **kw: Any) -> httpx.Response:
    """Operation 2 with `body` (a JSON value, or raw bytes sent as application/json)."""
    if isinstance(body, bytes):
        headers = {**auth(tenant, **kw)["headers"], "content-type": "application/json"}
        return await http.post(
            SPEC.drivers_for_sites.path, content=body, headers=headers, params=auth(tenant)["params"]
        )
    return await http.post(SPEC.drivers_for_sites.path, json=body, **auth(tenant, **kw))


def documented_error(response: httpx.Response, status: int) -> dict[str, Any]:
    """`response` is `status` with the spec's JSON `Error` body; returns the body."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text[:300]}"
    assert response.headers.get("content-type", "").startswith("application/json")
    body: dict[str, Any] = response.json()
    errors = [error.message for error in SPEC.component_validator("Error").iter_errors(body)]
    assert not errors, f"the {status} body is not the spec's Error: {errors}"
    return body
