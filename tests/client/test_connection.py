"""One way to authenticate, from arguments or the environment; the key is never shown."""

from __future__ import annotations

import logging
import secrets

import httpx
import pytest

from emabler_client.api.drivers import get_authorised_users_home_group as op1
from emabler_client.models import UserGroup
from emabler_extras import MissingCredentials, connect
from mock_server.data import TenantData


def test_connect_reads_key_client_id_and_url_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, mock_url: str, tenant: TenantData
) -> None:
    monkeypatch.setenv("EMABLER_API_KEY", tenant.tenant.api_key)
    monkeypatch.setenv("EMABLER_CLIENT_ID", tenant.tenant.client_id)
    monkeypatch.setenv("EMABLER_BASE_URL", mock_url)
    connection = connect()
    site = op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert isinstance(site, UserGroup)


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMABLER_CLIENT_ID", "from-env")
    assert connect("k", "from-args", "http://127.0.0.1:1/api").client_id == "from-args"


def test_the_default_base_url_is_the_vendors_from_the_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EMABLER_BASE_URL", raising=False)
    assert connect("k", "c").client.get_httpx_client().base_url == "https://api.emabler.net/api/"


@pytest.mark.parametrize(
    ("key", "client_id", "says"),
    [(None, "c", "EMABLER_API_KEY"), ("k", None, "EMABLER_CLIENT_ID")],
)
def test_missing_credentials_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, key: str | None, client_id: str | None, says: str
) -> None:
    monkeypatch.delenv("EMABLER_API_KEY", raising=False)
    monkeypatch.delenv("EMABLER_CLIENT_ID", raising=False)
    with pytest.raises(MissingCredentials, match=says):
        connect(key, client_id)


def test_the_key_is_in_no_repr_log_line_or_exception(caplog: pytest.LogCaptureFixture, mock_url: str) -> None:
    key = f"secret-{secrets.token_hex(12)}"
    connection = connect(key, "nordic-charging", mock_url)
    caplog.set_level(logging.DEBUG)
    op1.sync_detailed(1, client=connection.client, client_id="nordic-charging")  # a 401, logged by httpx
    closed = connect(key, "nordic-charging", "http://127.0.0.1:1/api")
    with pytest.raises(httpx.ConnectError) as refused:
        op1.sync(1, client=closed.client, client_id="nordic-charging")
    texts = [repr(connection), repr(connection.client), str(refused.value), repr(refused.value), caplog.text]
    assert caplog.records  # httpx did log the requests
    for text in texts:
        assert key not in text
