"""The contract diff: every change between two versions of openapi.yaml, with its direction.

A change to a schema is judged by the side it is used on. A change that *narrows* what is
valid breaks whoever produces that data (clients produce requests, servers produce
responses); a change that *widens* it breaks whoever consumes it. docs/changes.md
explains each rule once. Both versions are `emabler_spec.Spec` values: their `$ref`s and
operations come from there.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from emabler_spec import Spec, ref_name, schema_types

Definition = Mapping[str, Any]


class Group(enum.Enum):
    """Who a change breaks, in the order the changelog lists the groups."""

    CLIENTS = "breaking for clients"
    SERVERS = "breaking for servers"
    COMPATIBLE = "compatible"


class Side(enum.Flag):
    """Where a schema is used: in requests (clients produce), responses (servers produce), or both."""

    NONE = 0
    REQUEST = enum.auto()
    RESPONSE = enum.auto()


@dataclass(frozen=True)
class Change:
    """One change of the contract: where it is, what changed, whom it breaks."""

    where: str
    what: str
    group: Group

    def __str__(self) -> str:
        return f"{self.where}: {self.what} ({self.group.value})"


def _narrowed(side: Side) -> list[Group]:
    """Groups broken when what is valid gets smaller: producers of that data."""
    groups = [Group.CLIENTS] if Side.REQUEST in side else []
    return groups + ([Group.SERVERS] if Side.RESPONSE in side else [])


def _widened(side: Side) -> list[Group]:
    """Groups broken when what is valid gets larger: consumers of that data."""
    groups = [Group.SERVERS] if Side.REQUEST in side else []
    return groups + ([Group.CLIENTS] if Side.RESPONSE in side else [])


def _sides(spec: Spec) -> dict[str, Side]:
    """For each component schema, the sides it is reachable from."""
    found: dict[str, Side] = {}
    for operation in spec.operations:
        definition = operation.definition
        for parameter in definition.get("parameters", []):
            _mark(spec, spec.resolve(parameter).get("schema"), Side.REQUEST, found)
        body = spec.resolve(definition.get("requestBody", {}))
        for media in body.get("content", {}).values():
            _mark(spec, media.get("schema"), Side.REQUEST, found)
        for response in definition.get("responses", {}).values():
            for media in spec.resolve(response).get("content", {}).values():
                _mark(spec, media.get("schema"), Side.RESPONSE, found)
    return found


def _mark(spec: Spec, schema: Any, side: Side, found: dict[str, Side]) -> None:
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        name = ref_name(str(schema["$ref"]))
        if side in found.get(name, Side.NONE):
            return  # already walked on this side (recursive schemas end here)
        found[name] = found.get(name, Side.NONE) | side
    schema = spec.resolve(schema)
    for child in [*schema.get("properties", {}).values(), schema.get("items")]:
        _mark(spec, child, side, found)


def compare(old: Spec, new: Spec) -> list[Change]:
    """Every change from `old` to `new`."""
    changes = list(_operations(old, new))
    sides = _sides(new)
    for name, was in _sides(old).items():
        sides[name] = sides.get(name, Side.NONE) | was
    for name in old.schemas.keys() - new.schemas.keys():
        changes.append(Change(name, "schema removed", Group.CLIENTS))
    for name in new.schemas.keys() - old.schemas.keys():
        changes.append(Change(name, "schema added", Group.COMPATIBLE))
    for name in old.schemas.keys() & new.schemas.keys():
        side = sides.get(name, Side.NONE) or Side.REQUEST | Side.RESPONSE
        changes.extend(_schema(name, old.schemas[name], new.schemas[name], side))
    order = list(Group)
    return sorted(set(changes), key=lambda c: (order.index(c.group), c.where, c.what))


def _operations(old: Spec, new: Spec) -> Iterator[Change]:
    before = {op.label: op.definition for op in old.operations}
    after = {op.label: op.definition for op in new.operations}
    for key in before.keys() - after.keys():
        yield Change(key, "operation removed", Group.CLIENTS)
    for key in after.keys() - before.keys():
        yield Change(key, "operation added", Group.COMPATIBLE)
    for key in before.keys() & after.keys():
        a, b = before[key], after[key]
        yield from _parameters(key, old, new, a, b)
        yield from _request_body(key, old, new, a, b)
        yield from _responses(key, a, b)
        yield from _security(key, old, new, a, b)


def _parameters(key: str, old: Spec, new: Spec, a: Definition, b: Definition) -> Iterator[Change]:
    def index(spec: Spec, operation: Definition) -> dict[str, dict[str, Any]]:
        resolved = [spec.resolve(parameter) for parameter in operation.get("parameters", [])]
        return {f"{p['in']} parameter {p['name']}": p for p in resolved}

    before, after = index(old, a), index(new, b)
    for name in before.keys() - after.keys():
        yield Change(f"{key} {name}", "parameter removed", Group.CLIENTS)
    for name in after.keys() - before.keys():
        required = after[name].get("required", False)
        yield Change(f"{key} {name}", "required parameter added" if required else "optional parameter added",
                     Group.CLIENTS if required else Group.COMPATIBLE)  # fmt: skip
    for name in before.keys() & after.keys():
        was, now = before[name].get("required", False), after[name].get("required", False)
        if was != now:
            yield Change(f"{key} {name}", "became required" if now else "became optional",
                         Group.CLIENTS if now else Group.SERVERS)  # fmt: skip
        yield from _schema(f"{key} {name}", old.resolve(before[name].get("schema", {})),
                           new.resolve(after[name].get("schema", {})), Side.REQUEST)  # fmt: skip


def _request_body(key: str, old: Spec, new: Spec, a: Definition, b: Definition) -> Iterator[Change]:
    was = old.resolve(a.get("requestBody", {})).get("required", False)
    now = new.resolve(b.get("requestBody", {})).get("required", False)
    if was != now:
        yield Change(f"{key} request body", "became required" if now else "became optional",
                     Group.CLIENTS if now else Group.SERVERS)  # fmt: skip


def _responses(key: str, a: Definition, b: Definition) -> Iterator[Change]:
    before, after = a.get("responses", {}), b.get("responses", {})
    for status in before.keys() - after.keys():
        yield Change(f"{key} response {status}", "response removed", Group.SERVERS)
    for status in after.keys() - before.keys():
        yield Change(f"{key} response {status}", "response added", Group.CLIENTS)


def _security(key: str, old: Spec, new: Spec, a: Definition, b: Definition) -> Iterator[Change]:
    def effective(spec: Spec, operation: Definition) -> list[Any]:
        requirements = operation.get("security", spec.document.get("security", []))
        schemes = spec.document.get("components", {}).get("securitySchemes", {})
        return [sorted((name, repr(schemes.get(name))) for name in requirement) for requirement in requirements]

    if effective(old, a) != effective(new, b):
        yield Change(f"{key} security", "security requirements changed", Group.CLIENTS)


def _kinds(schema: dict[str, Any]) -> tuple[set[str], bool]:
    kinds, nullable = schema_types(schema)
    return set(kinds), nullable


def _schema(where: str, a: dict[str, Any], b: dict[str, Any], side: Side) -> Iterator[Change]:
    ref_a, ref_b = a.get("$ref"), b.get("$ref")
    if ref_a or ref_b:
        if ref_a != ref_b:
            yield from (Change(where, f"type {ref_a or _kinds(a)[0]} → {ref_b or _kinds(b)[0]}", g)
                        for g in (Group.CLIENTS, Group.SERVERS))  # fmt: skip
        return  # the referenced component is compared on its own
    (kinds_a, null_a), (kinds_b, null_b) = _kinds(a), _kinds(b)
    if kinds_a != kinds_b:
        for group in (Group.CLIENTS, Group.SERVERS):
            yield Change(where, f"type {'|'.join(sorted(kinds_a))} → {'|'.join(sorted(kinds_b))}", group)
    if a.get("format") != b.get("format"):
        for group in (Group.CLIENTS, Group.SERVERS):
            yield Change(where, f"format {a.get('format')} → {b.get('format')}", group)
    if null_a and not null_b:
        yield from (Change(where, "became non-nullable", g) for g in _narrowed(side))
    if null_b and not null_a:
        yield from (Change(where, "became nullable", g) for g in _widened(side))
    if "enum" in a or "enum" in b:
        values_a, values_b = a.get("enum", []), b.get("enum", [])
        for value in [v for v in values_b if v not in values_a]:
            yield from (Change(where, f"enum value {value!r} added", g) for g in _widened(side))
        for value in [v for v in values_a if v not in values_b]:
            yield from (Change(where, f"enum value {value!r} removed", g) for g in _narrowed(side))
    yield from _bound(where, "maxItems", a.get("maxItems"), b.get("maxItems"), side, absent=math.inf)
    yield from _bound(where, "minItems", a.get("minItems"), b.get("minItems"), side, absent=0)
    required_a, required_b = set(a.get("required", [])), set(b.get("required", []))
    for name in sorted(required_b - required_a):
        yield from (Change(f"{where}.{name}", "became required", g) for g in _narrowed(side))
    for name in sorted(required_a - required_b):
        yield from (Change(f"{where}.{name}", "became optional", g) for g in _widened(side))
    props_a, props_b = a.get("properties", {}), b.get("properties", {})
    for name in props_a.keys() - props_b.keys():
        yield Change(f"{where}.{name}", "property removed", Group.CLIENTS)
    for name in props_b.keys() - props_a.keys():
        yield Change(f"{where}.{name}", "property added", Group.COMPATIBLE)
    for name in props_a.keys() & props_b.keys():
        yield from _schema(f"{where}.{name}", props_a[name], props_b[name], side)
    if isinstance(a.get("items"), dict) and isinstance(b.get("items"), dict):
        yield from _schema(f"{where}[]", a["items"], b["items"], side)


def _bound(where: str, name: str, a: int | None, b: int | None, side: Side, absent: float) -> Iterator[Change]:
    """A bound on array length; `absent` is what no bound means (infinity for max, 0 for min)."""
    if a == b:
        return
    before, after = (absent if bound is None else bound for bound in (a, b))
    text = f"{name} {'none' if a is None else a} → {'none' if b is None else b}"
    # A larger maximum or a smaller minimum lets more through.
    wider = after > before if absent == math.inf else after < before
    yield from (Change(where, text, group) for group in (_widened(side) if wider else _narrowed(side)))


def edited(old: Spec, new: Spec) -> bool:
    """Whether the documents differ in anything but `info.version` (a description, an example, `x-provenance` too)."""

    def without_version(spec: Spec) -> dict[str, Any]:
        info = {key: value for key, value in spec.document.get("info", {}).items() if key != "version"}
        return {**spec.document, "info": info}

    return without_version(old) != without_version(new)
