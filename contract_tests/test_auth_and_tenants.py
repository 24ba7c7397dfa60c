"""Keys and customers: no key and a wrong key are refused; one customer never reads another's sites."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from contract_tests.calls import WRONG_KEY, Call, Caller
from contract_tests.expect import NO_SUCH_SITE, each_operation, error_code, error_statuses, status
from contract_tests.requirements import OP1, OP2
from contract_tests.settings import Credentials
from contract_tests.target import Target
from emabler_spec import SPEC

ID = SPEC.id_list_property
Send = Callable[[Caller, Target, object], Call]

CALLS: dict[str, Send] = {
    OP1: lambda api, target, creds: api.home_site(target.site_ids[0], creds),
    OP2: lambda api, target, creds: api.drivers_for({ID: list(target.sites_with_drivers[:3])}, creds),
}


@pytest.mark.parametrize("operation", each_operation("C-AUTH"))
@pytest.mark.parametrize("key", ["no key", "wrong key", "wrong key, own client id"])
def test_a_missing_or_wrong_key_is_refused_with_401(api: Caller, target: Target, operation: str, key: str) -> None:
    # The last: a server that looks only at the client id must not let a wrong key through.
    creds = {
        "no key": None,
        "wrong key": WRONG_KEY,
        "wrong key, own client id": Credentials(WRONG_KEY.api_key, target.own.client_id),
    }[key]
    status(CALLS[operation](api, target, creds), 401)


@pytest.mark.parametrize("operation", each_operation("A-CLIENT-ID-BOUND"))
def test_the_key_with_another_client_id_is_refused_with_401(api: Caller, target: Target, operation: str) -> None:
    mixed = Credentials(target.own.api_key, target.own.client_id + "-not-this-customer")
    status(CALLS[operation](api, target, mixed), 401)


@pytest.mark.requirement("S-MISSING-SITE-REFUSED", OP1)
def test_a_missing_site_is_refused_on_operation_1(api: Caller) -> None:
    status(api.home_site(NO_SUCH_SITE), *error_statuses(SPEC.home_site.operation_id))


@pytest.mark.requirement("A-MISSING-SITE-400", OP1)
def test_a_missing_site_is_answered_with_the_specs_missing_site_status_on_operation_1(api: Caller) -> None:
    status(api.home_site(NO_SUCH_SITE), SPEC.missing_site_status)


@pytest.mark.requirement("S-MISSING-SITES-404", OP2)
def test_missing_sites_are_answered_404_on_operation_2(api: Caller) -> None:
    status(api.drivers_for({ID: [NO_SUCH_SITE]}), 404)


def _read(api: Caller, target: Target, operation: str, who: Credentials, site_ids: list[int]) -> Call:
    if operation == OP1:
        return api.home_site(site_ids[0], who)
    return api.drivers_for({ID: site_ids}, who)


@pytest.mark.parametrize("operation", each_operation("S-TENANT-ISOLATION"))
def test_another_customer_cannot_read_a_site(api: Caller, target: Target, other: Credentials, operation: str) -> None:
    own_sites = list(target.sites_with_drivers[: SPEC.max_ids])
    for site_ids in ([site] for site in own_sites[:5]) if operation == OP1 else [own_sites]:
        call = _read(api, target, operation, other, site_ids)
        answered = call.json() if call.status == 200 else None
        read = [answered.get("id")] if isinstance(answered, dict) else [e.get("groupId") for e in answered or []]
        assert not set(read) & set(own_sites), f"another customer's key read sites {read[:5]}"
        expected = error_statuses(SPEC.home_site.operation_id) if operation == OP1 else (404,)
        status(call, *expected)


@pytest.mark.parametrize("operation", each_operation("A-FOREIGN-LIKE-MISSING"))
def test_a_foreign_site_is_answered_like_a_missing_one(
    api: Caller, target: Target, other: Credentials, operation: str
) -> None:
    missing = _read(api, target, operation, other, [NO_SUCH_SITE])
    foreign = _read(api, target, operation, other, list(target.sites_with_drivers[:1]))
    assert (foreign.status, error_code(foreign)) == (missing.status, error_code(missing)), (
        f"a foreign site got {foreign.describe()}; a missing one got {missing.describe()}"
    )
