"""The release check's rule: a changed contract needs its bump in info.version (major, minor or patch), never less."""

from __future__ import annotations

import pytest

from emabler_spec import SPEC
from spec_changes.rules import compare, edited
from spec_changes.versions import Bump, required_bump, version_problem


@pytest.mark.parametrize(
    ("breaking", "changed", "edit", "bump"),
    [
        (True, True, True, Bump.MAJOR),
        (False, True, True, Bump.MINOR),
        (False, False, True, Bump.PATCH),
        (False, False, False, Bump.NONE),
    ],
)
def test_the_bump_needed_follows_the_kind_of_change(breaking: bool, changed: bool, edit: bool, bump: Bump) -> None:
    assert required_bump(breaking, changed, edit) is bump


@pytest.mark.parametrize(
    ("new", "bump", "problem"),
    [
        ("1.2.3", Bump.MINOR, "compatible changes need a minor version: info.version 1.2.3 → 1.2.3 (expected 1.3.0)"),
        ("1.2.4", Bump.MINOR, "compatible changes need a minor version: info.version 1.2.3 → 1.2.4 (expected 1.3.0)"),
        ("1.2.3", Bump.PATCH, "edits need a patch version: info.version 1.2.3 → 1.2.3 (expected 1.2.4)"),
        ("1.3.0", Bump.MAJOR, "breaking changes need a major version: info.version 1.2.3 → 1.3.0 (expected 2.0.0)"),
        ("1.2.2", Bump.NONE, "info.version went backwards: 1.2.3 → 1.2.2"),
    ],
)
def test_a_version_without_the_bump_its_changes_need_is_refused(new: str, bump: Bump, problem: str) -> None:
    assert version_problem("1.2.3", new, bump) == problem


@pytest.mark.parametrize(
    ("new", "bump"),
    [("1.3.0", Bump.MINOR), ("2.0.0", Bump.MINOR), ("1.2.4", Bump.PATCH), ("1.3.0", Bump.PATCH), ("2.0.0", Bump.MAJOR),
     ("1.2.3", Bump.NONE), ("1.2.4", Bump.NONE)],
)  # fmt: skip
def test_a_version_that_carries_the_bump_or_more_is_accepted(new: str, bump: Bump) -> None:
    assert version_problem("1.2.3", new, bump) is None


def test_an_edit_the_rules_see_no_change_in_still_changes_the_contract() -> None:
    reworded = SPEC.patched(lambda spec: spec.home_site.definition.update(summary="Another summary"))  # type: ignore[attr-defined]
    assert compare(SPEC, reworded) == []
    assert edited(SPEC, reworded)


def test_a_new_version_alone_is_no_edit() -> None:
    bumped = SPEC.patched(lambda spec: spec.document["info"].update(version="9.0.0"))
    assert not edited(SPEC, bumped)
