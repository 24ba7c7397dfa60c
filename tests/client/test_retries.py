"""connect()'s client retries what is safe to retry, waits as the server says, and gives up in time."""

from __future__ import annotations

import time
from types import SimpleNamespace

import httpx
import httpx_retries.retry
import pytest

from emabler_client.api.drivers import get_authorised_users_for_charger_groups as op2
from emabler_client.api.drivers import get_authorised_users_home_group as op1
from emabler_client.errors import RateLimitError, ServerError, UndecodableBody
from emabler_client.models import GroupIdsRequest, UserGroup
from emabler_extras import MAX_IDS_PER_CALL, Retries, call_options, connect
from mock_server.data import TenantData
from tests.checkout import served_mock
from tests.client.conftest import attempt_outcomes, scenario
from tests.examples import client_examples

FIRST_EXAMPLE = client_examples()["README.md example 1"]


def _run_first_example(url: str, tenant: TenantData, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMABLER_API_KEY", tenant.tenant.api_key)
    monkeypatch.setenv("EMABLER_CLIENT_ID", tenant.tenant.client_id)
    monkeypatch.setenv("EMABLER_BASE_URL", url)
    exec(compile(FIRST_EXAMPLE, "README.md example 1", "exec"), {"__name__": "__readme__"})  # noqa: S102


def test_the_readmes_first_example_gets_its_answer_after_two_503s_waiting_as_told(
    tenant: TenantData,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    attempts: pytest.LogCaptureFixture,
    mock_url: str,
) -> None:
    _run_first_example(mock_url, tenant, monkeypatch)
    clean = capsys.readouterr().out
    attempts.clear()
    with served_mock(scenario="unavailable-twice") as mock:  # `make mock SCENARIO=unavailable-twice`
        started = time.monotonic()
        _run_first_example(mock.base_url, tenant, monkeypatch)
        waited = time.monotonic() - started
    assert capsys.readouterr().out == clean
    assert attempt_outcomes(attempts) == ["503", "503", "200"]
    assert waited >= 2 * 0.95  # Retry-After: 1, twice


def test_the_readmes_first_example_ends_in_the_sdks_error_on_an_html_200(
    tenant: TenantData, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served_mock(scenario="html-page") as mock, pytest.raises(UndecodableBody) as raised:
        _run_first_example(mock.base_url, tenant, monkeypatch)
    assert raised.value.status_code == 200
    assert str(raised.value).startswith("HTTP 200 OK from GET")
    assert "content-type text/html" in str(raised.value)
    assert raised.value.content.startswith(b"<!DOCTYPE html>")


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits httpx-retries asks for, recorded instead of slept (its own module's `time` only)."""
    asked: list[float] = []
    monkeypatch.setattr(httpx_retries.retry, "time", SimpleNamespace(sleep=asked.append))
    return asked


def test_retry_after_as_an_http_date_is_honoured(tenant: TenantData, waits: list[float]) -> None:
    with scenario("rate-limited-twice") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        site = op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert isinstance(site, UserGroup)
    assert len(waits) == 2
    assert all(0 < wait <= 2 for wait in waits)  # the date is 2 s ahead, in whole seconds


def test_a_retry_after_beyond_the_cap_waits_the_cap(tenant: TenantData, waits: list[float]) -> None:
    with scenario("unavailable-twice") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url, retries=Retries(max_wait=0.25))
        op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert waits == [0.25, 0.25]


def test_the_waits_of_a_call_stop_adding_up_at_the_total(tenant: TenantData, waits: list[float]) -> None:
    with scenario("unavailable-twice") as url:
        total = Retries(retries=2, max_total_wait=1.5)
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url, retries=total)
        op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert waits == [1.0, 0.5]


def test_retries_give_up_after_the_last_attempt_with_the_typed_error(
    tenant: TenantData, waits: list[float], attempts: pytest.LogCaptureFixture
) -> None:
    with scenario("rate-limited-twice") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url, retries=1)
        with pytest.raises(RateLimitError) as raised:
            op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert attempt_outcomes(attempts) == ["429", "429"]
    assert raised.value.retry_after is not None
    assert raised.value.request_id
    assert raised.value.error is not None
    assert raised.value.error.error_code == "TOO_MANY_REQUESTS"


@pytest.mark.parametrize("off", [0, None], ids=["0", "None"])
def test_retries_can_be_switched_off(tenant: TenantData, attempts: pytest.LogCaptureFixture, off: int | None) -> None:
    with scenario("unavailable-twice") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url, retries=off)
        with pytest.raises(ServerError) as raised:
            op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert raised.value.status_code == 503
    assert raised.value.headers["retry-after"] == "1"
    assert attempt_outcomes(attempts) == ["503"]


def test_retries_can_be_switched_off_for_one_block_of_calls(
    tenant: TenantData, waits: list[float], attempts: pytest.LogCaptureFixture
) -> None:
    with scenario("unavailable-twice") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        with call_options(retries=0), pytest.raises(ServerError):
            op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
        site = op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert isinstance(site, UserGroup)
    assert attempt_outcomes(attempts) == ["503", "503", "200"]


def test_a_connection_dropped_mid_answer_is_retried(
    tenant: TenantData, waits: list[float], attempts: pytest.LogCaptureFixture
) -> None:
    with scenario("reset-once") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        body = GroupIdsRequest(group_ids=tenant.sites_with_drivers[:3])
        entries = op2.sync(client=connection.client, body=body, client_id=connection.client_id)
    assert isinstance(entries, list)
    assert [entry.group_id for entry in entries] == tenant.sites_with_drivers[:3]
    assert attempt_outcomes(attempts) == ["RemoteProtocolError", "200"]


def test_without_retries_a_dropped_connection_raises_httpxs_error(tenant: TenantData) -> None:
    with scenario("reset-once") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url, retries=0)
        with pytest.raises(httpx.RemoteProtocolError):
            op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)


async def test_async_calls_are_retried_too(
    tenant: TenantData, waits: list[float], attempts: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(httpx_retries.retry, "asyncio", SimpleNamespace(sleep=no_wait))
    with scenario("unavailable-twice") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        response = await op1.asyncio_detailed(
            tenant.roots[0].id, client=connection.client, client_id=connection.client_id
        )
    assert response.status_code == 200
    assert isinstance(response.parsed, UserGroup)
    assert response.request_id
    assert waits == [1.0, 1.0]
    assert attempt_outcomes(attempts) == ["503", "503", "200"]


def test_undocumented_statuses_that_are_not_transient_are_not_retried(
    tenant: TenantData, attempts: pytest.LogCaptureFixture
) -> None:
    with scenario("server-error") as url:  # a 500: the server failed, asking again would not help
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        body = GroupIdsRequest(group_ids=list(range(1, 1 + MAX_IDS_PER_CALL)))
        with pytest.raises(ServerError):
            op2.sync(client=connection.client, body=body, client_id=connection.client_id)
    assert attempt_outcomes(attempts) == ["500"]
