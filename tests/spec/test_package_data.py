"""The contract travels as package data: an installed wheel of the toolkit reads its own copy, never a checkout's
(tests/test_installed_toolkit.py runs the installed toolkit itself, on every supported Python found)."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from emabler_spec import SPEC, SPEC_FILENAME
from tests.checkout import ROOT, clean_venv, run_installed, uv_path

# Prints the facts of the installed emabler_spec, and every openapi.yaml the process opened.
PROBE = """
import json, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
import emabler_spec
spec = emabler_spec.SPEC
print(json.dumps({
    "module": emabler_spec.__file__,
    "version": spec.version,
    "facts": [spec.key_header, spec.client_id_parameter, spec.max_ids, [op.label for op in spec.operations]],
    "opened": [path for path in opened if path.endswith("openapi.yaml")],
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The toolkit's wheel, built from this checkout."""
    dist = tmp_path_factory.mktemp("dist")
    command = [uv_path(), "build", "--wheel", "--quiet", "--out-dir", str(dist), str(ROOT)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)  # noqa: S603
    assert result.returncode == 0, result.stderr
    (found,) = dist.glob("*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment, outside the checkout, with the toolkit installed from its wheel."""
    folder = tmp_path_factory.mktemp("toolkit")
    clean_venv(folder, "python3", wheel)
    return folder


def _probe(venv: Path) -> dict[str, object]:
    result = run_installed(venv / "venv", venv, "python", "-I", "-c", PROBE)
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


def test_the_wheel_carries_the_contract_as_a_file_of_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        packaged = archive.read(f"emabler_spec/{SPEC_FILENAME}")
    assert packaged == (ROOT / SPEC_FILENAME).read_bytes()


def test_the_installed_package_reads_its_own_data_and_nothing_of_the_checkout(venv: Path) -> None:
    facts = _probe(venv)
    installed = Path(str(facts["module"])).parent
    assert installed.is_relative_to(venv)
    assert facts["facts"] == [
        SPEC.key_header,
        SPEC.client_id_parameter,
        SPEC.max_ids,
        [o.label for o in SPEC.operations],
    ]
    assert facts["opened"] == [str(installed / SPEC_FILENAME)]
    # The facts follow the package's data: change it, and they change.
    data = installed / SPEC_FILENAME
    packaged = data.read_text()
    try:
        data.write_text(packaged.replace(f"  version: {SPEC.version}\n", "  version: 9.9.9-probe\n", 1))
        assert _probe(venv)["version"] == "9.9.9-probe"
    finally:
        data.write_text(packaged)
