"""Deviations real servers make parse without an exception, and nothing sent is lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from emabler_client.models import Charger, GroupType, IntegratedExternalId, ReferenceType, Tag, UserGroup


@pytest.mark.parametrize("raw", [9, "Private"], ids=["unknown number", "name string"])
def test_an_unknown_group_type_parses_and_keeps_its_raw_value(raw: Any) -> None:
    site = UserGroup.from_dict({"id": 1, "groupType": raw, "subgroups": [{"id": 2, "groupType": raw}]})
    assert isinstance(site.group_type, GroupType)
    assert site.group_type.value == raw
    assert not site.group_type.is_known
    assert site.to_dict()["groupType"] == raw
    assert UserGroup.from_dict(site.to_dict()) == site


def test_known_group_types_are_still_the_enum_members() -> None:
    assert UserGroup.from_dict({"groupType": 3}).group_type is GroupType.VALUE_3
    assert GroupType.VALUE_3.is_known


def test_an_unknown_reference_type_parses_too() -> None:
    external = IntegratedExternalId.from_dict({"referenceType": 5})
    assert isinstance(external.reference_type, ReferenceType)
    assert external.reference_type.value == 5


def test_unknown_properties_are_kept_and_sent_back() -> None:
    charger = Charger.from_dict({"chargerId": "EA000001", "plugAndCharge": True, "tariff": {"eur": 0.3}})
    assert charger.additional_properties == {"plugAndCharge": True, "tariff": {"eur": 0.3}}
    assert charger["plugAndCharge"] is True
    assert charger.to_dict()["tariff"] == {"eur": 0.3}


def test_unknown_properties_keep_the_order_they_arrived_in() -> None:
    arrived = ["zeta", "alpha", "mu", "beta", "omega", "gamma", "kappa", "delta"]
    charger = Charger.from_dict({"chargerId": "EA000001", **{key: index for index, key in enumerate(arrived)}})
    assert charger.additional_keys == arrived
    assert [key for key in charger.to_dict() if key != "chargerId"] == arrived


def test_timestamps_with_7_fractional_digits_parse() -> None:
    tag = Tag.from_dict({"expiringDate": "2021-04-01T08:30:00.1234567Z", "startDate": "2021-04-01T08:30:00.1234567Z"})
    expected = dt.datetime(2021, 4, 1, 8, 30, 0, 123456, tzinfo=dt.UTC)
    assert tag.expiring_date == expected
    assert tag.start_date == expected


def test_the_never_sentinel_parses_as_year_1() -> None:
    tag = Tag.from_dict({"expiringDate": "0001-01-01T00:00:00Z", "lastUpdated": "0001-01-01T00:00:00Z"})
    assert tag.expiring_date == dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    assert tag.last_updated == dt.datetime(1, 1, 1, tzinfo=dt.UTC)
