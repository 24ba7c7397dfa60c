"""Operation 2's body: 1 to MAX_IDS_PER_CALL int64 site ids, required. And operation 1's int64 path id."""

from __future__ import annotations

import pytest

from contract_tests.caller import ApiCaller
from contract_tests.expect import OP1, OP2, documented_error, json_ok
from contract_tests.target import Target
from emabler_spec import MAX_IDS_PER_CALL

limits = pytest.mark.contract_check("array_limits", OP2)


def _known(target: Target, count: int) -> list[int]:
    ids = list(target.site_ids)
    return (ids * (count // len(ids) + 1))[:count]


@limits
async def test_0_site_ids_are_rejected_with_400(api: ApiCaller) -> None:
    documented_error(await api.drivers_for({"groupIds": []}), 400)


@limits
async def test_1_known_site_id_is_answered_with_200(api: ApiCaller, target: Target) -> None:
    json_ok(await api.drivers_for({"groupIds": _known(target, 1)}), "[GroupUsers]")


@limits
async def test_20_site_ids_are_accepted_with_200(api: ApiCaller, target: Target) -> None:
    json_ok(await api.drivers_for({"groupIds": _known(target, MAX_IDS_PER_CALL)}), "[GroupUsers]")


@limits
async def test_21_site_ids_are_rejected_with_400(api: ApiCaller, target: Target) -> None:
    documented_error(await api.drivers_for({"groupIds": _known(target, MAX_IDS_PER_CALL + 1)}), 400)


@limits
async def test_1000_site_ids_are_rejected_with_400(api: ApiCaller, target: Target) -> None:
    documented_error(await api.drivers_for({"groupIds": _known(target, 1000)}), 400)


@pytest.mark.contract_check("invalid_ids", OP2)
@pytest.mark.parametrize(
    "raw",
    [b'["one"]', b"[1.5]", b"[null]", b"[true]", b"[9223372036854775808]", b"[-9223372036854775809]"],
    ids=["string", "fraction", "null", "boolean", "above int64", "below int64"],
)
async def test_a_site_id_that_is_not_an_int64_is_rejected_with_400(api: ApiCaller, raw: bytes) -> None:
    documented_error(await api.drivers_for(b'{"groupIds": ' + raw + b"}"), 400)


@pytest.mark.contract_check("invalid_ids", OP1)
@pytest.mark.parametrize(
    "site_id",
    ["abc", "1.5", "9223372036854775808", "-9223372036854775809"],
    ids=["letters", "fraction", "above", "below"],
)
async def test_a_path_site_id_that_is_not_an_int64_is_rejected_with_400(api: ApiCaller, site_id: str) -> None:
    documented_error(await api.home_site(site_id), 400)


@pytest.mark.contract_check("missing_body", OP2)
async def test_a_missing_body_is_rejected_with_400(api: ApiCaller) -> None:
    documented_error(await api.drivers_for(None), 400)


@pytest.mark.contract_check("missing_body", OP2)
async def test_malformed_json_is_rejected_with_400(api: ApiCaller) -> None:
    documented_error(await api.drivers_for(b'{"groupIds": [1,'), 400)
