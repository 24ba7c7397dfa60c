"""The conformance toolkit as a vendor gets it: `make dist`'s emabler-conformance wheel, installed alone into a clean
virtual environment outside the repository for every supported Python found, run from an empty folder: it checks its
embedded mock, serves the mock (`emabler-mock`), and finds a fault of that served mock; reports land in that folder."""

from __future__ import annotations

import base64
import secrets
import zipfile
from pathlib import Path

import pytest

from contract_tests.reporting import FILES
from emabler_spec import SPEC
from mock_server import build_dataset, get_behaviour
from mock_server.launch import launched
from tests.checkout import clean_venv, make_dist, run_installed
from tests.pythons import Python, find, supported_versions

OWN = build_dataset().tenants[0]
FAULT = get_behaviour("null-in-non-nullable")  # breaks a contract-level requirement: the run does not conform


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Everything `make dist` builds, into a temporary folder."""
    return make_dist(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def wheel(dist: list[Path]) -> Path:
    (found,) = (path for path in dist if path.name.startswith("emabler_conformance-") and path.suffix == ".whl")
    return found


@pytest.fixture(scope="module", params=supported_versions())
def python(request: pytest.FixtureRequest) -> Python:
    return find(request.param) or pytest.skip(f"no Python {request.param} on this machine (PATH, pyenv, /usr/bin, ...)")


@pytest.fixture(scope="module")
def venv(python: Python, wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment of `python`, outside the checkout, holding the toolkit's wheel alone."""
    return clean_venv(tmp_path_factory.mktemp(f"toolkit-{python.version}"), python.executable, wheel)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the vendor stands: an empty folder outside the checkout, with no project file."""
    assert not any(tmp_path.iterdir())
    return tmp_path


def _reports(folder: Path) -> dict[str, str]:
    """Every report the run wrote under `folder`, by name."""
    return {path.name: path.read_text(errors="replace") for path in (folder / "reports").rglob("*") if path.is_file()}


def test_make_dist_builds_the_toolkit_beside_the_sdk_each_at_the_contracts_version(dist: list[Path]) -> None:
    names = {"emabler_conformance", "emabler_client", "emabler_extras"}
    assert sorted(path.name for path in dist) == sorted(
        f"{name}-{SPEC.version}{ending}" for name in names for ending in ("-py3-none-any.whl", ".tar.gz")
    )


def test_the_toolkit_wheel_carries_the_contract_its_configuration_and_both_commands(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        packaged = set(archive.namelist())
        entry_points = archive.read(f"emabler_conformance-{SPEC.version}.dist-info/entry_points.txt").decode()
    assert {"emabler_spec/openapi.yaml", "contract_tests/schemathesis.toml"} <= packaged
    assert "emabler-contract = contract_tests.cli:main" in entry_points
    assert "emabler-mock = mock_server.__main__:main" in entry_points


def test_the_installed_toolkit_checks_its_embedded_mock_from_an_empty_folder(venv: Path, folder: Path) -> None:
    result = run_installed(venv, folder, "emabler-contract", "run", "--max-examples", "5")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert result.stdout.startswith("CONFORMS\n")
    assert set(FILES) <= set(_reports(folder))  # every report, under the folder it ran in


def test_the_installed_toolkit_finds_the_fault_of_a_mock_it_serves(venv: Path, folder: Path) -> None:
    key = f"{base64.b64encode(secrets.token_bytes(30)).decode()}/+{base64.b64encode(secrets.token_bytes(4)).decode()}"
    serve = [str(venv / "bin" / "emabler-mock"), "serve", "--port", "0", "--fault", FAULT.name]
    with launched(serve, {"EMABLER_MOCK_API_KEYS": key}, cwd=folder) as mock:
        result = run_installed(
            venv,
            folder,
            "emabler-contract",
            "run",
            "--base-url",
            mock.base_url,
            "--client-id",
            OWN.tenant.client_id,
            "--site-ids",
            ",".join(map(str, OWN.sites_with_drivers[:4])),
            "--max-examples",
            "5",
            EMABLER_API_KEY=key,
        )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr
    verdict = result.stdout.splitlines()[0]
    assert verdict.startswith("DOES NOT CONFORM (")
    assert all(requirement in verdict for requirement in FAULT.expected), verdict
    reports = {"stdout": result.stdout, "stderr": result.stderr, **_reports(folder)}
    assert set(FILES) <= set(reports)
    assert [name for name, text in reports.items() if key in text] == []
