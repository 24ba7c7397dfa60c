"""The CI recipes of docs/ci.md, proved as far as this machine allows: actionlint passes on the GitHub workflow and
on the composite action's steps (and finds a mistake there); the plain shell recipe and the GitLab jobs' scripts run
end to end here against a served mock, from an empty folder, keeping the reports there; `make browser`, which
`make test` runs first, fails with one line when it cannot install the browser."""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import signal
import subprocess
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.reporting import FILES
from mock_server import build_dataset, get_behaviour
from tests.actionlint import ACTION, WORKFLOWS, problems
from tests.checkout import ROOT, contract_env, make_dist, run_make, served_mock

OWN = build_dataset().tenants[0]
SITES = ",".join(map(str, OWN.sites_with_drivers[:4]))
RECIPE = ROOT / "ci" / "conformance.sh"
GITLAB = ROOT / "ci" / "gitlab-ci.yml"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = make_dist(tmp_path_factory.mktemp("dist"))
    (found,) = (path for path in built if path.name.startswith("emabler_conformance-") and path.suffix == ".whl")
    return found


@pytest.fixture(scope="module")
def recipe_env(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What a CI job has: no setting of this checkout; the toolkit to install, and a venv the runs share."""
    venv = tmp_path_factory.mktemp("recipe") / "venv"
    env = {k: v for k, v in contract_env().items() if not k.startswith(("VIRTUAL_ENV", "UV_", "PYTHONPATH"))}
    return {**env, "CONFORMANCE_TOOLKIT": str(wheel), "CONFORMANCE_VENV": str(venv)}


def _bash(script: list[str], folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a command in `folder` in a session of its own, then end whatever it left running (a served mock)."""
    process = subprocess.Popen(  # noqa: S603 - the recipe under test
        script, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=600)
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    return subprocess.CompletedProcess(script, process.returncode, stdout, stderr)


def _reports(folder: Path) -> set[str]:
    return {path.name for path in (folder / "reports").iterdir()}


def test_actionlint_passes_on_the_workflow_and_the_composite_action() -> None:
    assert problems() == []


def test_actionlint_finds_a_mistake_in_the_steps_of_the_composite_action(tmp_path: Path) -> None:
    shutil.copytree(ROOT / WORKFLOWS, tmp_path / WORKFLOWS)
    action = (ROOT / ACTION).read_text()
    assert "${{ inputs.site-ids }}" in action
    (tmp_path / ACTION).write_text(action.replace("${{ inputs.site-ids }}", "${{ inputs.site-idz }}"))
    assert [line for line in problems(tmp_path) if 'property "site-idz" is not defined' in line]


def test_the_shell_recipe_checks_a_served_mock_end_to_end(tmp_path: Path, recipe_env: dict[str, str]) -> None:
    fault = get_behaviour("wrong-content-type")
    for behaviour, code, verdict in ((None, 0, "CONFORMS"), (fault.name, 1, "DOES NOT CONFORM (")):
        folder = tmp_path / (behaviour or "clean")
        folder.mkdir()
        with served_mock(fault=behaviour) as mock:
            options = ["--base-url", mock.base_url, "--client-id", OWN.tenant.client_id, "--site-ids", SITES]
            ran = _bash([str(RECIPE), *options], folder, {**recipe_env, "EMABLER_API_KEY": OWN.tenant.api_key})
        assert ran.returncode == code, ran.stdout[-3000:] + ran.stderr
        first = ran.stdout.splitlines()[0]  # CONFORMS (2 not tested: ...): no second customer's key here
        assert first.startswith(verdict), first
        assert set(FILES) <= _reports(folder)
    assert all(requirement in first for requirement in fault.expected), first


def _flat(lines: list[Any]) -> list[str]:
    """A script's lines as GitLab's runner reads them: nested lists (YAML anchors) flattened."""
    return [line for item in lines for line in (_flat(item) if isinstance(item, list) else [item])]


def _gitlab_script(job: str, key: str) -> list[str]:
    """The job's `key` (script, before_script), `extends` followed."""
    config: dict[str, Any] = yaml.safe_load(GITLAB.read_text())
    while key not in config[job]:
        job = config[job]["extends"]
    return _flat(config[job][key])


@pytest.mark.parametrize("mock_key", ["", "random"], ids=["the mock's demo key", "a masked variable's key"])
def test_the_gitlab_jobs_serve_the_mock_and_check_it_end_to_end(
    tmp_path: Path, recipe_env: dict[str, str], mock_key: str
) -> None:
    # A job of a vendor's pipeline: `extends: .emabler-mock` (the mock in the background), whose script is the
    # conformance job's; the variables are what the vendor sets (the toolkit, the site ids, the mock's key).
    key = f"{base64.b64encode(secrets.token_bytes(30)).decode()}/+=" if mock_key else ""
    lines = [*_gitlab_script(".emabler-mock", "before_script"), *_gitlab_script("emabler-conformance", "script")]
    script = ["bash", "-eo", "pipefail", "-c", "\n".join(lines)]
    result = _bash(script, tmp_path, {**recipe_env, "EMABLER_SITE_IDS": SITES, "EMABLER_MOCK_API_KEYS": key})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert result.stdout.startswith("CONFORMS")
    assert "Target: http://127.0.0.1:" in result.stdout
    assert set(FILES) <= _reports(tmp_path)
    if key:
        written = [path for path in tmp_path.rglob("*") if path.is_file() and key in path.read_text(errors="replace")]
        assert (key in result.stdout + result.stderr, written) == (False, [])


def test_make_browser_fails_with_one_line_when_it_cannot_install_the_browser(tmp_path: Path) -> None:
    result = run_make("browser", {}, f"CHROMIUM={tmp_path / 'chromium'}", "SUDO=false")
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        f"make browser: could not install Debian's chromium as {tmp_path / 'chromium'}; "
        "the report's browser test needs it."
    )
    present = run_make("browser", {}, "CHROMIUM=/bin/sh", "SUDO=false")
    assert (present.returncode, present.stdout, present.stderr) == (0, "", "")
