"""Drivers for any number of sites: batches of at most MAX_IDS_PER_CALL ids, merged in order.

A failing batch (an error status, a body that cannot be decoded, a dropped connection, a
timeout) is reported with its ids and what went wrong; the other batches' results are kept.
Each batch is one request, so the client's retries apply to each batch on its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field

import httpx

from emabler_client.api.drivers import get_authorised_users_for_charger_groups as operation
from emabler_client.errors import ApiError, ApiStatusError, NotFoundError, mask
from emabler_client.models import Error, GroupIdsRequest, GroupUsers
from emabler_client.types import Response
from emabler_extras._spec_facts import MAX_IDS_PER_CALL
from emabler_extras.connection import Connection

_DETAIL = 500  # characters of a body kept in a failure's detail


@dataclass(frozen=True)
class BatchFailure:
    """One batch that did not succeed: its ids, the status (None without an answer), and what went wrong.

    `detail` and the repr never show the connection's key, even echoed by the server; `error` is
    the parsed Error as sent, and `exception` the error raised, if one was.
    """

    site_ids: list[int]
    status: int | None
    error: Error | None = field(default=None, repr=False)  # as the server sent it: detail has its message, masked
    detail: str = ""
    request_id: str | None = None
    exception: Exception | None = field(default=None, repr=False, compare=False)


@dataclass
class DriversBySite:
    """The merged result: one entry per site with drivers, in the order asked, and the failures."""

    entries: list[GroupUsers] = field(default_factory=list)
    failures: list[BatchFailure] = field(default_factory=list)
    requests: int = 0

    @property
    def complete(self) -> bool:
        """True when every batch succeeded."""
        return not self.failures


def batches(site_ids: Iterable[int], size: int = MAX_IDS_PER_CALL) -> list[list[int]]:
    """The distinct ids, in first-seen order, in batches of at most `size`."""
    if not 1 <= size <= MAX_IDS_PER_CALL:
        raise ValueError(f"size must be 1 to {MAX_IDS_PER_CALL}")
    distinct = list(dict.fromkeys(site_ids))
    return [distinct[start : start + size] for start in range(0, len(distinct), size)]


def _outcome(
    batch: list[int], response: Response[Error | list[GroupUsers]], connection: Connection
) -> list[GroupUsers] | BatchFailure:
    if response.status_code == 200 and isinstance(response.parsed, list):
        return response.parsed
    if response.status_code == 404:  # documented: none of these sites has drivers
        return []
    error = response.parsed if isinstance(response.parsed, Error) else None
    if error is not None and error.message:
        detail = mask(error.message, [connection.client.token])
    else:  # an undocumented status returned as None (raise_on_unexpected_status=False); masked before the cut
        detail = mask(" ".join(response.content.decode(errors="replace").split()), [connection.client.token])[:_DETAIL]
    return BatchFailure(batch, int(response.status_code), error, detail, response.request_id)


def _failure(batch: list[int], exception: Exception, connection: Connection) -> list[GroupUsers] | BatchFailure:
    if isinstance(exception, NotFoundError):  # raise_on_error_status: the documented "no drivers here"
        return []
    if isinstance(exception, ApiStatusError):
        error = exception.error if isinstance(exception.error, Error) else None
        return BatchFailure(batch, exception.status_code, error, str(exception), exception.request_id, exception)
    return BatchFailure(batch, None, None, mask(_describe(exception), [connection.client.token]), None, exception)


def _describe(exception: BaseException) -> str:
    """The exception's type and message; its causes' when it has none (httpx.ReadError often has none)."""
    parts = [type(exception).__name__]
    cause: BaseException | None = exception
    while cause is not None and not str(cause):
        cause = cause.__cause__ or cause.__context__
        if cause is not None:
            parts.append(type(cause).__name__)
    message = str(cause) if cause is not None else "no message"
    text = f"{' from '.join(dict.fromkeys(parts))}: {message}"
    if isinstance(exception, httpx.RequestError):
        try:
            request = exception.request
        except RuntimeError:  # raised without a request
            return text
        text += f" ({request.method} {request.url.path})"
    return text


def _merge(outcomes: list[list[GroupUsers] | BatchFailure], requests: int) -> DriversBySite:
    result = DriversBySite(requests=requests)
    for outcome in outcomes:
        if isinstance(outcome, BatchFailure):
            result.failures.append(outcome)
        else:
            result.entries.extend(outcome)
    return result


def drivers_for_sites(connection: Connection, site_ids: Iterable[int]) -> DriversBySite:
    """Operation 2 for any number of site ids, one batch after another."""
    outcomes: list[list[GroupUsers] | BatchFailure] = []
    todo = batches(site_ids)
    for batch in todo:
        try:
            response = operation.sync_detailed(
                client=connection.client, body=GroupIdsRequest(group_ids=batch), client_id=connection.client_id
            )
            outcomes.append(_outcome(batch, response, connection))
        except (ApiError, httpx.HTTPError) as exception:
            outcomes.append(_failure(batch, exception, connection))
    return _merge(outcomes, len(todo))


async def drivers_for_sites_async(
    connection: Connection, site_ids: Iterable[int], concurrency: int = 4
) -> DriversBySite:
    """Operation 2 for any number of site ids, at most `concurrency` batches in flight."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    gate = asyncio.Semaphore(concurrency)

    async def one(batch: list[int]) -> list[GroupUsers] | BatchFailure:
        async with gate:
            try:
                response = await operation.asyncio_detailed(
                    client=connection.client, body=GroupIdsRequest(group_ids=batch), client_id=connection.client_id
                )
                return _outcome(batch, response, connection)
            except (ApiError, httpx.HTTPError) as exception:
                return _failure(batch, exception, connection)

    todo = batches(site_ids)
    return _merge(list(await asyncio.gather(*(one(batch) for batch in todo))), len(todo))
