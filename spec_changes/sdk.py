"""The generated package's public Python API at two revisions, compared with griffe."""

from __future__ import annotations

from pathlib import Path

import griffe

PACKAGE = "emabler_client"


def sdk_breakages(old_generated: Path, new_generated: Path) -> list[str]:
    """griffe's breaking changes from the old generated package to the new one, one line each."""
    old = griffe.load(PACKAGE, search_paths=[old_generated], modules_collection=griffe.ModulesCollection())
    new = griffe.load(PACKAGE, search_paths=[new_generated], modules_collection=griffe.ModulesCollection())
    lines = set()
    for breakage in griffe.find_breaking_changes(old, new):
        line = " ".join(breakage.explain().split())
        for root in (old_generated, new_generated):  # paths relative to the package, not a temp folder
            line = line.replace(f"{root.resolve()}/", "").replace(f"{root}/", "")
        lines.add(line)
    return sorted(lines)
