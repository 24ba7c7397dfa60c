"""One documented way to build an authenticated client: from arguments or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from emabler_client import AuthenticatedClient
from emabler_extras._spec_facts import DEFAULT_BASE_URL, KEY_HEADER


class MissingCredentials(ValueError):
    """A key or client id was neither given nor found in the environment."""


@dataclass(frozen=True)
class Connection:
    """An authenticated client and the customer id every operation needs.

    Its repr shows the base URL and client id, never the key.
    """

    client: AuthenticatedClient
    client_id: str

    def __repr__(self) -> str:
        return f"Connection(base_url={self.client._base_url!r}, client_id={self.client_id!r})"


def connect(
    api_key: str | None = None,
    client_id: str | None = None,
    base_url: str | None = None,
    *,
    raise_on_unexpected_status: bool = True,
    **client_args: Any,
) -> Connection:
    """Build a `Connection`; each missing argument is read from the environment.

    `EMABLER_API_KEY`, `EMABLER_CLIENT_ID` and `EMABLER_BASE_URL` (default: the vendor's
    URL from openapi.yaml). The key is sent in the spec's key header (`KEY_HEADER`).
    Documented error statuses (400, 401, 404) come back as `Error` models; with
    `raise_on_unexpected_status` (the default here) any other status raises
    `emabler_client.errors.UnexpectedStatus`, which keeps the status and the body.
    """
    api_key = api_key or os.environ.get("EMABLER_API_KEY")
    client_id = client_id or os.environ.get("EMABLER_CLIENT_ID")
    base_url = base_url or os.environ.get("EMABLER_BASE_URL") or DEFAULT_BASE_URL
    if not api_key:
        raise MissingCredentials("no API key: pass api_key or set EMABLER_API_KEY")
    if not client_id:
        raise MissingCredentials("no client id: pass client_id or set EMABLER_CLIENT_ID")
    client = AuthenticatedClient(
        base_url=base_url,
        token=api_key,
        prefix="",
        auth_header_name=KEY_HEADER,
        raise_on_unexpected_status=raise_on_unexpected_status,
        **client_args,
    )
    return Connection(client, client_id)
