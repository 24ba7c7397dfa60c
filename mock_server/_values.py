"""Values derived from the spec's schemas for every property the mock's hand-written data leaves unset.

A value depends on the seed, the schema, the property and how many were derived for it before,
never on the dataset's own random draws (drawing would shift every hand-written value after it).
A nullable property is null on every third object, so both forms are served.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from emabler_spec import Spec, ref_name, schema_types

OMIT: Any = object()
"""A property's value meaning "leave it out of this object": an absence the data chooses."""
MAX_DEPTH = 3  # how deep a derived value nests: recursive schemas end in empty arrays
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


class Filler:
    """Completes bodies of one spec, deterministically for one seed."""

    def __init__(self, spec: Spec, seed: int) -> None:
        self.spec = spec
        self.seed = seed
        self.counts: Counter[str] = Counter()
        self.done: set[int] = set()  # objects shared by several bodies are completed once

    def complete(self, value: Any, schema: dict[str, Any], name: str = "") -> Any:
        """`value`, read as `schema`, with every object given its unset properties and its OMIT ones removed."""
        node = self.spec.resolve(schema)
        name = ref_name(schema["$ref"]) if "$ref" in schema else name
        if isinstance(value, list):
            for item in value:
                self.complete(item, node.get("items", {}), name)
        elif isinstance(value, dict) and id(value) not in self.done:
            self.done.add(id(value))
            for prop, prop_schema in node.get("properties", {}).items():
                if prop not in value:
                    value[prop] = self.derive(prop_schema, f"{name}.{prop}")
                elif value[prop] is OMIT:
                    del value[prop]
                elif isinstance(value[prop], list | dict):
                    self.complete(value[prop], prop_schema, f"{name}.{prop}")
        return value

    def derive(self, schema: dict[str, Any], where: str, depth: int = 0) -> Any:
        """A value valid for `schema` (type, format, enum, bounds, nullable), for the property `where`."""
        node = self.spec.resolve(schema)  # `where` stays the path: a value derived inside another counts apart
        self.counts[where] += 1
        count = self.counts[where]
        number = int.from_bytes(hashlib.blake2b(f"{self.seed}:{where}:{count}".encode(), digest_size=16).digest())
        types, nullable = schema_types(node)
        if nullable and count % 3 == 0:
            return None
        options = [
            option for option in [*node.get("anyOf", ()), *node.get("oneOf", ())] if option.get("type") != "null"
        ]
        if options:
            return self.derive(options[0], where, depth)
        if "enum" in node or "const" in node:
            choices = [choice for choice in node.get("enum", [node.get("const")]) if choice is not None]
            return choices[number % len(choices)]
        kind = types[0] if types else "object" if "properties" in node else "string"
        properties, extra = node.get("properties", {}), node.get("additionalProperties", {})
        if kind == "object" and not properties and extra is not False:  # free-form: one entry of its entries' type
            return {"note": self.derive(extra if isinstance(extra, dict) else {}, where + ".note", depth + 1)}
        if kind == "object":  # deep down only the required properties: a recursive schema ends there
            required = set(node.get("required", ())) if depth >= MAX_DEPTH else set(properties)
            return {p: self.derive(s, f"{where}.{p}", depth + 1) for p, s in properties.items() if p in required}
        if kind == "array":
            times = node.get("minItems", 0) if depth >= MAX_DEPTH else max(1, node.get("minItems", 0))
            return [self.derive(node.get("items", {}), f"{where}[]", depth + 1) for _ in range(times)]
        if kind == "boolean":
            return number % 2 == 0
        if kind in ("integer", "number"):  # within a million above the minimum, or below the maximum
            high = node.get("maximum", node.get("exclusiveMaximum", math.inf) - 1)
            low = node.get("minimum", node.get("exclusiveMinimum", min(-1, high - 1_000_001)) + 1)
            high = min(high, low + 1_000_000)
            return low + number % (high - low + 1) if kind == "integer" else low + (number % 1000) / 1000 * (high - low)
        moment = EPOCH + timedelta(seconds=number % (700 * 86_400))
        formats = {
            "date-time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "date": moment.strftime("%Y-%m-%d"),
            "email": f"driver{number % 100_000}@example.com",
            "uri": f"https://emabler.example/{number % 100_000}",
            "uuid": str(uuid.UUID(int=number)),
        }
        text = formats.get(node.get("format", ""), f"{where.rsplit('.', 1)[-1].rstrip('[]')} {number % 100_000}")
        return text.ljust(node.get("minLength", 0), "x")[: node.get("maxLength")]
