"""Operation 2's body: 1 to the most int64 site ids one call takes, required. And operation 1's int64 path id."""

from __future__ import annotations

import pytest

from contract_tests.calls import Call, Caller
from contract_tests.expect import distinct_ids, error_statuses, status
from contract_tests.requirements import OP2
from contract_tests.target import Target
from emabler_spec import SPEC, Operation

ID = SPEC.id_list_property
ABOVE_INT64, BELOW_INT64 = 2**63, -(2**63) - 1


@pytest.mark.requirement("C-ID-LIMIT", OP2)
def test_1_known_site_id_is_answered_with_200(api: Caller, target: Target) -> None:
    status(api.drivers_for({ID: distinct_ids(target, 1)}), 200)


@pytest.mark.requirement("C-ID-LIMIT", OP2)
def test_the_most_site_ids_are_accepted_with_200(api: Caller, target: Target) -> None:
    status(api.drivers_for({ID: distinct_ids(target, SPEC.max_ids)}), 200)


@pytest.mark.requirement("C-ID-LIMIT", OP2)
def test_one_site_id_too_many_is_refused_with_400(api: Caller, target: Target) -> None:
    status(api.drivers_for({ID: distinct_ids(target, SPEC.max_ids + 1)}), 400)


@pytest.mark.requirement("C-ID-LIMIT", OP2)
def test_1000_site_ids_are_refused_with_400(api: Caller, target: Target) -> None:
    status(api.drivers_for({ID: distinct_ids(target, 1000)}), 400)


@pytest.mark.requirement("C-STATUS", OP2)
def test_an_empty_list_is_answered_with_a_documented_status(api: Caller) -> None:
    status(api.drivers_for({ID: []}), *map(int, SPEC.drivers_for_sites.statuses))


@pytest.mark.requirement("A-EMPTY-LIST-400", OP2)
def test_an_empty_list_is_refused_with_400(api: Caller) -> None:
    status(api.drivers_for({ID: []}), 400)


@pytest.mark.requirement("A-DUPLICATES-ONCE", OP2)
def test_repeated_site_ids_are_answered_once(api: Caller, target: Target) -> None:
    first, *rest = distinct_ids(target, 2)
    call = api.drivers_for({ID: [first, first, *rest, first]})
    status(call, 200)
    answered = [entry.get("groupId") for entry in call.json() or []]
    assert len(answered) == len(set(answered)), f"a site was answered more than once: {answered}"


NOT_INTEGERS = [
    (SPEC.home_site, "abc"),
    (SPEC.home_site, "1.5"),
    *((SPEC.drivers_for_sites, v) for v in ('"one"', "1.5", "null", "true")),
]
BEYOND_INT64 = [
    (op, value) for op in (SPEC.home_site, SPEC.drivers_for_sites) for value in (str(ABOVE_INT64), str(BELOW_INT64))
]


def _cases(requirement: str, ids: list[tuple[Operation, str]]) -> list[object]:
    """One case per (operation, site id as sent), marked with the requirement on that operation."""
    marked = [(op, v, pytest.mark.requirement(requirement, op.label)) for op, v in ids]
    return [pytest.param(op.operation_id, v, marks=mark, id=f"{op.method} {v}") for op, v, mark in marked]


def _send(api: Caller, operation_id: str, site_id: str) -> Call:
    """The site id as sent: in operation 1's path, or raw in operation 2's JSON list."""
    if operation_id == SPEC.home_site.operation_id:
        return api.home_site(site_id)
    return api.drivers_for(f'{{"{ID}": [{site_id}]}}'.encode())


@pytest.mark.parametrize(("operation_id", "site_id"), _cases("C-IDS-INT64", NOT_INTEGERS))
def test_a_site_id_that_is_not_an_integer_is_refused_with_400(api: Caller, operation_id: str, site_id: str) -> None:
    status(_send(api, operation_id, site_id), 400)


@pytest.mark.parametrize(("operation_id", "site_id"), _cases("C-IDS-INT64", BEYOND_INT64))
def test_a_site_id_beyond_int64_is_refused(api: Caller, operation_id: str, site_id: str) -> None:
    status(_send(api, operation_id, site_id), *error_statuses(operation_id))


@pytest.mark.parametrize(("operation_id", "site_id"), _cases("A-INT64-400", BEYOND_INT64))
def test_a_site_id_beyond_int64_is_refused_with_400(api: Caller, operation_id: str, site_id: str) -> None:
    status(_send(api, operation_id, site_id), 400)


@pytest.mark.requirement("C-BODY-REQUIRED", OP2)
def test_a_missing_body_is_refused_with_400(api: Caller) -> None:
    status(api.drivers_for(None), 400)


@pytest.mark.requirement("C-BODY-REQUIRED", OP2)
def test_malformed_json_is_refused_with_400(api: Caller) -> None:
    status(api.drivers_for(b'{"' + ID.encode() + b'": [1,'), 400)
