"""The mock serves whatever the spec declares: a property added to the spec is served with no change to the mock."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import httpx

from emabler_spec import SPEC, SPEC_FILENAME, Spec
from mock_server import create_app
from mock_server.data import Dataset, build_dataset, user_group
from mock_server.launch import launched, serve_command, uvicorn_in_thread
from tests.checkout import ROOT

TAG, LOCATION, GROUP = (f"#/components/schemas/{name}" for name in ("Tag", "LocationInfo", "UserGroup"))
# One property of each JSON type (and of the shapes a schema gives them), none nullable, all required.
ADDED: dict[str, Any] = {
    "aString": {"type": "string", "minLength": 12},
    "aTime": {"type": "string", "format": "date-time"},
    "aUuid": {"type": "string", "format": "uuid"},
    "anInteger": {"type": "integer", "format": "int32", "minimum": 5},
    "aNumber": {"type": "number", "maximum": -1},
    "aBoolean": {"type": "boolean"},
    "anEnum": {"type": "string", "enum": ["first", "second"]},
    "aList": {"type": "array", "items": {"type": "string"}, "minItems": 2},
    "someTags": {"type": "array", "items": {"$ref": TAG}},
    "anObject": {"type": "object", "required": ["x"], "properties": {"x": {"type": "integer"}}},
    "aFreeForm": {"type": "object", "additionalProperties": {"type": "integer"}},
    "aPlace": {"anyOf": [{"$ref": LOCATION}, {"type": "null"}]},
    "aParent": {"$ref": GROUP},  # recursive: User -> UserGroup -> User ...
}


def _add_to_user(spec: Spec) -> None:
    spec.schemas["User"]["properties"].update(ADDED)
    spec.schemas["User"]["required"] = list(ADDED)


def _own_sites(base_url: str) -> list[Any]:
    """Operation 1's body for every root site of both customers (each holds every site below it)."""
    with httpx.Client(base_url=base_url) as http:
        return [
            http.get(
                SPEC.home_site.url_path(siteId=root.id),
                headers={SPEC.key_header: data.tenant.api_key},
                params={SPEC.client_id_parameter: data.tenant.client_id},
            ).json()
            for data in build_dataset().tenants
            for root in data.roots
        ]


def test_a_nullable_property_added_to_a_copy_of_the_project_is_served_null_and_not_null(tmp_path: Path) -> None:
    for room in ("emabler_spec", "mock_server"):
        shutil.copytree(ROOT / room, tmp_path / room, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / SPEC_FILENAME, tmp_path / SPEC_FILENAME)
    assert (tmp_path / "emabler_spec" / SPEC_FILENAME).is_symlink()  # the copy's package reads the copy's spec
    # As an integrator would: one line more in the User schema of the copy's spec, nothing else.
    path = tmp_path / SPEC_FILENAME
    text = path.read_text(encoding="utf-8")
    at = text.index("      properties:\n", text.index("\n    User:\n")) + len("      properties:\n")
    path.write_text(text[:at] + '        email: {type: [string, "null"]}\n' + text[at:], encoding="utf-8")
    copy = Spec.from_path(path)

    with launched(serve_command(), {}, cwd=tmp_path) as mock:  # the copy's packages
        bodies = _own_sites(mock.base_url)

    body_schema = copy.response_schema(copy.home_site.operation_id)
    emails = [
        v for body in bodies for s, p, v in copy.property_values(body, body_schema) if (s, p) == ("User", "email")
    ]
    assert None in emails
    assert any(isinstance(email, str) for email in emails)
    validator = copy.component_validator("UserGroup")
    assert [error.message for body in bodies for error in validator.iter_errors(body)] == []


def test_a_property_of_each_json_type_added_to_the_spec_is_served_valid_in_every_object() -> None:
    spec = SPEC.patched(_add_to_user)
    with uvicorn_in_thread(create_app(spec=spec)) as url:
        bodies = _own_sites(url)
    validator = spec.component_validator("UserGroup")
    assert [error.message for body in bodies for error in validator.iter_errors(body)] == []
    found = [(owner, name, value) for body in bodies for owner, name, value in spec.property_values(body, "UserGroup")]
    users = [user for owner, name, value in found if (owner, name) == ("UserGroup", "users") for user in value]
    assert len(users) > 100
    assert all(set(ADDED) <= set(user) for user in users)
    assert {name for owner, name, _ in found if owner == "User"} >= set(ADDED)


def test_values_derived_from_the_spec_are_the_same_for_a_seed_and_leave_the_written_ones_alone() -> None:
    spec = SPEC.patched(_add_to_user)
    assert _bodies(build_dataset(7, spec=spec)) == _bodies(build_dataset(7, spec=spec))
    assert _bodies(build_dataset(7, spec=spec)) != _bodies(build_dataset(8, spec=spec))
    assert _bodies(build_dataset(7, spec=spec), leaving_out=frozenset(ADDED)) == _bodies(build_dataset(7))


def _bodies(dataset: Dataset, leaving_out: frozenset[str] = frozenset()) -> str:
    """Operation 1's body of every root, as JSON, leaving out the properties named."""

    def without(value: Any) -> Any:
        if isinstance(value, list):
            return [without(item) for item in value]
        if isinstance(value, dict):
            return {key: without(item) for key, item in value.items() if key not in leaving_out}
        return value

    return json.dumps(without([user_group(root, data) for data in dataset.tenants for root in data.roots]))
