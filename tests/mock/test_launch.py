"""Starting a served mock (or another server): a command that never serves ends in one clear error, never a hang."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import httpx
import pytest

from emabler_spec import SPEC
from mock_server import DEMO_TENANTS
from mock_server.launch import launched, serve_command


def test_a_command_that_exits_without_a_banner_says_its_exit_code_and_output() -> None:
    with (
        pytest.raises(RuntimeError, match=r"did not start \(exit 3\): no such behaviour"),
        launched([sys.executable, "-c", "print('no such behaviour'); raise SystemExit(3)"], {}, timeout=10),
    ):
        pass


def test_a_command_that_prints_nothing_and_runs_on_is_stopped_after_the_timeout() -> None:
    with (
        pytest.raises(RuntimeError, match=r"did not start \(no banner within 1 s, stopped\)"),
        launched([sys.executable, "-c", "import time; time.sleep(60)"], {}, timeout=1),
    ):
        pass


def test_another_server_is_launched_by_the_banner_it_prints_in_its_own_folder(tmp_path: Path) -> None:
    (tmp_path / "here.txt").write_text("served from the folder given")
    command = [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1"]
    banner = re.compile(r"\((http://[^)]+?)/?\)")  # "Serving HTTP on 127.0.0.1 port N (http://127.0.0.1:N/) ..."
    with launched(command, {}, timeout=10, banner=banner, name="http.server", cwd=tmp_path) as server:
        assert httpx.get(f"{server.base_url}/here.txt").text == "served from the folder given"


def test_another_server_that_never_starts_is_named_in_the_error() -> None:
    with (
        pytest.raises(RuntimeError, match=r"^the bare app did not start \(exit 3\)"),
        launched([sys.executable, "-c", "raise SystemExit(3)"], {}, timeout=10, name="the bare app"),
    ):
        pass


@pytest.mark.parametrize(
    ("variable", "behaviour"),
    [("EMABLER_MOCK_VARIANT", "missing-site-401"), ("EMABLER_MOCK_FAULT", "wrong-status-for-missing-site")],
)
def test_a_behaviour_set_in_the_callers_environment_does_not_reach_the_mock_it_launches(
    variable: str, behaviour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, behaviour)  # as a shell that served this behaviour before would have it
    tenant = DEMO_TENANTS[0]
    with launched(serve_command(), {}) as mock:
        missing = httpx.get(
            mock.base_url + SPEC.home_site.url_path(siteId=424242),
            headers={SPEC.key_header: tenant.api_key},
            params={SPEC.client_id_parameter: tenant.client_id},
        )
    assert "(variant: none," in mock.banner
    assert missing.status_code == 400  # the clean mock's status; the behaviour answers 401 or 404
