"""The contract run's pace: cases per second of `emabler-contract run` against the embedded mock, next to
Schemathesis alone against a no-op ASGI app with the same spec and configuration (the tool's own limit)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.engine import events

from contract_tests import schemathesis_run
from contract_tests.settings import Settings
from contract_tests.target import resolve
from emabler_spec import SPEC


def contract_run(workdir: Path) -> tuple[int, float]:
    """(responses checked, seconds) of the whole `emabler-contract run` command against the embedded mock."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMABLER_")} | {"EMABLER_REPORTS_DIR": str(workdir)}
    command = [str(Path(sys.executable).parent / "emabler-contract"), "run"]
    start = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)  # noqa: S603 - the checkout's command
    seconds = time.perf_counter() - start
    summary = json.loads((workdir / "summary.json").read_text())
    # Every answer, generated or hand-made, is checked for a 5xx: their count is the count of cases.
    checked = sum(r["passed"] + r["failed"] for r in summary["requirements"] if r["id"] == "C-NO-SERVER-ERROR")
    return checked, seconds


async def _no_op(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Does nothing: an empty 200 to anything."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def schemathesis_alone() -> tuple[int, float]:
    """(cases, seconds) of Schemathesis' engine on the same spec, budget and phases against the no-op app.

    Only `not_a_server_error`, which the no-op app always passes: a failing check ends an
    operation's run early, and the point is the pace of generating and sending the budget.
    """
    settings = Settings()  # every setting unset: the embedded mock
    target = replace(resolve(settings), app=_no_op)
    config = schemathesis_run.config(settings, target)
    config.projects.default.checks.update(included_check_names=["not_a_server_error"])
    loaded = schemathesis.openapi.from_dict(SPEC.contract_level.document, config=config)
    loaded.app = _no_op
    cases = 0
    start = time.perf_counter()
    for event in schemathesis.engine.from_schema(loaded).execute():
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            cases += len(event.recorder.cases)
    return cases, time.perf_counter() - start
