"""The `Error` bodies the mock answers with, and their codes (wrappers recognise its answers by them)."""

from __future__ import annotations

from typing import Any

UNAUTHORISED = "UNAUTHORISED"
BAD_REQUEST = "BAD_REQUEST"
SITE_NOT_FOUND = "SITE_NOT_FOUND"
SITES_NOT_FOUND = "SITES_NOT_FOUND"
INTERNAL = "INTERNAL"


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The spec's `Error` with every property set, as the vendor's v2 API sends it."""
    return {
        "errorCode": code,
        "message": message,
        "errorNumber": status,
        "helpLink": f"https://api.emabler.net/docs/errors/{code}",
    }
