"""The committed client is what openapi.yaml describes: its operations, its models, its version."""

from __future__ import annotations

import enum
import inspect

import pytest

import emabler_client.models as models
from emabler_client.api.drivers import (
    get_authorised_users_for_charger_groups,
    get_authorised_users_home_group,
)
from emabler_spec import SPEC
from tests.checkout import ROOT


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
    for name in SPEC.document["components"]["schemas"]:
        if name == "Int64Id":  # a plain int, inlined by the generator
            continue
        assert inspect.isclass(getattr(models, name)), name


def test_there_is_exactly_one_group_type_enum() -> None:
    enums = {name for name, value in vars(models).items() if inspect.isclass(value) and issubclass(value, enum.Enum)}
    assert enums == {"GroupType", "ReferenceType"}
    assert [member.value for member in models.GroupType] == [0, 1, 2, 3, 4]


def test_the_package_version_follows_the_spec_version() -> None:
    pyproject = (ROOT / "generated" / "pyproject.toml").read_text()
    assert f'version = "{SPEC.document["info"]["version"]}"' in pyproject
