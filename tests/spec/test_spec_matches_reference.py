"""Every schema and property of the vendor reference, exactly, and nothing else.

REFERENCE transcribes ../shared/reference/drivers-api.md (the facts behind the spec)
in a compact notation: `type[ format][ null][ deprecated]`, `[Item]` for arrays,
`Name` for a reference to a component schema. The test describes the spec in the
same notation and compares whole tables, so a changed, added or dropped property
fails it.
"""

from __future__ import annotations

from typing import Any

import pytest

from emabler_spec import SPEC

REFERENCE: dict[str, dict[str, str]] = {
    "UserGroup": {
        "isSpare": "boolean",
        "subgroups": "[UserGroup]",
        "users": "[User]",
        "id": "integer int64",
        "groupName": "string",
        "groupType": "GroupType",
        "externalId": "string",
    },
    "GroupUsers": {"groupId": "integer int64", "users": "[User]"},
    "User": {
        "id": "integer int64",
        "name": "string",
        "homeGroupId": "integer int64",
        "homeGroupName": "string",
        "externalId": "string",
        "tags": "[Tag]",
        "chargerGroups": "[ChargerGroup]",
        "chargers": "[Charger]",
        "payerId": "integer int64 null",
        "integratedExternalIds": "[IntegratedExternalId]",
    },
    "Tag": {
        "id": "integer int64",
        "idTag": "string",
        "expiringDate": "string date-time",
        "startDate": "string date-time null",
        "lastUpdated": "string date-time null",
        "tokenName": "string",
        "invoicable": "boolean default=False",
    },
    "ChargerGroup": {
        "onlineSocket": "integer int32 null",
        "offlineSocket": "integer int32 null",
        "errorSocket": "integer int32 null",
        "subgroups": "[ChargerGroup]",
        "chargers": "[Charger]",
        "payerId": "integer int64 null",
        "costId": "string",
        "costName": "string",
        "paymentRecipientId": "integer int64 null",
        "id": "integer int64",
        "groupName": "string",
        "groupType": "GroupType",
        "externalId": "string",
    },
    "Charger": {
        "id": "integer int64 null",
        "chargerId": "string",
        "chargerName": "string",
        "groupId": "integer int64",
        "groupName": "string",
        "firmwareVersion": "string null",
        "publicGroupName": "string null",
        "manufacturer": "string null",
        "serialNumber": "string null",
        "chargerModel": "string null",
        "amountOfSockets": "integer int32 deprecated",
        "lastSeen": "string date-time",
        "lastMessage": "string null",
        "activeConnection": "boolean",
        "chargerStatus": "string",
        "locationInfo": "LocationInfo",
        "pushIntegrationEnabled": "boolean",
        "chargerSpecificMessageStructure": "boolean",
        "chargerConfigurations": "[ChargerConfiguration] null",
        "sockets": "[Socket] null",
        "evseId": "string",
        "splitEvseBySocket": "boolean",
        "capabilities": "[string]",
        "physicalReference": "string",
        "integrationRelays": "[string]",
        "iccid": "string",
        "imsi": "string",
        "meterSerialNumber": "string",
        "meterType": "string",
        "customProperties": "object null",
    },
    "LocationInfo": {
        "latitude": "number double",
        "longitude": "number double",
        "streetAddress": "string null",
        "streetNumber": "string",
        "houseLetter": "string null",
        "postalNumber": "string",
        "city": "string null",
        "area": "string null",
        "country": "string null",
    },
    "ChargerConfiguration": {"configName": "string", "configValue": "string", "canBeChanged": "boolean"},
    "Socket": {
        "type": "string null",
        "maxPower": "string null",
        "status": "string",
        "id": "integer int32",
        "name": "string",
        "deviceEvseId": "integer int32 null",
        "deviceConnectorId": "integer int32 null",
        "format": "string null",
        "socketPowerType": "string",
        "maxWatts": "integer int32 null",
        "maxVoltage": "integer int32 null",
        "maxAmperage": "integer int32 null",
        "phaseRotation": "string",
        "termsAndConditions": "string uri",
        "lastUpdated": "string date-time",
        "chargingStationEvseId": "integer int32 null",
    },
    "IntegratedExternalId": {
        "referenceType": "ReferenceType",
        "referenceId": "string",
        "externalId": "string",
        "effectiveFrom": "string date-time",
    },
}

ENUMS: dict[str, str] = {
    "GroupType": "integer int32 enum=[0, 1, 2, 3, 4] default=0",
    "ReferenceType": "integer int32 enum=[0, 1] default=0",
}


