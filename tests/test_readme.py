"""The README stays true to the code it documents."""

from __future__ import annotations

from pathlib import Path

from mock_server import CATALOG, DEMO_TENANTS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_the_readme_lists_every_fault_with_its_summary() -> None:
    for fault in CATALOG:
        assert f"| `{fault.name}` | {fault.summary} |" in README


def test_the_readme_lists_the_demo_keys_and_client_ids() -> None:
    for tenant in DEMO_TENANTS:
        assert f"| {tenant.name} | `{tenant.api_key}` | `{tenant.client_id}` |" in README


def test_the_readme_explains_every_domain_check() -> None:
    import re

    sources = (Path(__file__).resolve().parent.parent / "contract_tests").glob("test_*.py")
    checks = {name for path in sources for name in re.findall(r'contract_check\(\s*"(\w+)"', path.read_text())}
    assert checks >= {"array_limits", "auth", "tenant_isolation", "nullable_fields"}
    for check in checks:
        assert f"| `{check}` |" in README, check
