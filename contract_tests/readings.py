"""The readings behind the assumed requirements: the rows of docs/reconstruction.md, each one decision about what the
vendor's pages say, with the requirement that checks an inferred or chosen one in its last column. The file travels
as package data (`contract_tests/reconstruction.md`, a link to the checkout's), so an installed toolkit shows them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib.resources import files

RECONSTRUCTION = files(__package__).joinpath("reconstruction.md")
COLUMNS = ("topic", "documentation", "spec", "kind", "why", "checked as")
IDENTIFIER = re.compile(r"\b[CSA]-[A-Z0-9-]+\b")


@dataclass(frozen=True)
class Reading:
    """One row: a topic of a section, what the documentation and the spec say, its kind and why."""

    section: str
    topic: str
    documentation: str
    spec: str
    kind: str  # documented, inferred, chosen (or a mix, `documented / chosen`)
    why: str
    checked_as: tuple[str, ...]  # the requirement ids of its last column


@functools.cache
def readings() -> tuple[Reading, ...]:
    """Every row of every table, in the file's order."""
    found, section = [], ""
    for line in RECONSTRUCTION.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line.removeprefix("## ").strip()
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if line.startswith("| ") and len(cells) == len(COLUMNS) and tuple(cells) != COLUMNS:
            topic, documentation, spec, kind, why, checked_as = cells
            found.append(Reading(section, topic, documentation, spec, kind, why, tuple(IDENTIFIER.findall(checked_as))))
    return tuple(found)


def behind(requirement_id: str) -> list[Reading]:
    """The readings an assumed requirement checks."""
    return [reading for reading in readings() if requirement_id in reading.checked_as]
