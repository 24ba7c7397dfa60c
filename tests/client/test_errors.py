"""Every failed answer ends in a typed SDK error that keeps the answer, and never shows the key."""

from __future__ import annotations

import logging
import pickle
import secrets
import traceback

import httpx
import pytest

from emabler_client import AuthenticatedClient
from emabler_client.api.drivers import get_authorised_users_for_charger_groups as op2
from emabler_client.api.drivers import get_authorised_users_home_group as op1
from emabler_client.errors import (
    ApiError,
    ApiStatusError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    ServerError,
    UndecodableBody,
    UnexpectedStatus,
)
from emabler_client.models import Error, GroupIdsRequest
from emabler_extras import MAX_IDS_PER_CALL, Connection, connect, drivers_for_sites
from emabler_spec import SPEC
from mock_server.data import TenantData
from tests.client.conftest import scenario

NO_SUCH_SITE = 2**63 - 1


def test_a_status_httpstatus_does_not_know_is_returned_when_unexpected_statuses_do_not_raise(
    tenant: TenantData,
) -> None:
    with scenario("unusual-status") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url, raise_on_unexpected_status=False)
        cid = connection.client_id
        odd = op1.sync_detailed(tenant.roots[0].id, client=connection.client, client_id=cid)
        success_like = op2.sync_detailed(client=connection.client, body=GroupIdsRequest(group_ids=[1]), client_id=cid)
    assert (odd.status_code, odd.parsed) == (520, None)
    assert odd.content == b"Web server is returning an unknown error"
    assert odd.request_id
    assert (success_like.status_code, success_like.parsed) == (299, None)


def test_unusual_statuses_raise_the_typed_error_by_default(tenant: TenantData) -> None:
    with scenario("unusual-status") as url:
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        cid = connection.client_id
        with pytest.raises(ServerError) as server:
            op1.sync(tenant.roots[0].id, client=connection.client, client_id=cid)
        with pytest.raises(UnexpectedStatus) as unexpected:
            op2.sync(client=connection.client, body=GroupIdsRequest(group_ids=[1]), client_id=cid)
    assert server.value.status_code == 520
    assert str(server.value).startswith("HTTP 520 from GET")
    assert type(unexpected.value) is UnexpectedStatus
    assert unexpected.value.status_code == 299
    assert unexpected.value.content_type.startswith("text/plain")
    assert isinstance(unexpected.value, ApiError)


def test_documented_error_statuses_raise_their_own_class_when_asked(
    connection: Connection, mock_url: str, tenant: TenantData
) -> None:
    raising = connect(tenant.tenant.api_key, tenant.tenant.client_id, mock_url, raise_on_error_status=True)
    wrong_key = connect("not-a-key", tenant.tenant.client_id, mock_url, raise_on_error_status=True)
    cid = connection.client_id
    missing = GroupIdsRequest(group_ids=[NO_SUCH_SITE])
    cases: list[tuple[type[ApiStatusError], int, object]] = [
        (BadRequestError, 400, lambda: op1.sync(NO_SUCH_SITE, client=raising.client, client_id=cid)),
        (AuthenticationError, 401, lambda: op1.sync(tenant.roots[0].id, client=wrong_key.client, client_id=cid)),
        (NotFoundError, 404, lambda: op2.sync(client=raising.client, body=missing, client_id=cid)),
    ]
    for kind, status, call in cases:
        with pytest.raises(kind) as raised:
            call()  # type: ignore[operator]
        assert raised.value.status_code == status
        assert isinstance(raised.value.error, Error)
        assert raised.value.error.error_code
        assert raised.value.error.message in str(raised.value)
        assert raised.value.content.startswith(b"{")
        assert raised.value.headers["content-type"].startswith("application/json")
    # By default the same statuses are the typed return value, as the spec documents them.
    assert isinstance(op1.sync(NO_SUCH_SITE, client=connection.client, client_id=cid), Error)


def test_an_undocumented_status_keeps_the_parsed_error_body(tenant: TenantData) -> None:
    with scenario("undocumented-status") as url:  # a 422 with the Error body
        connection = connect(tenant.tenant.api_key, tenant.tenant.client_id, url)
        with pytest.raises(UnexpectedStatus) as raised:
            op2.sync(client=connection.client, body=GroupIdsRequest(group_ids=[]), client_id=connection.client_id)
    assert raised.value.status_code == 422
    assert isinstance(raised.value.error, Error)
    assert raised.value.error.error_code == "BAD_REQUEST"


