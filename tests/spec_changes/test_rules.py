"""One fixture pair per rule: openapi.yaml and a copy with one edit, and the line it must give."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from emabler_spec import SPEC, Spec
from spec_changes.rules import Change, Group, compare

Edit = Callable[[dict[str, Any]], None]
CLIENTS, SERVERS, COMPATIBLE = Group.CLIENTS, Group.SERVERS, Group.COMPATIBLE
OP1, OP2 = SPEC.home_site.label, SPEC.drivers_for_sites.label
LIMIT = SPEC.max_ids


def schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"][name]
    return found


def prop(spec: dict[str, Any], name: str, field: str) -> dict[str, Any]:
    found: dict[str, Any] = schema(spec, name)["properties"][field]
    return found


def op2(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"][SPEC.drivers_for_sites.path]["post"]
    return found


RULES: list[tuple[str, Edit, list[Change]]] = [
    (
        "a response property becomes nullable",
        lambda s: prop(s, "Tag", "idTag").update(type=["string", "null"]),
        [Change("Tag.idTag", "became nullable", CLIENTS)],
    ),
    (
        "a response property becomes non-nullable",
        lambda s: prop(s, "Charger", "sockets").update(type="array"),
        [Change("Charger.sockets", "became non-nullable", SERVERS)],
    ),
    (
        "the id limit is lowered to 10",
        lambda s: prop(s, "GroupIdsRequest", "groupIds").update(maxItems=10),
        [Change("GroupIdsRequest.groupIds", f"maxItems {LIMIT} → 10", CLIENTS)],
    ),
    (
        "the id limit is raised to 50",
        lambda s: prop(s, "GroupIdsRequest", "groupIds").update(maxItems=50),
        [Change("GroupIdsRequest.groupIds", f"maxItems {LIMIT} → 50", SERVERS)],
    ),
    (
        "the minimum of ids is dropped",
        lambda s: prop(s, "GroupIdsRequest", "groupIds").pop("minItems"),
        [Change("GroupIdsRequest.groupIds", "minItems 1 → none", SERVERS)],
    ),
    (
        "a response enum value is added",
        lambda s: schema(s, "GroupType")["enum"].append(5),
        [Change("GroupType", "enum value 5 added", CLIENTS)],
    ),
    (
        "a response enum value is removed",
        lambda s: schema(s, "GroupType")["enum"].remove(4),
        [Change("GroupType", "enum value 4 removed", SERVERS)],
    ),
    (
        "a response property is removed",
        lambda s: schema(s, "Socket")["properties"].pop("phaseRotation"),
        [Change("Socket.phaseRotation", "property removed", CLIENTS)],
    ),
    (
        "a response property is added",
        lambda s: schema(s, "Socket")["properties"].update(plugType={"type": "string"}),
        [Change("Socket.plugType", "property added", COMPATIBLE)],
    ),
    (
        "a property changes type",
        lambda s: prop(s, "Socket", "phaseRotation").update(type="integer"),
        [Change("Socket.phaseRotation", "type string → integer", g) for g in (CLIENTS, SERVERS)],
    ),
    (
        "a property changes format",
        lambda s: prop(s, "Socket", "id").update(format="int64"),
        [Change("Socket.id", "format int32 → int64", g) for g in (CLIENTS, SERVERS)],
    ),
    (
        "a response code is removed",
        lambda s: op2(s)["responses"].pop("404"),
        [Change(f"{OP2} response 404", "response removed", SERVERS)],
    ),
    (
        "a response code is added",
        lambda s: op2(s)["responses"].update({"429": {"description": "Too many requests"}}),
        [Change(f"{OP2} response 429", "response added", CLIENTS)],
    ),
    (
        "an operation is removed",
        lambda s: s["paths"].pop(SPEC.drivers_for_sites.path),
        [Change(OP2, "operation removed", CLIENTS)],
    ),
    (
        "an operation is added",
        lambda s: s["paths"].update(
            {"/chargers": {"get": {"operationId": "listChargers", "responses": {"200": {"description": "ok"}}}}}
        ),
        [Change("GET /chargers", "operation added", COMPATIBLE)],
    ),
    (
        "a request property becomes required",
        lambda s: (
            schema(s, "GroupIdsRequest")["properties"].update(note={"type": "string"})
            or schema(s, "GroupIdsRequest")["required"].append("note")
        ),
        [
            Change("GroupIdsRequest.note", "became required", CLIENTS),
            Change("GroupIdsRequest.note", "property added", COMPATIBLE),
        ],
    ),
    (
        "a response property becomes required",
        lambda s: schema(s, "Socket").update(required=["id"]),
        [Change("Socket.id", "became required", SERVERS)],
    ),
    (
        "a required error property becomes optional",
        lambda s: schema(s, "Error").update(required=["errorCode"]),
        [Change("Error.message", "became optional", CLIENTS)],
    ),
    (
        "the request body becomes optional",
        lambda s: op2(s)["requestBody"].update(required=False),
        [Change(f"{OP2} request body", "became optional", SERVERS)],
    ),
    (
        "a required query parameter is added",
        lambda s: op2(s)["parameters"].append(
            {"name": "region", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        [Change(f"{OP2} query parameter region", "required parameter added", CLIENTS)],
    ),
    (
        "the security scheme changes",
        lambda s: s["components"]["securitySchemes"]["functionKey"].update(name="x-api-key"),
        [Change(f"{op} security", "security requirements changed", CLIENTS) for op in (OP1, OP2)],
    ),
]


@pytest.mark.parametrize(("name", "edit", "expected"), RULES, ids=[rule[0] for rule in RULES])
def test_the_rule_reports_the_change_in_its_group(name: str, edit: Edit, expected: list[Change]) -> None:
    new = SPEC.patched(lambda spec: edit(spec.document))
    assert sorted(map(str, compare(SPEC, new))) == sorted(map(str, expected))


def test_an_unchanged_spec_has_no_changes() -> None:
    assert compare(SPEC, Spec(copy.deepcopy(SPEC.document))) == []


def test_a_change_reads_as_the_changelog_line() -> None:
    line = Change("Charger.sockets", "became non-nullable", SERVERS)
    assert str(line) == "Charger.sockets: became non-nullable (breaking for servers)"
