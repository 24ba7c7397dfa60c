"""The README stays true to the code it documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mock_server import CATALOG, DEMO_TENANTS
from mock_server.data import TenantData

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_the_readme_lists_every_fault_with_its_summary() -> None:
    for fault in CATALOG:
        assert f"| `{fault.name}` | {fault.summary} |" in README


def test_the_readme_lists_the_demo_keys_and_client_ids() -> None:
    for tenant in DEMO_TENANTS:
        assert f"| {tenant.name} | `{tenant.api_key}` | `{tenant.client_id}` |" in README


def test_the_readme_explains_every_domain_check() -> None:
    sources = (Path(__file__).resolve().parent.parent / "contract_tests").glob("test_*.py")
    checks = {name for path in sources for name in re.findall(r'contract_check\(\s*"(\w+)"', path.read_text())}
    assert checks >= {"array_limits", "auth", "tenant_isolation", "nullable_fields"}
    for check in checks:
        assert f"| `{check}` |" in README, check


def _python_examples() -> list[str]:
    section = README.split("## Using the client", 1)[1].split("\n## ", 1)[0]
    return section.split("```python\n")[1:]


def test_the_readme_has_the_client_examples() -> None:
    assert len(_python_examples()) >= 4


@pytest.mark.parametrize("index", range(4))
def test_a_readme_client_example_runs_against_the_mock(
    index: int, mock_url: str, tenant: TenantData, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EMABLER_API_KEY", tenant.tenant.api_key)
    monkeypatch.setenv("EMABLER_CLIENT_ID", tenant.tenant.client_id)
    monkeypatch.setenv("EMABLER_BASE_URL", mock_url)
    code = _python_examples()[index].split("```", 1)[0]
    exec(compile(code, f"README example {index + 1}", "exec"), {"__name__": "__readme__"})  # noqa: S102
    printed = capsys.readouterr().out
    assert printed.strip()
    if "# False Private" in code:
        assert printed.startswith("False Private {'openingHours': '24/7'}")
