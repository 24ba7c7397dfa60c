"""Reading openapi.yaml: the file, a parsed document, `$ref` names and the `referencing` registry."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
SPEC_URI = "urn:emabler:openapi"


def parse(text: str) -> dict[str, Any]:
    """A spec document from YAML text (any version of openapi.yaml, for example an older one from git)."""
    # libyaml's loader when PyYAML has it: every process of the toolkit reads the spec at start.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document: dict[str, Any] = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    return document


@functools.cache
def load_spec() -> dict[str, Any]:
    """Return openapi.yaml parsed (cached: the file is read once per process). Do not mutate it."""
    return parse(SPEC_PATH.read_text(encoding="utf-8"))


def ref_name(ref: str) -> str:
    """The component name a local `$ref` points at: `#/components/schemas/UserGroup` -> `UserGroup`."""
    return ref.rsplit("/", 1)[-1]


def registry(document: dict[str, Any] | None = None, uri: str = SPEC_URI) -> Registry[Any]:
    """A `referencing` registry holding `document` (default: openapi.yaml) at `uri`, for `$ref` lookups."""
    if document is None:
        return _spec_registry()
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    spec_registry: Registry[Any] = Registry().with_resource(uri, resource)
    return spec_registry


@functools.cache
def _spec_registry() -> Registry[Any]:
    return registry(load_spec())
