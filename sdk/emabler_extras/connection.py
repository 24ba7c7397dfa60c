"""One documented way to build an authenticated client: from arguments or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import httpx

from emabler_client import AuthenticatedClient
from emabler_extras._spec_facts import DEFAULT_BASE_URL, KEY_HEADER
from emabler_extras.transport import (
    Retries,
    RetriesSetting,
    TimeoutSetting,
    as_retries,
    as_timeout,
    build_transport,
    environment_proxy,
)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
"""5 s to connect; 30 s for each read or write of a request, and to get a pooled connection."""

DEFAULT_RETRIES = Retries()
"""2 retries after the first attempt, waiting up to 0.5 s x 2**n (or Retry-After, at most 30 s), 60 s in all."""


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
    timeout: TimeoutSetting = DEFAULT_TIMEOUT,
    retries: RetriesSetting = DEFAULT_RETRIES,
    raise_on_unexpected_status: bool = True,
    raise_on_error_status: bool = False,
    **client_args: Any,
) -> Connection:
    """Build a `Connection`; each missing argument is read from the environment.

    `EMABLER_API_KEY`, `EMABLER_CLIENT_ID` and `EMABLER_BASE_URL` (default: the vendor's
    URL from openapi.yaml). The key is sent in the spec's key header (`KEY_HEADER`).

    `timeout`: seconds, an `httpx.Timeout`, or None for none (default `DEFAULT_TIMEOUT`).
    `retries`: a number of retries, a `Retries`, or None or 0 for none (default
    `DEFAULT_RETRIES`); connection errors, timeouts, 408, 429, 502, 503 and 504 are retried.
    `call_options()` changes either for the calls of one block.

    Documented error statuses (400, 401, 404) come back as `Error` models, or raise
    `BadRequestError`, `AuthenticationError`, `NotFoundError` with `raise_on_error_status`.
    Any other status raises `emabler_client.errors.UnexpectedStatus` (`RateLimitError` for
    429, `ServerError` for 5xx) while `raise_on_unexpected_status` is on, as here by default.
    An `httpx_args={"transport": ...}` of your own gets the retries and the log too. A proxy,
    `httpx_args={"proxy": ...}` or the environment's (`HTTPS_PROXY`, `NO_PROXY`, ...), is used
    as httpx uses it, behind the retries.
    """
    api_key = api_key or os.environ.get("EMABLER_API_KEY")
    client_id = client_id or os.environ.get("EMABLER_CLIENT_ID")
    base_url = base_url or os.environ.get("EMABLER_BASE_URL") or DEFAULT_BASE_URL
    if not api_key:
        raise MissingCredentials("no API key: pass api_key or set EMABLER_API_KEY")
    if not client_id:
        raise MissingCredentials("no client id: pass client_id or set EMABLER_CLIENT_ID")
    httpx_args = dict(client_args.pop("httpx_args", {}))
    own_transport = httpx_args.get("transport")
    proxy = None
    if own_transport is not None and httpx_args.get("proxy") is not None:
        # httpx would route every request to the proxy past that transport, and past the retries.
        raise ValueError("give the proxy to your own transport, not as httpx_args['proxy'] beside it")
    if own_transport is None:
        # httpx would send a `proxy` it is given past the retries; the default transport takes it
        # instead, and, like httpx, the environment's proxy when there is none (`trust_env`).
        proxy = httpx_args.pop("proxy", None)
        if proxy is None and httpx_args.get("trust_env", True):
            proxy = environment_proxy(base_url)
    httpx_args["transport"] = build_transport(
        as_retries(retries), client_args.get("verify_ssl", True), own_transport, proxy
    )
    client = AuthenticatedClient(
        base_url=base_url,
        token=api_key,
        prefix="",
        auth_header_name=KEY_HEADER,
        timeout=as_timeout(timeout),
        raise_on_unexpected_status=raise_on_unexpected_status,
        raise_on_error_status=raise_on_error_status,
        httpx_args=httpx_args,
        **client_args,
    )
    return Connection(client, client_id)
