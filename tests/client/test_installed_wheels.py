"""The SDK as an integrator gets it: `make dist`'s wheels, installed alone into a clean virtual
environment outside the repository, for every supported Python found here, run the client
examples of the READMEs against the mock served over HTTP. Nothing there may read openapi.yaml."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_server.data import build_dataset
from mock_server.launch import RunningMock
from tests.checkout import clean_venv, make_dist, served_mock
from tests.examples import client_examples
from tests.pythons import Python, find, supported_versions

EXAMPLES = client_examples()
SDK = ("emabler_client", "emabler_extras")  # what make dist builds beside the toolkit (tests/test_installed_toolkit.py)

# Runs an example with an audit hook that fails the run if anything opens openapi.yaml.
RUNNER = """
import sys

def no_spec(event, args):
    if event == "open" and str(args[0]).endswith("openapi.yaml"):
        raise RuntimeError("the SDK opened openapi.yaml at run time")

sys.addaudithook(no_spec)
path = sys.argv[1]
exec(compile(open(path).read(), path, "exec"), {"__name__": "__main__"})
"""


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """`make dist` into a temporary folder: the SDK's wheels, emabler-client and emabler-extras."""
    built = make_dist(tmp_path_factory.mktemp("dist"))
    found = [path for path in built if path.suffix == ".whl" and path.name.split("-")[0] in SDK]
    assert [path.name.split("-")[0] for path in found] == list(SDK)
    return found


@pytest.fixture(scope="module")
def mock() -> Iterator[RunningMock]:
    with served_mock() as running:
        yield running


@pytest.fixture(scope="module", params=supported_versions())
def python(request: pytest.FixtureRequest) -> Python:
    return find(request.param) or pytest.skip(f"no Python {request.param} on this machine (PATH, pyenv, /usr/bin, ...)")


@pytest.fixture(scope="module")
def venv(python: Python, wheels: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment of `python` holding only the two wheels and their dependencies."""
    folder = tmp_path_factory.mktemp(f"venv-{python.version}")
    clean_venv(folder, python.executable, *wheels)
    return folder


def test_the_wheels_bring_the_client_and_the_helpers_and_no_spec(venv: Path) -> None:
    probe = "import emabler_client, emabler_extras, importlib.util as u; print(u.find_spec('emabler_spec'))"
    result = _python(venv, "-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_readme_client_example_runs_from_the_installed_wheels(venv: Path, mock: RunningMock, name: str) -> None:
    tenant = build_dataset().tenants[0].tenant
    script = venv / "example.py"
    script.write_text(EXAMPLES[name])
    env = {
        "EMABLER_API_KEY": tenant.api_key,
        "EMABLER_CLIENT_ID": tenant.client_id,
        "EMABLER_BASE_URL": mock.base_url,
    }
    result = _python(venv, "-c", RUNNER, str(script), env=env)
    assert result.returncode == 0, f"{name}:\n{result.stdout}\n{result.stderr}"
    assert result.stdout.strip(), name


def _python(venv: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the venv's Python isolated (-I: no PYTHON* variables, user site or script folder) in its folder."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(venv)}
    return subprocess.run(  # noqa: S603 - the test's own venv
        [str(venv / "venv" / "bin" / "python"), "-I", *args],
        cwd=venv,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
