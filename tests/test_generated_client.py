"""The committed client is what openapi.yaml describes, and drift from it is caught."""

from __future__ import annotations

import enum
import inspect
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import emabler_client.models as models
from emabler_client.api.drivers import (
    get_authorised_users_for_charger_groups,
    get_authorised_users_home_group,
)
from emabler_spec import load_spec

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "module",
    [get_authorised_users_home_group, get_authorised_users_for_charger_groups],
    ids=lambda m: m.__name__,
)
def test_each_operation_has_sync_and_async_functions(module: object) -> None:
    for name in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        function = getattr(module, name)
        assert inspect.iscoroutinefunction(function) == name.startswith("asyncio"), name


def test_every_component_schema_has_a_typed_model() -> None:
    for name in load_spec()["components"]["schemas"]:
        if name == "Int64Id":  # a plain int, inlined by the generator
            continue
        assert inspect.isclass(getattr(models, name)), name


def test_there_is_exactly_one_group_type_enum() -> None:
    enums = {name for name, value in vars(models).items() if inspect.isclass(value) and issubclass(value, enum.Enum)}
    assert enums == {"GroupType", "ReferenceType"}
    assert [member.value for member in models.GroupType] == [0, 1, 2, 3, 4]


def test_the_package_version_follows_the_spec_version() -> None:
    pyproject = (ROOT / "generated" / "pyproject.toml").read_text()
    assert f'version = "{load_spec()["info"]["version"]}"' in pyproject


def _make(target: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run a Makefile target in `workdir` with this checkout's environment and uv."""
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(ROOT / ".venv")}
    uv = shutil.which("uv") or str(ROOT / ".uv" / "bin" / "uv")
    return subprocess.run(  # noqa: S603 - fixed command, test-controlled arguments
        ["make", "-s", target, f"UV={uv}"],  # noqa: S607
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def checkout_copy(tmp_path: Path) -> Path:
    """A copy of the files `make check-generated` reads, timestamps kept."""
    for name in ("Makefile", "openapi.yaml", "generator-config.yml", "pyproject.toml", "uv.lock"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "generator-templates", tmp_path / "generator-templates")
    return tmp_path


def test_check_generated_passes_on_the_committed_tree(checkout_copy: Path) -> None:
    result = _make("check-generated", checkout_copy)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_generated_fails_with_a_diff_when_the_spec_changes_without_regenerating(
    checkout_copy: Path,
) -> None:
    spec = checkout_copy / "openapi.yaml"
    spec.write_text(spec.read_text().replace("        meterType:\n", "        meterKind:\n", 1))
    result = _make("check-generated", checkout_copy)
    assert result.returncode != 0
    assert "meter_kind" in result.stdout
    assert "drifted from openapi.yaml" in result.stderr
