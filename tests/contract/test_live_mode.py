"""`make contract` against a live server, exactly as a user runs it: `make mock` in another
process, reached only through EMABLER_BASE_URL and the keys. The keys are random, and
none of them may appear in the output or in any report file."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from mock_server.data import build_dataset
from mock_server.launch import RunningMock
from tests.serving import run_make, served_mock


def _live_env(mock: RunningMock, keys: tuple[str, str], reports: Path) -> dict[str, str]:
    own, other = build_dataset().tenants[:2]
    return {
        "EMABLER_BASE_URL": mock.base_url,
        "EMABLER_API_KEY": keys[0],
        "EMABLER_CLIENT_ID": own.tenant.client_id,
        "EMABLER_SITE_IDS": ",".join(map(str, own.sites_with_drivers)),
        "EMABLER_OTHER_API_KEY": keys[1],
        "EMABLER_OTHER_CLIENT_ID": other.tenant.client_id,
        "EMABLER_REPORTS_DIR": str(reports),
        "EMABLER_MAX_EXAMPLES": "15",
    }


def _assert_no_key_anywhere(keys: tuple[str, str], output: str, reports: Path) -> None:
    files = [path for path in reports.rglob("*") if path.is_file()]
    assert {path.name for path in files} >= {"summary.md", "summary.json", "junit.xml"}
    for key in keys:
        assert key not in output
        for path in files:
            assert key not in path.read_text(errors="replace"), f"a key leaked into {path}"


@pytest.fixture
def keys() -> tuple[str, str]:
    return (f"live-{secrets.token_hex(16)}", f"other-{secrets.token_hex(16)}")


def test_make_contract_passes_against_make_mock_over_http_and_leaks_no_key(
    tmp_path: Path, keys: tuple[str, str]
) -> None:
    with served_mock(api_keys=keys) as mock:
        result = run_make("contract", _live_env(mock, keys, tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["conforms"] is True
    assert summary["target"] == mock.base_url
    assert "# Contract run: CONFORMS" in output
    assert f"Reports: {tmp_path / 'summary.md'}" in output
    _assert_no_key_anywhere(keys, output, tmp_path)


def test_make_contract_fails_with_a_clear_report_against_a_faulty_mock_and_leaks_no_key(
    tmp_path: Path, keys: tuple[str, str]
) -> None:
    with served_mock(fault="wrong-content-type", api_keys=keys) as mock:
        result = run_make("contract", _live_env(mock, keys, tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    failed = {r["check"] for r in json.loads((tmp_path / "summary.json").read_text())["results"] if r["failed"]}
    assert "content_type_conformance" in failed
    report = (tmp_path / "summary.md").read_text()
    assert "DOES NOT CONFORM" in report
    assert "x-functions-key: [Filtered]" in report  # the failing request is shown, its key masked
    _assert_no_key_anywhere(keys, output, tmp_path)
