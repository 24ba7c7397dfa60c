"""A spec as a value: one OpenAPI document of this API, its `$ref` resolver, its operations and its facts."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jsonschema.protocols import Validator
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from emabler_spec import _provenance
from emabler_spec._provenance import NULLABLE, Provenance

Document = dict[str, Any]
Patch = Callable[["Spec"], None]
"""Edits a spec's document in place (see `Spec.patched`)."""

# HTTP methods an OpenAPI path item can hold (its other keys are parameters, summary, ...).
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# The operations this project names (the vendor's operation ids): the one place they are written.
HOME_SITE_ID = "getAuthorisedUsersHomeGroup"
DRIVERS_FOR_SITES_ID = "getAuthorisedUsersForChargerGroups"
# Operation 1's keyword for the status of a site that does not exist: the vendor does not say, this project chose.
MISSING_SITE_STATUS = "x-missing-site-status"


@dataclass(frozen=True)
class Operation:
    """One operation of a spec: how to reach it and what it answers."""

    operation_id: str
    method: str  # upper case, as on the wire
    path: str  # relative to the server URL, with `{parameter}` templates
    statuses: tuple[str, ...]  # the documented response statuses, in spec order
    definition: Mapping[str, Any] = field(compare=False, repr=False)  # the operation object of the document

    @property
    def label(self) -> str:
        """`GET /sites/{siteId}/drivers`: how Schemathesis and the reports name it."""
        return f"{self.method} {self.path}"

    def url_path(self, **path_parameters: object) -> str:
        """The path with its parameters filled in (not URL-encoded: callers pass ids)."""
        return self.path.format(**path_parameters)


@dataclass(frozen=True)
class NullableProperty:
    """A property that the spec allows to be null, named as `Schema.property`."""

    schema: str
    name: str

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}"


