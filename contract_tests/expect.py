"""Assertions of the domain tests, with messages that say what the server did instead."""

from __future__ import annotations

from typing import Any

import httpx

from emabler_spec import DRIVERS_FOR_SITES, HOME_SITE, component_validator

OP1 = HOME_SITE.label
OP2 = DRIVERS_FOR_SITES.label
NO_SUCH_SITE = 2**63 - 1  # a valid int64 no real customer has as a site id


def documented_error(response: httpx.Response, status: int) -> dict[str, Any]:
    """`response` is `status` with the spec's JSON `Error` body; returns the body."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text[:300]}"
    content_type = response.headers.get("content-type", "")
    assert content_type.startswith("application/json"), f"expected application/json, got {content_type!r}"
    body: dict[str, Any] = response.json()
    errors = [error.message for error in component_validator("Error").iter_errors(body)]
    assert not errors, f"the {status} body is not the spec's Error: {errors}"
    return body


def json_ok(response: httpx.Response, schema: str) -> Any:
    """`response` is a 200 whose JSON body validates against the component `schema` (or `[schema]`)."""
    assert response.status_code == 200, f"expected 200, got {response.status_code}: {response.text[:300]}"
    body = response.json()
    validator = component_validator(schema.strip("[]"))
    items = body if schema.startswith("[") else [body]
    errors = [error.message for item in items for error in validator.iter_errors(item)][:5]
    assert not errors, f"the 200 body breaks {schema}: {errors}"
    return body
