"""The SDK ships without openapi.yaml: the facts it carries are the spec's, and its metadata follows the spec."""

from __future__ import annotations

import secrets
import tomllib

import httpx

import emabler_extras
from emabler_client import AuthenticatedClient
from emabler_extras import _spec_facts
from emabler_spec import SPEC
from tests.checkout import ROOT
from tests.pythons import supported_versions


def test_the_helpers_facts_equal_the_specs() -> None:
    assert (
        _spec_facts.VERSION,
        _spec_facts.KEY_HEADER,
        _spec_facts.CLIENT_ID_PARAMETER,
        _spec_facts.MAX_IDS_PER_CALL,
        _spec_facts.DEFAULT_BASE_URL,
    ) == (SPEC.version, SPEC.key_header, SPEC.client_id_parameter, SPEC.max_ids, SPEC.server_url)
    assert emabler_extras.MAX_IDS_PER_CALL == SPEC.max_ids


def test_the_generated_client_sends_its_token_in_the_specs_key_header_without_a_prefix() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    key = secrets.token_hex(8)
    transport = httpx.MockTransport(answer)
    client = AuthenticatedClient(base_url="http://api.test", token=key, httpx_args={"transport": transport})
    client.get_httpx_client().get("/anything")
    assert seen[0].headers[SPEC.key_header] == key
    assert "authorization" not in seen[0].headers


def test_the_generated_readme_names_the_specs_key_header_and_client_id() -> None:
    readme = (ROOT / "generated" / "README.md").read_text()
    assert f"`{SPEC.key_header}` header" in readme
    assert f"`{SPEC.client_id_parameter}` query parameter" in readme
    assert "Bearer" not in readme.replace("no `Bearer`", "")


def _project(folder: str) -> dict[str, object]:
    project: dict[str, object] = tomllib.loads((ROOT / folder / "pyproject.toml").read_text())["project"]
    return project


def test_both_distributions_carry_the_specs_license_and_the_same_pythons() -> None:
    license_id = SPEC.document["info"]["license"]["identifier"]
    assert _project("generated")["license"] == _project("sdk")["license"] == license_id
    assert _project("generated")["classifiers"] == [
        c
        for c in _project("sdk")["classifiers"]  # type: ignore[attr-defined]
    ]
    assert supported_versions()[0] == "3.11"
    assert (ROOT / "sdk" / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()


def test_the_generated_package_version_follows_the_spec() -> None:
    assert _project("generated")["version"] == SPEC.version