def pointer(*parts: str) -> str:
    """A JSON pointer from raw parts (escaping `~` and `/`)."""
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def schema_types(schema: Mapping[str, Any]) -> tuple[list[str], bool]:
    """A schema's types but null, in order, and whether it allows null: the one reading of nullability.

    Null is allowed by `type: [..., "null"]` (OpenAPI 3.1), `nullable: true` (3.0, for older
    documents), or a null alternative of `anyOf`/`oneOf`.
    """
    kinds = schema.get("type", [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    alternatives = [*schema.get("anyOf", ()), *schema.get("oneOf", ())]
    null = "null" in kinds or schema.get("nullable") is True or any(a.get("type") == "null" for a in alternatives)
    return [kind for kind in kinds if kind != "null"], null


def ref_name(ref: str) -> str:
    """The component name a local `$ref` points at: `#/components/schemas/UserGroup` -> `UserGroup`."""
    return ref.rsplit("/", 1)[-1]


class Spec:
    """One version of the contract: a parsed OpenAPI 3.1 document and everything derived from it.

    Made from a document (`Spec(document)`), YAML text (`Spec.from_text`) or a file
    (`Spec.from_path`); `emabler_spec.SPEC` is the project's own, read from package data.
    Derived facts are computed once, on first use. A Spec never copies or changes its
    document and nobody else should either: `patched` makes an edited copy.
    """

    def __init__(self, document: Document, uri: str = "urn:emabler:openapi") -> None:
        self.document = document
        self.uri = uri

    @classmethod
    def from_text(cls, text: str, uri: str = "urn:emabler:openapi") -> Spec:
        """The spec of YAML (or JSON) text, for example an older openapi.yaml from git."""
        # libyaml's loader when PyYAML has it: every process of the toolkit reads the spec at start.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        document: Document = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
        return cls(document, uri)

    @classmethod
    def from_path(cls, path: Path) -> Spec:
        """The spec in a file."""
        return cls.from_text(path.read_text(encoding="utf-8"))

    def __repr__(self) -> str:
        return f"Spec({self.uri!r}, version {self.document.get('info', {}).get('version')!r})"

    def patched(self, patch: Patch) -> Spec:
        """A new spec over a deep copy of this document, edited by `patch` (given a spec over the copy)."""
        document = copy.deepcopy(self.document)
        patch(Spec(document, self.uri))
        return Spec(document, self.uri)

    # References and operations ----------------------------------------------------------------

    @functools.cached_property
    def registry(self) -> Registry[Any]:
        """A `referencing` registry holding the document at `uri`, for `$ref` lookups (validators too)."""
        resource = Resource.from_contents(self.document, default_specification=DRAFT202012)
        registry: Registry[Any] = Registry().with_resource(self.uri, resource)
        return registry

    @functools.cached_property
    def _resolver(self) -> Any:  # referencing.Resolver, which the package does not export
        return self.registry.resolver(base_uri=self.uri)

    @functools.cached_property
    def _looked_up(self) -> dict[str, Any]:
        return {}  # what each `$ref` names: the document never changes, and walks follow the same few again and again

    def resolve(self, node: Any) -> Any:
        """`node`, or what its `$ref` points at (followed until a node that is not a reference)."""
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref not in self._looked_up:
                self._looked_up[ref] = self._resolver.lookup(ref).contents
            node = self._looked_up[ref]
        return node

    @functools.cached_property
    def operations(self) -> tuple[Operation, ...]:
        """Every operation, in document order."""
        return tuple(
            Operation(op["operationId"], method.upper(), path, tuple(op.get("responses", {})), op)
            for path, item in self.document.get("paths", {}).items()
            for method, op in item.items()
            if method in METHODS
        )

    def operation(self, operation_id: str) -> Operation:
        """The operation with this operationId; KeyError if the spec has none."""
        for each in self.operations:
            if each.operation_id == operation_id:
                return each
        raise KeyError(operation_id)

    @property
    def schemas(self) -> dict[str, Any]:
        """The component schemas by name."""
        schemas: dict[str, Any] = self.document.get("components", {}).get("schemas", {})
        return schemas

    # The facts code acts on -------------------------------------------------------------------

    @functools.cached_property
    def home_site(self) -> Operation:
        """Operation 1: a home site with its drivers and subsites."""
        return self.operation(HOME_SITE_ID)

    @functools.cached_property
    def drivers_for_sites(self) -> Operation:
        """Operation 2: the drivers with charging rights at up to `max_ids` sites."""
        return self.operation(DRIVERS_FOR_SITES_ID)

    @property
    def missing_site_status(self) -> int:
        """The status operation 1 answers for a site that does not exist (or is another customer's).

        A chosen reading (`x-missing-site-status`, checked by A-MISSING-SITE-400): one of the
        operation's documented error statuses. The contract-level spec drops the keyword.
        """
        return int(self.home_site.definition[MISSING_SITE_STATUS])

    @property
    def key_scheme(self) -> str:
        """The name of the only security scheme."""
        ((name, _),) = self.document["security"][0].items()
        return str(name)

    @property
    def key_header(self) -> str:
        """The header that carries the customer's key (the only security scheme)."""
        return str(self.document["components"]["securitySchemes"][self.key_scheme]["name"])

    @property
    def client_id_parameter(self) -> str:
        """The query parameter that names the customer on every call."""
        return str(self.document["components"]["parameters"]["ClientId"]["name"])

    @functools.cached_property
    def _id_list(self) -> tuple[str, dict[str, Any]]:
        body = self.resolve(self.drivers_for_sites.definition["requestBody"])
        schema = self.resolve(body["content"]["application/json"]["schema"])
        (name,) = schema["required"]
        return name, schema["properties"][name]

    @property
    def id_list_property(self) -> str:
        """Operation 2's body property: the list of site ids."""
        return self._id_list[0]

    @property
    def id_list_schema(self) -> dict[str, Any]:
        """The schema of that list, as it stands in the document (a patch may edit it)."""
        return self._id_list[1]

    @property
    def max_ids(self) -> int:
        """At most this many site ids per call of operation 2."""
        return int(self.id_list_schema["maxItems"])

    @property
    def server_url(self) -> str:
        """The vendor's server, the default base URL."""
        return str(self.document["servers"][0]["url"])

    @property
    def api_prefix(self) -> str:
        """The path every operation's path is under (`/api`)."""
        return urlsplit(self.server_url).path.rstrip("/")

    @functools.cached_property
    def _local_server(self) -> dict[str, str]:
        (local,) = [server for server in self.document["servers"] if "variables" in server]
        return {name: str(variable["default"]) for name, variable in local["variables"].items()} | {"url": local["url"]}

    @property
    def local_host(self) -> str:
        """The local server's default host (`make mock` serves there)."""
        return self._local_server["host"]

    @property
    def local_port(self) -> int:
        """The local server's default port."""
        return int(self._local_server["port"])

    @property
    def local_server_url(self) -> str:
        """The local server with its defaults filled in (http://127.0.0.1:8765/api)."""
        return self._local_server["url"].format(**self._local_server)

    @property
    def version(self) -> str:
        """`info.version`: the contract's and the SDK's version."""
        return str(self.document["info"]["version"])

    # Schemas ----------------------------------------------------------------------------------

    def validator(self, at: str) -> Validator:
        """An OpenAPI 3.1 (JSON Schema 2020-12) validator for the schema at a JSON pointer into the document.

        `at` is like `/components/schemas/UserGroup`; `$ref`s inside the schema resolve
        against this document, and formats (date-time, uri, int32, ...) are checked.
        """
        validator: Validator = OAS31Validator(
            {"$ref": f"{self.uri}#{at}"}, registry=self.registry, format_checker=oas31_format_checker
        )
        return validator

    def node(self, at: str) -> Any:
        """The node of the document at a JSON pointer (`/components/schemas/Charger`), `$ref`s followed."""
        return self.resolve({"$ref": f"#{at}"})

    def keyword_validator(self, at: str, keyword: str) -> Validator:
        """A validator of one keyword of the schema at a JSON pointer, alone, as written (formats checked).

        `nullable` (the pseudo-keyword of `x-provenance`) is "not null". Evidence from traffic judges each
        keyword this project inferred by itself, so that one instance can confirm one keyword and contradict another.
        """
        schema = {"not": {"type": "null"}} if keyword == NULLABLE else {keyword: self.node(at)[keyword]}
        validator: Validator = OAS31Validator(schema, format_checker=oas31_format_checker)
        return validator

    def component_validator(self, name: str) -> Validator:
        """A validator for `#/components/schemas/<name>`."""
        return self.validator(pointer("components", "schemas", name))

    def response_schema(self, operation_id: str, status: str = "200") -> dict[str, Any]:
        """The JSON body schema of one documented response of an operation."""
        response = self.resolve(self.operation(operation_id).definition["responses"][status])
        schema: dict[str, Any] = response["content"]["application/json"]["schema"]
        return schema

    def request_body_validator(self, operation_id: str) -> Validator | None:
        """A validator of an operation's JSON request body, or None for an operation without one."""
        operation = self.operation(operation_id)
        if "requestBody" not in operation.definition:
            return None
        method = operation.method.lower()
        return self.validator(
            pointer("paths", operation.path, method, "requestBody", "content", "application/json", "schema")
        )

    @functools.cached_property
    def nullable_properties(self) -> tuple[NullableProperty, ...]:
        """Every nullable property of every component schema, in document order."""
        return tuple(
            NullableProperty(schema_name, prop_name)
            for schema_name, schema in self.schemas.items()
            for prop_name, prop in schema.get("properties", {}).items()
            if schema_types(prop)[1]
        )

    @functools.cached_property
    def enum_properties(self) -> dict[str, tuple[Any, ...]]:
        """Every enum-typed property of every component schema (`Schema.property`) with its documented values."""
        return {
            f"{name}.{prop}": tuple(values)
            for name, schema in self.schemas.items()
            for prop, prop_schema in schema.get("properties", {}).items()
            if (values := self.resolve(prop_schema).get("enum"))
        }

    def property_values(self, instance: Any, schema: str | dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
        """Walk `instance` as `schema` (a component name or a schema) says; yield (schema, property, value).

        Follows `$ref`s and array items through the components, so every object is visited
        with the name of the schema it stands for. Values that do not have the shape the
        schema says are skipped, not raised on: validation is the validators' job.
        """
        root = {"$ref": f"#/components/schemas/{schema}"} if isinstance(schema, str) else schema
        stack: list[tuple[Any, dict[str, Any], str]] = [(instance, root, "")]
        while stack:
            value, node, name = stack.pop()
            if "$ref" in node:
                stack.append((value, self.resolve(node), ref_name(node["$ref"])))
            elif isinstance(value, list) and "items" in node:
                stack.extend((item, node["items"], name) for item in value)
            elif isinstance(value, dict) and "properties" in node:
                for prop, prop_schema in node["properties"].items():
                    if prop in value:
                        yield name, prop, value[prop]
                        stack.append((value[prop], prop_schema, ""))

    # Provenance -------------------------------------------------------------------------------

    @functools.cached_property
    def provenance(self) -> tuple[Provenance, ...]:
        """Every keyword annotated with `x-provenance` (this project's reading), in document order."""
        return tuple(_provenance.annotated(self.document))

    @functools.cached_property
    def contract_level(self) -> Spec:
        """This spec with every annotated keyword relaxed and the annotations dropped: what the vendor documents."""
        return Spec(_provenance.relaxed(self.document), self.uri + ":contract-level")
