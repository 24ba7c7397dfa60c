"""openapi.yaml is a valid OpenAPI 3.1 document and its examples obey their own schemas."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import validate

from emabler_spec import SPEC, pointer


def test_openapi_yaml_passes_openapi_spec_validator() -> None:
    validate(SPEC.document)


def _media() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(where, schema pointer, media object) for every body of the spec: requests and responses."""
    spec = SPEC.document

    def each(at: tuple[str, ...], content: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for media_type, media in content.items():
            yield f"{'/'.join(at)}/{media_type}", pointer(*at, media_type, "schema"), media

    for path, item in spec["paths"].items():
        for method, operation in item.items():
            base = ("paths", path, method)
            if "requestBody" in operation:
                yield from each((*base, "requestBody", "content"), operation["requestBody"]["content"])
            for status, response in operation["responses"].items():
                if "content" in response:
                    yield from each((*base, "responses", status, "content"), response["content"])
    for name, response in spec["components"]["responses"].items():
        yield from each(("components", "responses", name, "content"), response["content"])


EXAMPLES = [
    (f"{where}/{name}", schema_at, example["value"])
    for where, schema_at, media in _media()
    for name, example in media.get("examples", {}).items()
]


def test_the_spec_has_an_example_for_every_documented_body() -> None:
    without = [where for where, _, media in _media() if not media.get("examples")]
    assert len(list(_media())) >= 6  # the walk reached the bodies
    assert without == []


@pytest.mark.parametrize(("where", "schema_at", "value"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_every_example_validates_against_its_schema(where: str, schema_at: str, value: Any) -> None:
    errors = [error.message for error in SPEC.validator(schema_at).iter_errors(value)]
    assert errors == [], where


def test_the_docs_broken_example_for_operation_1_is_rejected_by_the_schema() -> None:
    # The vendor's page shows this for the 200 of operation 1; the spec must not accept it.
    broken: dict[str, Any] = {
        "id": 1,
        "name": "UserGroupTest1",
        "subgroups": "here list of subsites",
        "users": "x",
    }
    assert not SPEC.validator("/components/schemas/UserGroup").is_valid(broken)
