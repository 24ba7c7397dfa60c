"""`Spec`: any version of the contract as a value, with one resolver, one operation lookup and its facts derived."""

from __future__ import annotations

import json

import pytest

from emabler_spec import NULLABLE, SPEC, SPEC_FILENAME, Spec, schema_types
from tests.checkout import ROOT


def test_the_projects_spec_is_the_root_file() -> None:
    assert Spec.from_path(ROOT / SPEC_FILENAME).document == SPEC.document


def test_a_spec_from_text_reads_yaml_and_json_alike() -> None:
    assert Spec.from_text(json.dumps(SPEC.document)).document == SPEC.document


def test_the_facts_are_read_from_the_document() -> None:
    document = SPEC.document
    assert SPEC.key_header == document["components"]["securitySchemes"]["functionKey"]["name"]
    assert SPEC.client_id_parameter == document["components"]["parameters"]["ClientId"]["name"]
    request = document["components"]["schemas"]["GroupIdsRequest"]["properties"]
    assert SPEC.id_list_property == next(iter(request))
    assert SPEC.max_ids == request[SPEC.id_list_property]["maxItems"]
    assert SPEC.id_list_schema is request[SPEC.id_list_property]
    assert SPEC.server_url == document["servers"][0]["url"]
    assert SPEC.server_url.endswith(SPEC.api_prefix)
    assert SPEC.local_server_url == f"http://{SPEC.local_host}:{SPEC.local_port}{SPEC.api_prefix}"
    assert SPEC.version == document["info"]["version"]


def test_operations_are_looked_up_by_id_and_carry_their_definition() -> None:
    labels = [f"{method.upper()} {path}" for path, item in SPEC.document["paths"].items() for method in item]
    assert [operation.label for operation in SPEC.operations] == labels
    for operation in SPEC.operations:
        assert SPEC.operation(operation.operation_id) is operation
        assert operation.statuses == tuple(operation.definition["responses"])
    assert {SPEC.home_site, SPEC.drivers_for_sites} == set(SPEC.operations)
    with pytest.raises(KeyError):
        SPEC.operation("noSuchOperation")


def test_resolve_follows_references_to_what_they_name() -> None:
    response = SPEC.home_site.definition["responses"]["400"]
    assert "$ref" in response
    assert SPEC.resolve(response) is SPEC.document["components"]["responses"]["BadRequest"]
    assert SPEC.resolve({"type": "string"}) == {"type": "string"}


def test_a_patched_spec_is_a_new_value_and_the_original_stays_as_it_was() -> None:
    def lower_the_limit(spec: Spec) -> None:
        spec.id_list_schema["maxItems"] = 5

    patched = SPEC.patched(lower_the_limit)
    assert (patched.max_ids, SPEC.max_ids) == (
        5,
        SPEC.document["components"]["schemas"]["GroupIdsRequest"]["properties"][SPEC.id_list_property]["maxItems"],
    )
    assert patched.request_body_validator(SPEC.drivers_for_sites.operation_id) is not None
    body = {SPEC.id_list_property: list(range(6))}
    assert not patched.request_body_validator(SPEC.drivers_for_sites.operation_id).is_valid(body)  # type: ignore[union-attr]
    assert SPEC.request_body_validator(SPEC.drivers_for_sites.operation_id).is_valid(body)  # type: ignore[union-attr]


def test_validators_resolve_references_and_check_formats() -> None:
    tag = SPEC.component_validator("Tag")
    assert tag.is_valid({"id": 1, "expiringDate": "2026-11-30T10:00:00Z"})
    assert not tag.is_valid({"id": 1, "expiringDate": "30.11.2026"})
    assert not SPEC.component_validator("UserGroup").is_valid({"subgroups": [{"users": [{"id": "1"}]}]})


def test_the_contract_level_spec_relaxes_exactly_the_annotated_keywords() -> None:
    relaxed = SPEC.contract_level
    assert relaxed.provenance == ()
    assert "x-provenance" not in json.dumps(relaxed.document)
    for entry in SPEC.provenance:
        node = relaxed.resolve({"$ref": f"#{entry.pointer}"})
        if entry.keyword == NULLABLE:
            assert "null" in node["type"], entry
        elif entry.removed:
            assert entry.keyword not in node, entry
        else:
            assert node[entry.keyword] == entry.relaxed, entry
    assert SPEC.contract_level.component_validator("Charger").is_valid({"evseId": None})
    assert not SPEC.component_validator("Charger").is_valid({"evseId": None})


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string"}, (["string"], False)),
        ({"type": ["integer", "null"]}, (["integer"], True)),
        ({"type": "string", "nullable": True}, (["string"], True)),
        ({"anyOf": [{"$ref": "#/components/schemas/Tag"}, {"type": "null"}]}, ([], True)),
        ({"$ref": "#/components/schemas/Tag"}, ([], False)),
    ],
)
def test_one_reading_of_a_schemas_types_and_nullability(schema: dict[str, object], expected: object) -> None:
    assert schema_types(schema) == expected


def test_nullable_properties_and_property_values_walk_the_schemas() -> None:
    nullable = {str(prop) for prop in SPEC.nullable_properties}
    assert {"User.payerId", "Charger.sockets", "Tag.startDate"} <= nullable
    assert "User.name" not in nullable
    body = {"id": 1, "users": [{"name": "Aino", "tags": [{"startDate": None}]}], "subgroups": [{"id": 2}]}
    seen = {(owner, prop, json.dumps(value)) for owner, prop, value in SPEC.property_values(body, "UserGroup")}
    assert {(owner, prop) for owner, prop, _ in seen} == {
        ("UserGroup", "id"),
        ("UserGroup", "users"),
        ("User", "name"),
        ("User", "tags"),
        ("Tag", "startDate"),
        ("UserGroup", "subgroups"),
    }
    assert ("Tag", "startDate", "null") in seen
    assert ("UserGroup", "id", "2") in seen  # the subsite, named by its schema too
