"""The README stays true to the code it documents."""

from __future__ import annotations

import pytest

from contract_tests.requirements import CATALOG
from mock_server import CATALOG as BEHAVIOURS
from mock_server import DEMO_TENANTS
from mock_server.data import TenantData
from tests.checkout import ROOT
from tests.examples import client_examples

README = (ROOT / "README.md").read_text()


def test_the_readme_lists_every_behaviour_with_its_kind_and_summary() -> None:
    for behaviour in BEHAVIOURS:
        assert f"| `{behaviour.name}` | {behaviour.kind.value} | {behaviour.summary} |" in README


def test_the_readme_lists_the_demo_keys_and_client_ids() -> None:
    for tenant in DEMO_TENANTS:
        assert f"| {tenant.name} | `{tenant.api_key}` | `{tenant.client_id}` |" in README


def test_the_docs_list_every_requirement_with_its_level() -> None:
    conformance = (ROOT / "docs" / "conformance.md").read_text()
    for requirement in CATALOG.values():
        assert f"| `{requirement.id}` | {requirement.level.value} | {requirement.statement} |" in conformance


def test_the_readme_explains_the_levels_strict_mode_the_exit_codes_and_ci() -> None:
    for words in ("**contract**", "**semantics**", "**assumed**", "--strict", "EMABLER_STRICT=1", "**130**"):
        assert words in README, words
    for verdict in ("CONFORMS WITH WARNINGS (1 warning:", "DOES NOT CONFORM (1 failed:", "```text\nCONFORMS\n"):
        assert verdict in README, verdict
    assert ".venv/bin/emabler-contract run --strict" in README


EXAMPLES = client_examples()


def test_the_readmes_have_the_client_examples() -> None:
    assert len([name for name in EXAMPLES if name.startswith("README.md")]) >= 4
    assert [name for name in EXAMPLES if name.startswith("generated/")]
    assert [name for name in EXAMPLES if name.startswith("sdk/")]


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_readme_client_example_runs_against_the_mock(
    name: str, mock_url: str, tenant: TenantData, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EMABLER_API_KEY", tenant.tenant.api_key)
    monkeypatch.setenv("EMABLER_CLIENT_ID", tenant.tenant.client_id)
    monkeypatch.setenv("EMABLER_BASE_URL", mock_url)
    code = EXAMPLES[name]
    exec(compile(code, name, "exec"), {"__name__": "__readme__"})  # noqa: S102
    printed = capsys.readouterr().out
    assert printed.strip()
    if "# False Private" in code:
        assert printed.startswith("False Private {'openingHours': '24/7'}")
