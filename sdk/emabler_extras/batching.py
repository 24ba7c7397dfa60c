"""Drivers for any number of sites: batches of at most MAX_IDS_PER_CALL ids, merged in order.

A failing batch is reported with its ids and what went wrong; the other batches'
results are kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field

import httpx

from emabler_client.api.drivers import get_authorised_users_for_charger_groups as operation
from emabler_client.errors import UnexpectedStatus
from emabler_client.models import Error, GroupIdsRequest, GroupUsers
from emabler_client.types import Response
from emabler_extras._spec_facts import MAX_IDS_PER_CALL
from emabler_extras.connection import Connection


@dataclass(frozen=True)
class BatchFailure:
    """One batch that did not succeed: its ids, and the status and body or exception."""

    site_ids: list[int]
    status: int | None
    error: Error | None = None
    detail: str = ""


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


def _outcome(batch: list[int], response: Response[Error | list[GroupUsers]]) -> list[GroupUsers] | BatchFailure:
    if response.status_code == 200 and isinstance(response.parsed, list):
        return response.parsed
    if response.status_code == 404:  # documented: none of these sites has drivers
        return []
    error = response.parsed if isinstance(response.parsed, Error) else None
    return BatchFailure(batch, int(response.status_code), error, error.message if error and error.message else "")


def _failure(batch: list[int], exception: Exception) -> BatchFailure:
    if isinstance(exception, UnexpectedStatus):
        return BatchFailure(batch, exception.status_code, None, exception.content.decode(errors="replace")[:500])
    return BatchFailure(batch, None, None, f"{type(exception).__name__}: {exception}")


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
            outcomes.append(_outcome(batch, response))
        except (UnexpectedStatus, httpx.HTTPError) as exception:
            outcomes.append(_failure(batch, exception))
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
                return _outcome(batch, response)
            except (UnexpectedStatus, httpx.HTTPError) as exception:
                return _failure(batch, exception)

    todo = batches(site_ids)
    return _merge(list(await asyncio.gather(*(one(batch) for batch in todo))), len(todo))
