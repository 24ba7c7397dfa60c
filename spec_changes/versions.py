"""What version a release must carry, and whether CHANGELOG.md speaks of it.

The bump a change needs (docs/changes.md, "The release check"): **major** when anything breaks (either group of
the contract's diff, a griffe finding of the SDK, a recorded answer the new SDK cannot decode), **minor** when the
contract only grew (compatible changes: an operation, a property, an optional parameter added), **patch** when the
document changed in nothing the rules judge (descriptions, examples, `x-provenance`, `info` apart from its
version), **none** when it did not change. `info.version` must carry at least that bump over the base's.
"""

from __future__ import annotations

import enum
import re

from packaging.version import InvalidVersion, Version


class Bump(enum.IntEnum):
    """The smallest version increase a set of changes needs, in increasing order."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    def __str__(self) -> str:
        return self.name.lower()


def required_bump(breaking: bool, changed: bool, edited: bool = False) -> Bump:
    """MAJOR for breaking changes, MINOR for compatible ones, PATCH for an `edited` document the rules see no change
    in, NONE when nothing changed."""
    if breaking:
        return Bump.MAJOR
    return Bump.MINOR if changed else Bump.PATCH if edited else Bump.NONE


def expected(old: Version, bump: Bump) -> str:
    """The smallest version after `old` that carries `bump`."""
    major, minor, patch = (*old.release, 0, 0)[:3]
    if bump is Bump.MAJOR:
        return f"{major + 1}.0.0"
    if bump is Bump.MINOR:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def carried(old: Version, new: Version) -> Bump:
    """The bump from `old` to `new` (NONE when the release did not go up)."""
    before, after = ((*version.release, 0, 0)[:3] for version in (old, new))
    for bump, index in ((Bump.MAJOR, 0), (Bump.MINOR, 1), (Bump.PATCH, 2)):
        if after[index] != before[index]:
            return bump if after[index] > before[index] else Bump.NONE
    return Bump.NONE


def version_problem(old: str, new: str, bump: Bump) -> str | None:
    """Why `new` is not an acceptable version after `old` for changes that need `bump`, or None (one line)."""
    try:
        before, after = Version(old), Version(new)
    except InvalidVersion as error:
        return f"info.version is not a version: {error}"
    if after < before:
        return f"info.version went backwards: {old} → {new}"
    if carried(before, after) < bump:
        what = {Bump.MAJOR: "breaking changes", Bump.MINOR: "compatible changes", Bump.PATCH: "edits"}[bump]
        return f"{what} need a {bump} version: info.version {old} → {new} (expected {expected(before, bump)})"
    return None


def changelog_has(changelog: str, version: str) -> bool:
    """True when CHANGELOG.md has a heading for `version` (`## 1.2.0` or `## [1.2.0]`)."""
    return re.search(rf"^##\s+\[?{re.escape(version)}\]?(\s|$)", changelog, re.MULTILINE) is not None
