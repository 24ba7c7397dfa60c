"""The clean mock served over real HTTP for the client tests, and connections to it."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pytest

from emabler_extras import Connection, connect
from mock_server import create_app, get_behaviour
from mock_server.data import TenantData
from mock_server.launch import uvicorn_in_thread

ATTEMPTS_LOGGER = "emabler_extras.http"


@pytest.fixture
def connection(mock_url: str, tenant: TenantData) -> Connection:
    """A connection of the first demo customer to the served mock."""
    return connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url)


@contextmanager
def scenario(name: str, api_keys: Sequence[str] = ()) -> Iterator[str]:
    """The mock with one behaviour (a scenario or fault) on 127.0.0.1; yields its base URL."""
    with uvicorn_in_thread(create_app(get_behaviour(name), api_keys=api_keys)) as url:
        yield url


def attempt_outcomes(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What each logged attempt ended with: a status, or an exception's name."""
    return [
        record.getMessage().split(" -> ", 1)[1].split(" ", 1)[0]
        for record in caplog.records
        if record.name == ATTEMPTS_LOGGER
    ]


@pytest.fixture
def attempts(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """caplog recording the SDK's attempt log at DEBUG."""
    caplog.set_level(logging.DEBUG, logger=ATTEMPTS_LOGGER)
    return caplog
