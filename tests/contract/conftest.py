"""Runs of the contract suite that several tests read: a clean one and a faulty one, each made once."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.checkout import contract_command, contract_env

FAULT = "limit-not-enforced"  # a failure of the contract (C-ID-LIMIT) a domain test shows with its request
FAILING = "C-ID-LIMIT"


def contract_run(folder: Path, **settings: str) -> Path:
    """`emabler-contract run` on the embedded mock with a small budget; its reports folder. The run records into a
    scratch folder of its own (in TMPDIR), and leaves nothing there."""
    reports, scratch = folder / "reports", folder / "tmp"
    scratch.mkdir()
    result = subprocess.run(  # noqa: S603 - the checkout's own command
        contract_command("run"),
        env=contract_env(EMABLER_REPORTS_DIR=str(reports), EMABLER_MAX_EXAMPLES="5", TMPDIR=str(scratch), **settings),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    expected = 1 if "EMABLER_MOCK_FAULT" in settings else 0
    assert result.returncode == expected, result.stdout[-3000:] + result.stderr
    assert not any(scratch.iterdir())
    return reports


@pytest.fixture(scope="session")
def clean_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports of a run on the clean mock: it conforms."""
    return contract_run(tmp_path_factory.mktemp("clean"))


@pytest.fixture(scope="session")
def faulty_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports of a run on the mock with a fault: it does not conform, failing `FAILING`."""
    return contract_run(tmp_path_factory.mktemp("faulty"), EMABLER_MOCK_FAULT=FAULT)
