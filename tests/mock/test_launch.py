"""Starting a served mock: a command that never serves ends in one clear error, never a hang."""

from __future__ import annotations

import sys

import pytest

from mock_server.launch import launched


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
