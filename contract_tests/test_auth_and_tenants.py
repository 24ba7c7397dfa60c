"""Keys and customers: no key and a wrong key are refused; one customer never reads another's sites."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest

from contract_tests.caller import WRONG_KEY, ApiCaller
from contract_tests.expect import NO_SUCH_SITE, OP1, OP2, documented_error
from contract_tests.settings import Credentials
from contract_tests.target import Target
from emabler_spec import MAX_IDS_PER_CALL

Call = Callable[[ApiCaller, Target, Credentials | None], Awaitable[httpx.Response]]

CALLS: dict[str, Call] = {
    OP1: lambda api, target, creds: api.home_site(target.site_ids[0], creds),
    OP2: lambda api, target, creds: api.drivers_for({"groupIds": list(target.site_ids[:3])}, creds),
}


@pytest.mark.parametrize("operation", [pytest.param(op, marks=pytest.mark.contract_check("auth", op)) for op in CALLS])
@pytest.mark.parametrize("creds", [None, WRONG_KEY], ids=["no key", "wrong key"])
async def test_a_missing_or_wrong_key_is_refused_with_401(
    api: ApiCaller, target: Target, operation: str, creds: Credentials | None
) -> None:
    documented_error(await CALLS[operation](api, target, creds), 401)


@pytest.mark.parametrize("operation", [pytest.param(op, marks=pytest.mark.contract_check("auth", op)) for op in CALLS])
async def test_the_key_with_another_client_id_is_refused_with_401(
    api: ApiCaller, target: Target, operation: str
) -> None:
    mixed = Credentials(target.own.api_key, target.own.client_id + "-not-this-customer")
    documented_error(await CALLS[operation](api, target, mixed), 401)


@pytest.mark.contract_check("missing_site", OP1)
async def test_a_missing_site_is_answered_400_on_operation_1(api: ApiCaller) -> None:
    documented_error(await api.home_site(NO_SUCH_SITE), 400)


@pytest.mark.contract_check("missing_site", OP2)
async def test_missing_sites_are_answered_404_on_operation_2(api: ApiCaller) -> None:
    documented_error(await api.drivers_for({"groupIds": [NO_SUCH_SITE]}), 404)


@pytest.fixture
def other(target: Target) -> Credentials:
    """Another customer's credentials (the mock provides them; a live run needs EMABLER_OTHER_API_KEY)."""
    if target.other is None:
        pytest.skip("EMABLER_OTHER_API_KEY and EMABLER_OTHER_CLIENT_ID are not set")
    return target.other


@pytest.mark.contract_check("tenant_isolation", OP1)
async def test_another_customer_cannot_read_a_site_on_operation_1(
    api: ApiCaller, target: Target, other: Credentials
) -> None:
    missing = documented_error(await api.home_site(NO_SUCH_SITE, other), 400)
    for site_id in target.site_ids[:5]:
        foreign = documented_error(await api.home_site(site_id, other), 400)
        assert foreign["errorCode"] == missing["errorCode"], "a foreign site is answered unlike a missing one"


@pytest.mark.contract_check("tenant_isolation", OP2)
async def test_another_customer_cannot_read_sites_on_operation_2(
    api: ApiCaller, target: Target, other: Credentials
) -> None:
    response = await api.drivers_for({"groupIds": list(target.site_ids[:MAX_IDS_PER_CALL])}, other)
    leaked = [entry.get("groupId") for entry in response.json()] if response.status_code == 200 else []
    assert not set(leaked) & set(target.site_ids), f"another customer's key read sites {sorted(leaked)[:5]}"
    documented_error(response, 404)
