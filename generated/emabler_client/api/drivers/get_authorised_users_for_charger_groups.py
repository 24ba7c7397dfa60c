from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.group_ids_request import GroupIdsRequest
from ...models.group_users import GroupUsers
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: GroupIdsRequest,
    client_id: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["clientId"] = client_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sites/drivers",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | list[GroupUsers] | None:
    if response.status_code == 200:
        _response_200 = response.json()
        for index_, response_200_item_data in enumerate(_response_200):
            response_200_item = GroupUsers._from_json(response_200_item_data)

            _response_200[index_] = response_200_item
        response_200: list[GroupUsers] = _response_200

        return response_200

    if response.status_code == 400:
        response_400 = Error._from_json(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error._from_json(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error._from_json(response.json())

        return response_404

    if client.raise_on_unexpected_status:
        raise errors.status_error(response, client, documented=False, error_model=Error)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | list[GroupUsers]]:
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
    *,
    client: AuthenticatedClient | Client,
    body: GroupIdsRequest,
    client_id: str,
) -> Response[Error | list[GroupUsers]]:
    """Get all drivers with access to given sites

     Returns, for each requested site, the drivers that have charging rights to
    the site's chargers. At most 20 site ids per call. Route chosen by this
    project (not documented).

    Args:
        client_id (str):
        body (GroupIdsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[GroupUsers]]
    """

    kwargs = _get_kwargs(
        body=body,
        client_id=client_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: GroupIdsRequest,
    client_id: str,
) -> Error | list[GroupUsers] | None:
    """Get all drivers with access to given sites

     Returns, for each requested site, the drivers that have charging rights to
    the site's chargers. At most 20 site ids per call. Route chosen by this
    project (not documented).

    Args:
        client_id (str):
        body (GroupIdsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[GroupUsers]
    """

    return sync_detailed(
        client=client,
        body=body,
        client_id=client_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: GroupIdsRequest,
    client_id: str,
) -> Response[Error | list[GroupUsers]]:
    """Get all drivers with access to given sites

     Returns, for each requested site, the drivers that have charging rights to
    the site's chargers. At most 20 site ids per call. Route chosen by this
    project (not documented).

    Args:
        client_id (str):
        body (GroupIdsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[GroupUsers]]
    """

    kwargs = _get_kwargs(
        body=body,
        client_id=client_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: GroupIdsRequest,
    client_id: str,
) -> Error | list[GroupUsers] | None:
    """Get all drivers with access to given sites

     Returns, for each requested site, the drivers that have charging rights to
    the site's chargers. At most 20 site ids per call. Route chosen by this
    project (not documented).

    Args:
        client_id (str):
        body (GroupIdsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[GroupUsers]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            client_id=client_id,
        )
    ).parsed
