"""Nullable properties: null exactly where the spec allows it, and (on the mock) both forms served."""

from __future__ import annotations

import pytest

from contract_tests.caller import ApiCaller
from contract_tests.expect import OP1, OP2, json_ok
from contract_tests.report import ConformanceReport
from contract_tests.target import Target
from emabler_spec import ID_LIST_PROPERTY, MAX_IDS_PER_CALL, nullable_properties


@pytest.mark.contract_check("nullable_fields", OP1)
async def test_home_sites_carry_null_only_where_the_spec_allows(
    api: ApiCaller, target: Target, report: ConformanceReport
) -> None:
    for site_id in target.site_ids:
        report.observe(json_ok(await api.home_site(site_id), "UserGroup"), "UserGroup")


@pytest.mark.contract_check("nullable_fields", OP2)
async def test_drivers_carry_null_only_where_the_spec_allows(
    api: ApiCaller, target: Target, report: ConformanceReport
) -> None:
    for start in range(0, len(target.site_ids), MAX_IDS_PER_CALL):
        batch = list(target.site_ids[start : start + MAX_IDS_PER_CALL])
        for entry in json_ok(await api.drivers_for({ID_LIST_PROPERTY: batch}), "[GroupUsers]"):
            report.observe(entry, "GroupUsers")


@pytest.mark.contract_check("nullable_coverage", "all operations")
def test_every_nullable_property_was_observed_null_and_not_null(target: Target, report: ConformanceReport) -> None:
    # Runs after the tests above (pytest keeps file order). A live server may legitimately
    # never send some nulls: there the report lists what was observed instead.
    if target.live:
        pytest.skip("live server: the report lists which nullable properties were observed in which form")
    expected = nullable_properties()
    partial = [str(p) for p in expected if report.nullable_seen.get(str(p)) != {True, False}]
    assert not partial, f"not observed both as null and as a value: {partial}"
