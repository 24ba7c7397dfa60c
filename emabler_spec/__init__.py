"""openapi.yaml as Python: the one place that loads the spec and derives facts from it.

The mock, the contract tests and the project's own tests all read the contract
through this module, so nothing the spec already says is written again by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema.protocols import Validator
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
SPEC_URI = "urn:emabler:openapi"

__all__ = [
    "SPEC_PATH",
    "NullableProperty",
    "component_validator",
    "iter_property_values",
    "load_spec",
    "nullable_properties",
    "operation_ids",
    "pointer",
    "response_schema",
    "validator_at",
]


@functools.cache
def load_spec() -> dict[str, Any]:
    """Return openapi.yaml parsed (cached: the file is read once per process)."""
    with SPEC_PATH.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


@functools.cache
def _registry() -> Registry[Any]:
    resource = Resource.from_contents(load_spec(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return registry


def validator_at(pointer: str) -> Validator:
    """An OpenAPI 3.1 (JSON Schema 2020-12) validator for the schema at a JSON pointer into the spec.

    `pointer` is like `/components/schemas/UserGroup`; `$ref`s inside the schema
    resolve against openapi.yaml, and formats (date-time, uri, int32, ...) are checked.
    """
    validator: Validator = OAS31Validator(
        {"$ref": f"{SPEC_URI}#{pointer}"},
        registry=_registry(),
        format_checker=oas31_format_checker,
    )
    return validator


def component_validator(name: str) -> Validator:
    """A validator for `#/components/schemas/<name>`."""
    return validator_at(f"/components/schemas/{name}")


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
    return list(_iter_nullable())


def _iter_nullable() -> Iterator[NullableProperty]:
    for schema_name, schema in load_spec()["components"]["schemas"].items():
        for prop_name, prop in schema.get("properties", {}).items():
            if _is_nullable(prop):
                yield NullableProperty(schema_name, prop_name)


def _component(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def operation_ids() -> list[str]:
    """The operationId of every operation, in spec order."""
    return [operation["operationId"] for item in load_spec()["paths"].values() for operation in item.values()]


def response_schema(operation_id: str, status: str = "200") -> dict[str, Any]:
    """The JSON body schema of one documented response of an operation."""
    for item in load_spec()["paths"].values():
        for operation in item.values():
            if operation["operationId"] == operation_id:
                schema: dict[str, Any] = operation["responses"][status]["content"]["application/json"]["schema"]
                return schema
    raise KeyError(operation_id)


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
            name = _component(schema["$ref"])
            stack.append((value, schemas[name] | {"x-name": name}))
        elif isinstance(value, list) and "items" in schema:
            stack.extend((item, schema["items"]) for item in value)
        elif isinstance(value, dict) and "properties" in schema:
            for prop, prop_schema in schema["properties"].items():
                if prop in value:
                    yield schema["x-name"], prop, value[prop]
                    stack.append((value[prop], prop_schema))
