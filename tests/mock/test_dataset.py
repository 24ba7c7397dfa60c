"""The mock's data: deterministic, realistic, and exercising every corner of the spec."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from emabler_spec import SPEC
from mock_server.data import Dataset, TenantData, build_dataset, group_users, user_group
from tests.mock.as_customer import drivers_for, home_site


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build_dataset()


def _all_bodies(dataset: Dataset) -> list[tuple[str, Any]]:
    """Operation 1 for every root (it holds every site below) and operation 2 per site."""
    bodies: list[tuple[str, Any]] = []
    for data in dataset.tenants:
        bodies += [("UserGroup", user_group(root, data)) for root in data.roots]
        bodies += [("GroupUsers", entry) for entry in group_users(data.sites, data)]
    return bodies


def test_the_same_seed_gives_the_same_bytes() -> None:
    def dump(dataset: Dataset) -> bytes:
        return json.dumps([user_group(root, t) for t in dataset.tenants for root in t.roots]).encode()

    assert dump(build_dataset(7)) == dump(build_dataset(7))
    assert dump(build_dataset(7)) != dump(build_dataset(8))


def test_there_are_two_customers_with_their_own_keys_and_client_ids(dataset: Dataset) -> None:
    keys = {t.tenant.api_key for t in dataset.tenants}
    client_ids = {t.tenant.client_id for t in dataset.tenants}
    assert len(dataset.tenants) >= 2
    assert len(keys) == len(client_ids) == len(dataset.tenants)
    sites = [set(t.sites) for t in dataset.tenants]
    assert not sites[0] & sites[1]


@pytest.mark.parametrize("index", [0, 1])
def test_each_customer_has_a_three_level_tree_and_50_tagged_drivers(dataset: Dataset, index: int) -> None:
    data = dataset.tenants[index]
    assert max(site.depth for site in data.sites.values()) >= 3
    assert len(data.drivers) >= 50
    assert all(driver["tags"] for driver in data.drivers)
    chargers = [c for site in data.sites.values() for c in site.chargers]
    assert any(c["sockets"] for c in chargers)
    assert any(c["chargerConfigurations"] for c in chargers)


def test_evse_ids_follow_emi3_and_addresses_are_nordic(dataset: Dataset) -> None:
    chargers = [c for t in dataset.tenants for site in t.sites.values() for c in site.chargers]
    assert all(re.fullmatch(r"(FI|SE|NO)\*EMA\*E\d{7}", c["evseId"]) for c in chargers)
    assert {c["locationInfo"]["country"] for c in chargers} >= {"FIN", "SWE", "NOR", None}


def test_every_nullable_property_is_served_null_and_not_null(dataset: Dataset) -> None:
    seen: dict[tuple[str, str], set[bool]] = {}
    for schema, body in _all_bodies(dataset):
        for owner, prop, value in SPEC.property_values(body, schema):
            seen.setdefault((owner, prop), set()).add(value is None)
    expected = SPEC.nullable_properties
    assert len(expected) >= 30  # read from the spec; a broken walk would find none
    not_both = [str(p) for p in expected if seen.get((p.schema, p.name)) != {True, False}]
    assert not_both == []


def test_the_deprecated_amount_of_sockets_is_sent_by_some_chargers_only_and_both_recursions_appear(
    dataset: Dataset,
) -> None:
    props = {(o, p) for schema, body in _all_bodies(dataset) for o, p, _ in SPEC.property_values(body, schema)}
    assert ("Charger", "amountOfSockets") in props
    chargers = [charger for data in dataset.tenants for site in data.sites.values() for charger in site.chargers]
    assert any("amountOfSockets" not in charger for charger in chargers)  # left out on purpose, not filled in
    data = dataset.tenants[0]
    assert user_group(data.roots[0], data)["subgroups"][0]["subgroups"]
    assert any(group["subgroups"] for driver in data.drivers for group in driver["chargerGroups"])


def test_every_body_of_the_dataset_validates_against_the_spec(dataset: Dataset) -> None:
    for schema, body in _all_bodies(dataset):
        errors = [error.message for error in SPEC.component_validator(schema).iter_errors(body)]
        assert errors == [], schema


async def test_every_site_of_every_tenant_is_served_conformant(http: httpx.AsyncClient, dataset: Dataset) -> None:
    user_groups = SPEC.component_validator("UserGroup")
    entries = SPEC.component_validator("GroupUsers")
    for data in dataset.tenants:
        for site_id in data.sites:
            site = await home_site(http, data, site_id)
            assert site.status_code == 200
            assert user_groups.is_valid(site.json()), site_id
            drivers = await drivers_for(http, data, {"groupIds": [site_id]})
            if data.access[site_id]:
                assert drivers.status_code == 200
                assert all(entries.is_valid(entry) for entry in drivers.json()), site_id
            else:
                assert drivers.status_code == 404


def test_scale_multiplies_the_drivers(dataset: Dataset) -> None:
    scaled: TenantData = build_dataset(scale=3).tenants[0]
    assert len(scaled.drivers) == 3 * len(dataset.tenants[0].drivers)
