"""One way to authenticate, from arguments or the environment; the key is never shown."""

from __future__ import annotations

import http.server
import logging
import re
import secrets
import threading
from collections.abc import Iterator
from types import SimpleNamespace
from typing import ClassVar

import httpx
import httpx_retries.retry
import pytest

from emabler_client.api.drivers import get_authorised_users_home_group as op1
from emabler_client.models import UserGroup
from emabler_extras import DEFAULT_TIMEOUT, MissingCredentials, call_options, connect
from emabler_spec import SPEC
from mock_server.data import TenantData
from tests.client.conftest import ATTEMPTS_LOGGER, attempt_outcomes, scenario


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


def test_connect_sets_timeouts_so_a_hung_server_cannot_block_a_call_forever() -> None:
    timeout = connect("k", "c", "http://127.0.0.1:1/api").client.get_httpx_client().timeout
    assert timeout == DEFAULT_TIMEOUT
    assert timeout.connect is not None
    assert timeout.read is not None


def test_a_slow_answer_times_out_per_client_and_a_block_of_calls_may_wait_longer(tenant: TenantData) -> None:
    with scenario("slow") as url:  # answers operation 1 after 2 seconds
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url, timeout=0.5, retries=0)
        with pytest.raises(httpx.ReadTimeout):
            op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
        with call_options(timeout=10):
            site = op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert isinstance(site, UserGroup)


def test_a_block_of_calls_may_have_a_shorter_timeout(tenant: TenantData) -> None:
    with scenario("slow") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        with call_options(timeout=httpx.Timeout(0.5), retries=0), pytest.raises(httpx.ReadTimeout):
            op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)


def test_each_attempt_is_logged_with_method_route_status_attempt_elapsed_and_request_id(
    tenant: TenantData, attempts: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(httpx_retries.retry, "time", SimpleNamespace(sleep=lambda seconds: None))
    with scenario("unavailable-twice") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        response = op1.sync_detailed(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    lines = [record.getMessage() for record in attempts.records if record.name == ATTEMPTS_LOGGER]
    path = httpx.URL(url).path + SPEC.home_site.url_path(siteId=tenant.roots[0].id)
    pattern = rf"GET {re.escape(path)} -> (\d+) \(attempt (\d), \d+ ms, request id (\w+)\)"
    found = [re.fullmatch(pattern, line) for line in lines]
    assert all(found), lines
    assert [(m.group(1), m.group(2)) for m in found if m] == [("503", "1"), ("503", "2"), ("200", "3")]
    last = found[-1]
    assert last is not None
    assert last.group(3) == response.request_id
    assert {record.levelno for record in attempts.records if record.name == ATTEMPTS_LOGGER} == {logging.DEBUG}


def test_the_sdk_changes_no_logging_configuration(mock_url: str, tenant: TenantData) -> None:
    loggers = {name: logging.getLogger(name) for name in ("", "httpx", "httpcore", "emabler_extras", ATTEMPTS_LOGGER)}
    before = {name: (log.level, list(log.handlers), list(log.filters)) for name, log in loggers.items()}
    connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url)
    op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert {name: (log.level, list(log.handlers), list(log.filters)) for name, log in loggers.items()} == before


class _Forwarder(http.server.BaseHTTPRequestHandler):
    """A plain HTTP proxy: notes the absolute URL asked for, forwards it, answers what came back."""

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "proxy-connection")}
        answer = httpx.get(self.path, headers=headers, trust_env=False)
        self.send_response(answer.status_code)
        self.send_header("Content-Type", answer.headers.get("content-type", ""))
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Forwarder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Forwarder.seen.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("given", ["environment", "argument"])
def test_a_proxy_from_the_environment_or_an_argument_is_used_behind_the_retries(
    given: str,
    proxy: str,
    mock_url: str,
    tenant: TenantData,
    monkeypatch: pytest.MonkeyPatch,
    attempts: pytest.LogCaptureFixture,
) -> None:
    # The mock on another port than the proxy: only the proxy can have forwarded what it saw.
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    if given == "environment":
        monkeypatch.setenv("http_proxy", proxy)
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url)
    else:
        monkeypatch.delenv("http_proxy", raising=False)
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url, httpx_args={"proxy": proxy})
    site = op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert isinstance(site, UserGroup)
    assert attempt_outcomes(attempts) == ["200"]  # through the SDK's transport, so retried when need be
    assert _Forwarder.seen == [
        f"{mock_url}{SPEC.home_site.url_path(siteId=tenant.roots[0].id)}?clientId={connection.client_id}"
    ]


def test_no_proxy_sends_the_request_straight_to_the_server(
    proxy: str, mock_url: str, tenant: TenantData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", proxy)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url)
    assert isinstance(op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id), UserGroup)
    assert _Forwarder.seen == []


def test_a_proxy_variable_without_a_scheme_is_read_as_http_like_httpx_does(
    proxy: str, mock_url: str, tenant: TenantData, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", proxy.removeprefix("http://"))
    connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url)
    assert isinstance(op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id), UserGroup)
    assert len(_Forwarder.seen) == 1


def test_a_proxy_beside_a_transport_of_ones_own_is_refused_with_a_clear_error() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(401))
    with pytest.raises(ValueError, match="give the proxy to your own transport"):
        connect("k", "c", "http://emabler.invalid/api", httpx_args={"transport": transport, "proxy": "http://p:1"})
