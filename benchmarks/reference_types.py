"""msgspec Structs derived from openapi.yaml: the typed lower bound a decoder can reach.

Derived from the spec (never written by hand), so the reference decodes exactly the
shapes the generated client does.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from typing import Any

import msgspec

from emabler_spec import SPEC, ref_name, schema_types

MODULE = "emabler_reference_structs"


def _annotation(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return ref_name(str(schema["$ref"]))
    kinds, nullable = schema_types(schema)
    main = kinds[0]
    if main == "array":
        text = f"list[{_annotation(schema['items'])}]"
    elif main == "object":
        text = "dict[str, Any]"
    elif main == "string":
        text = "dt.datetime" if schema.get("format") == "date-time" else "str"
    else:
        text = {"integer": "int", "number": "float", "boolean": "bool"}[main]
    return f"{text} | None" if nullable else text


def build() -> types.ModuleType:
    """A module holding one Struct per object schema of the spec (recursion included)."""
    module = types.ModuleType(MODULE)
    module.__dict__.update({"Any": Any, "dt": dt, "msgspec": msgspec})
    sys.modules[MODULE] = module
    for name, schema in SPEC.schemas.items():
        if schema.get("type") != "object":
            # Enums and ids are plain ints here: the reference decodes, it does not police values.
            setattr(module, name, int)
            continue
        fields = [
            (prop, _annotation(prop_schema) + " | msgspec.UnsetType", msgspec.UNSET)
            for prop, prop_schema in schema["properties"].items()
        ]
        setattr(module, name, msgspec.defstruct(name, fields, kw_only=True, module=MODULE))
    return module
