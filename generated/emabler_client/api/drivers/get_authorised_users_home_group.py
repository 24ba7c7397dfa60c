from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.user_group import UserGroup
from ...types import UNSET, Response


def _get_kwargs(
    site_id: int,
    *,
    client_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["clientId"] = client_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sites/{site_id}/drivers".format(
            site_id=quote(str(site_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | UserGroup | None:
    if response.status_code == 200:
        response_200 = UserGroup._from_json(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error._from_json(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error._from_json(response.json())

        return response_401

    if client.raise_on_unexpected_status:
        raise errors.status_error(response, client, documented=False, error_model=Error)
    return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | UserGroup]:
    try:
        parsed = _parse_response(client=client, response=response)
    except (ValueError, TypeError, KeyError, AttributeError) as error:  # JSONDecodeError, or JSON of another shape
        # Only a status the spec documents is decoded, so this one is documented: an error status
        # without its error body (a gateway's empty 401) raises its status class.
        if response.is_error:
            raise errors.status_error(response, client, documented=True) from None
        # from None: the cause's text may hold what the server echoed; the error's own text names it, masked.
        raise errors.UndecodableBody.of(response, client, error) from None
    if parsed is not None and response.is_error and client.raise_on_error_status:
        raise errors.status_error(response, client, documented=True, error=parsed)
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    site_id: int,
    *,
    client: AuthenticatedClient | Client,
    client_id: str,
) -> Response[Error | UserGroup]:
    """Get a home site with its drivers and subsites

     Returns one home site with the drivers whose home site it is, and its
    subsites, recursively. Route chosen by this project (not documented).

    Args:
        site_id (int): A 64-bit id.
        client_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UserGroup]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        client_id=client_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    site_id: int,
    *,
    client: AuthenticatedClient | Client,
    client_id: str,
) -> Error | UserGroup | None:
    """Get a home site with its drivers and subsites

     Returns one home site with the drivers whose home site it is, and its
    subsites, recursively. Route chosen by this project (not documented).

    Args:
        site_id (int): A 64-bit id.
        client_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UserGroup
    """

    return sync_detailed(
        site_id=site_id,
        client=client,
        client_id=client_id,
    ).parsed


async def asyncio_detailed(
    site_id: int,
    *,
    client: AuthenticatedClient | Client,
    client_id: str,
) -> Response[Error | UserGroup]:
    """Get a home site with its drivers and subsites

     Returns one home site with the drivers whose home site it is, and its
    subsites, recursively. Route chosen by this project (not documented).

    Args:
        site_id (int): A 64-bit id.
        client_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UserGroup]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        client_id=client_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    site_id: int,
    *,
    client: AuthenticatedClient | Client,
    client_id: str,
) -> Error | UserGroup | None:
    """Get a home site with its drivers and subsites

     Returns one home site with the drivers whose home site it is, and its
    subsites, recursively. Route chosen by this project (not documented).

    Args:
        site_id (int): A 64-bit id.
        client_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UserGroup
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            client=client,
            client_id=client_id,
        )
    ).parsed
