"""What version a release must carry, and whether CHANGELOG.md speaks of it."""

from __future__ import annotations

import re

from packaging.version import InvalidVersion, Version


def required_bump(breaking: bool, changed: bool) -> str:
    """ "major" for breaking changes, "minor" for compatible ones, "none" when nothing changed."""
    return "major" if breaking else "minor" if changed else "none"


def version_problem(old: str, new: str, breaking: bool) -> str | None:
    """Why `new` is not an acceptable version after `old`, or None."""
    try:
        before, after = Version(old), Version(new)
    except InvalidVersion as error:
        return f"info.version is not a version: {error}"
    if breaking and after.major <= before.major:
        return f"breaking changes need a major version: info.version {old} → {new} (expected {before.major + 1}.0.0)"
    if after < before:
        return f"info.version went backwards: {old} → {new}"
    return None


def changelog_has(changelog: str, version: str) -> bool:
    """True when CHANGELOG.md has a heading for `version` (`## 1.2.0` or `## [1.2.0]`)."""
    return re.search(rf"^##\s+\[?{re.escape(version)}\]?(\s|$)", changelog, re.MULTILINE) is not None