def _response(body: bytes, content_type: str, status: int = 200) -> httpx.Response:
    request = httpx.Request(
        "POST", "http://api.test/api/drivers-of-sites", headers={SPEC.key_header: secrets.token_hex(8)}
    )
    return httpx.Response(status, content=body, headers={"content-type": content_type}, request=request)


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        (b'[{"groupId": 1, "users": [', "JSONDecodeError"),
        (b'{"groupId": 1}', "AttributeError"),
        (b'[{"users": 5}]', "TypeError"),
        (b"null", "TypeError"),
    ],
    ids=["truncated JSON", "an object for a list", "a number for a list", "null"],
)
def test_a_body_of_another_shape_raises_undecodable_body_naming_status_and_content_type(
    body: bytes, cause: str
) -> None:
    client = AuthenticatedClient(base_url="http://api.test", token=secrets.token_hex(8))
    with pytest.raises(UndecodableBody) as raised:
        op2._build_response(client=client, response=_response(body, "application/json"))
    text = str(raised.value)
    assert text.startswith("HTTP 200 OK from POST")
    assert "content-type application/json" in text
    assert cause in text
    assert raised.value.content == body


def test_an_error_status_without_the_error_body_raises_its_status_class_with_the_body() -> None:
    client = AuthenticatedClient(base_url="http://api.test", token=secrets.token_hex(8))
    with pytest.raises(AuthenticationError, match=r"^HTTP 401 Unauthorized .*<html>Denied</html>") as raised:
        op2._build_response(client=client, response=_response(b"<html>Denied</html>", "text/html", 401))
    assert raised.value.content == b"<html>Denied</html>"


def test_an_error_survives_pickling_with_its_masked_text(tenant: TenantData) -> None:
    key = secrets.token_hex(16)
    with scenario("echo-headers", api_keys=[key]) as url:
        connection = connect(key, tenant.tenant.client_id, url)
        with pytest.raises(ServerError) as raised:
            op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    copy = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 - our own object
    assert type(copy) is ServerError
    assert (copy.status_code, str(copy), copy.request_id) == (500, str(raised.value), raised.value.request_id)


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
async def test_a_key_a_server_echoes_is_in_no_error_text_repr_or_debug_log(
    tenant: TenantData, caplog: pytest.LogCaptureFixture, use_async: bool
) -> None:
    key = f"key-{secrets.token_hex(16)}"
    caplog.set_level(logging.DEBUG)
    with scenario("echo-headers", api_keys=[key]) as url:
        connection = connect(key, tenant.tenant.client_id, url)
        cid = connection.client_id
        site = tenant.roots[0].id
        with pytest.raises(ServerError) as raised:
            await op1.asyncio(site, client=connection.client, client_id=cid) if use_async else op1.sync(
                site, client=connection.client, client_id=cid
            )
        batched = drivers_for_sites(connection, range(1, 2 + MAX_IDS_PER_CALL))
    error = raised.value
    assert key.encode() in error.content  # the raw body and the parsed Error are kept as the server sent them
    assert "[redacted]" in str(error)
    texts = [str(error), repr(error), caplog.text, repr(batched), *map(str, batched.failures)]
    texts += [failure.detail for failure in batched.failures]
    assert len(batched.failures) == 2
    assert caplog.records
    for text in texts:
        assert key not in text


def test_a_credential_header_of_the_callers_own_is_masked_too(tenant: TenantData) -> None:
    token = secrets.token_hex(16)
    with scenario("echo-headers") as url:
        connection = connect(
            tenant.tenant.api_key, tenant.tenant.client_id, url, headers={"Authorization": f"Bearer {token}"}
        )
        with pytest.raises(ServerError) as raised:
            op1.sync(tenant.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert token not in str(raised.value)
    assert tenant.tenant.api_key not in str(raised.value)


def _mocked(answer: httpx.Response) -> Connection:
    """A connection whose every call gets `answer`, through httpx's own test transport."""
    transport = httpx.MockTransport(lambda request: answer)
    return connect(f"key-{secrets.token_hex(8)}", "c", "http://api.test/api", httpx_args={"transport": transport})


def test_connect_works_over_httpx_mock_transport() -> None:
    connection = _mocked(httpx.Response(200, json={"id": 7}))
    site = op1.sync(7, client=connection.client, client_id=connection.client_id)
    assert site is not None
    assert site.id == 7  # type: ignore[union-attr]


def test_a_documented_error_status_without_its_body_raises_its_own_class_not_undecodable_body() -> None:
    # Azure Functions answers a wrong function key with an empty 401.
    connection = _mocked(httpx.Response(401))
    with pytest.raises(AuthenticationError) as raised:
        op1.sync(7, client=connection.client, client_id=connection.client_id)
    assert raised.value.status_code == 401
    assert raised.value.error is None


def test_an_undecodable_body_hides_its_cause_which_may_hold_what_the_server_echoed() -> None:
    key = f"key-{secrets.token_hex(8)}"
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, json={"users": [{"tags": [{"expiringDate": key}]}]})
    )
    connection = connect(key, "c", "http://api.test/api", httpx_args={"transport": transport})
    with pytest.raises(UndecodableBody) as raised:
        op1.sync(7, client=connection.client, client_id=connection.client_id)
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__
    assert key not in "".join(traceback.format_exception(raised.value))
