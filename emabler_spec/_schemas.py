"""Schemas of openapi.yaml as validators, and the walks over them that the other rooms need."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jsonschema.protocols import Validator
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry

from emabler_spec._document import SPEC_URI, load_spec, ref_name, registry
from emabler_spec._facts import operation
from emabler_spec._provenance import contract_level_spec

CONTRACT_LEVEL_URI = SPEC_URI + ":contract-level"


@functools.cache
def _contract_level_registry() -> Registry[Any]:
    return registry(contract_level_spec(), CONTRACT_LEVEL_URI)


def validator_at(pointer: str, contract_level: bool = False) -> Validator:
    """An OpenAPI 3.1 (JSON Schema 2020-12) validator for the schema at a JSON pointer into the spec.

    `pointer` is like `/components/schemas/UserGroup`; `$ref`s inside the schema
    resolve against openapi.yaml, and formats (date-time, uri, int32, ...) are checked.
    With `contract_level`, the schema of the contract-level spec (the project's inferred
    and chosen keywords relaxed, see `contract_level_spec`).
    """
    uri, spec_registry = (CONTRACT_LEVEL_URI, _contract_level_registry()) if contract_level else (SPEC_URI, registry())
    validator: Validator = OAS31Validator(
        {"$ref": f"{uri}#{pointer}"},
        registry=spec_registry,
        format_checker=oas31_format_checker,
    )
    return validator


def component_validator(name: str, contract_level: bool = False) -> Validator:
    """A validator for `#/components/schemas/<name>`."""
    return validator_at(f"/components/schemas/{name}", contract_level)


def pointer(*parts: str) -> str:
    """Build a JSON pointer from raw parts (escaping `~` and `/`)."""
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


@dataclass(frozen=True)
class NullableProperty:
    """A property that the spec allows to be null, named as `Schema.property`."""

    schema: str
    name: str

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}"


def _is_nullable(prop: dict[str, Any]) -> bool:
    kind = prop.get("type")
    return isinstance(kind, list) and "null" in kind


def nullable_properties() -> list[NullableProperty]:
    """Every nullable property of every component schema, in spec order."""
    return [
        NullableProperty(schema_name, prop_name)
        for schema_name, schema in load_spec()["components"]["schemas"].items()
        for prop_name, prop in schema.get("properties", {}).items()
        if _is_nullable(prop)
    ]


def response_schema(operation_id: str, status: str = "200") -> dict[str, Any]:
    """The JSON body schema of one documented response of an operation (`$ref`s of responses followed)."""
    response = operation(operation_id).definition()["responses"][status]
    if "$ref" in response:
        response = load_spec()["components"]["responses"][ref_name(response["$ref"])]
    schema: dict[str, Any] = response["content"]["application/json"]["schema"]
    return schema


def iter_property_values(instance: Any, schema: str | dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Walk `instance` as `schema` (a component name or a schema) says; yield (schema, property, value).

    Follows `$ref`s and array items through the components, so every object of a
    response is visited with the name of the schema it stands for. Values that do
    not have the shape the schema says are skipped, not raised on: validation is
    the validators' job.
    """
    schemas = load_spec()["components"]["schemas"]
    root = {"$ref": f"#/components/schemas/{schema}"} if isinstance(schema, str) else schema
    stack: list[tuple[Any, dict[str, Any]]] = [(instance, root)]
    while stack:
        value, schema = stack.pop()
        if "$ref" in schema:
            name = ref_name(schema["$ref"])
            stack.append((value, schemas[name] | {"x-name": name}))
        elif isinstance(value, list) and "items" in schema:
            stack.extend((item, schema["items"]) for item in value)
        elif isinstance(value, dict) and "properties" in schema:
            for prop, prop_schema in schema["properties"].items():
                if prop in value:
                    yield schema["x-name"], prop, value[prop]
                    stack.append((value[prop], prop_schema))