def describe(schema: dict[str, Any]) -> str:
    """Describe one property schema in the REFERENCE notation."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    main = [kind for kind in kinds if kind != "null"]
    assert len(main) == 1, f"one non-null type expected, got {kinds}"
    words = [f"[{describe(schema['items'])}]"] if main[0] == "array" else [main[0]]
    if "format" in schema:
        words.append(schema["format"])
    if "enum" in schema:
        words.append(f"enum={schema['enum']}")
    if "null" in kinds:
        words.append("null")
    if schema.get("deprecated"):
        words.append("deprecated")
    if "default" in schema:
        words.append(f"default={schema['default']}")
    return " ".join(words)


SCHEMAS = SPEC.schemas


def differences(name: str, spec_table: dict[str, str]) -> str:
    """What the spec's schema says beside the reference, and what to update: one line per property."""
    reference = REFERENCE[name]
    lines = [
        f"  {name}.{p} is `{spec_table[p]}` in openapi.yaml, not in the reference"
        for p in spec_table.keys() - reference.keys()
    ]
    lines += [
        f"  {name}.{p} is `{reference[p]}` in the reference, not in openapi.yaml"
        for p in reference.keys() - spec_table.keys()
    ]
    lines += [
        f"  {name}.{p} is `{spec_table[p]}` in openapi.yaml, `{reference[p]}` in the reference"
        for p in spec_table.keys() & reference.keys()
        if spec_table[p] != reference[p]
    ]
    return "\n".join(
        [
            f"openapi.yaml's {name} is not what the vendor documents:",
            *sorted(lines),
            "openapi.yaml keeps to the vendor's documented properties (../shared/reference/drivers-api.md). If the "
            "vendor documents this, add it there and to REFERENCE in tests/spec/test_spec_matches_reference.py, and "
            "record the decision in docs/reconstruction.md; if it does not, take it out of openapi.yaml.",
        ]
    )


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_schema_has_exactly_the_reference_properties(name: str) -> None:
    spec_table = {prop: describe(schema) for prop, schema in SCHEMAS[name]["properties"].items()}
    assert spec_table == REFERENCE[name], differences(name, spec_table)


def test_a_difference_names_the_property_and_what_to_update() -> None:
    spec_table = {**REFERENCE["User"], "email": "string null"}
    del spec_table["name"]
    message = differences("User", spec_table)
    assert "User.email is `string null` in openapi.yaml, not in the reference" in message
    assert "User.name is `string` in the reference, not in openapi.yaml" in message
    assert "REFERENCE in tests/spec/test_spec_matches_reference.py" in message
    assert "docs/reconstruction.md" in message


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_no_response_property_is_required(name: str) -> None:
    assert "required" not in SCHEMAS[name]


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_enum_has_the_reference_values_and_default(name: str) -> None:
    assert describe(SCHEMAS[name]) == ENUMS[name]


def test_both_groups_share_one_group_type_enum() -> None:
    refs = {SCHEMAS[group]["properties"]["groupType"]["$ref"] for group in ("UserGroup", "ChargerGroup")}
    assert refs == {"#/components/schemas/GroupType"}


def test_group_ids_is_a_required_int64_array_of_1_to_20() -> None:
    body = SCHEMAS["GroupIdsRequest"]
    group_ids = body["properties"]["groupIds"]
    assert body["required"] == ["groupIds"]
    assert (group_ids["type"], group_ids["minItems"], group_ids["maxItems"]) == ("array", 1, 20)
    assert SCHEMAS["Int64Id"] == {**SCHEMAS["Int64Id"], "type": "integer", "format": "int64"}
    assert group_ids["items"] == {"$ref": "#/components/schemas/Int64Id"}


def test_operation_2_request_body_is_required() -> None:
    operation = SPEC.document["paths"]["/sites/drivers"]["post"]
    assert operation["requestBody"]["required"] is True


def test_every_operation_documents_its_statuses_and_requires_the_function_key() -> None:
    spec = SPEC.document
    found = {
        op["operationId"]: (
            sorted(op["responses"]),
            op.get("security", spec["security"]),
            op["x-ms-visibility"],
        )
        for item in spec["paths"].values()
        for op in item.values()
    }
    key: list[dict[str, list[str]]] = [{"functionKey": []}]
    assert found == {
        "getAuthorisedUsersHomeGroup": (["200", "400", "401"], key, "important"),
        "getAuthorisedUsersForChargerGroups": (["200", "400", "401", "404"], key, "important"),
    }
    scheme = spec["components"]["securitySchemes"]["functionKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "x-functions-key")


def test_the_site_id_path_parameter_is_a_required_int64() -> None:
    parameters = SPEC.document["paths"]["/sites/{siteId}/drivers"]["get"]["parameters"]
    (site_id,) = [p for p in parameters if p.get("name") == "siteId"]
    assert site_id["in"] == "path"
    assert site_id["required"] is True
    assert SCHEMAS["Int64Id"]["format"] == "int64"
    assert site_id["schema"] == {"$ref": "#/components/schemas/Int64Id"}
