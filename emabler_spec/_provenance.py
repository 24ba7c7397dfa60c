"""Where the spec's keywords come from, and the contract-level document that keeps only what the vendor documents.

Most of openapi.yaml is read off the vendor's pages. Where it is not (docs/reconstruction.md
marks those rows *inferred* or *chosen*), the object holding the keyword says so:

    groupIds:
      minItems: 1
      x-provenance:
        minItems: A-EMPTY-LIST-400                               # the keyword is this project's choice
        uniqueItems: {requirement: A-DUPLICATES-ONCE, relaxed: true}

Each entry names the assumed requirement of the contract tests that checks the keyword as
written, and what the keyword becomes in the *contract-level* document: removed (the short
form), set to `relaxed`, or, for the pseudo-keyword `nullable`, `null` added to `type`.
Schemathesis runs on the contract-level spec, so a server that reads the vendor's pages
differently from this project fails only the assumed requirement, as a warning.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

ANNOTATION = "x-provenance"
NULLABLE = "nullable"  # pseudo-keyword: whether `null` is allowed (3.1 writes it into `type`)
_REMOVE = object()


@dataclass(frozen=True)
class Provenance:
    """One keyword of the spec that is this project's reading rather than the vendor's words."""

    pointer: str  # JSON pointer of the object that holds the keyword
    keyword: str
    requirement: str  # the assumed requirement that checks the keyword as written
    relaxed: Any  # its value in the contract-level spec (_REMOVE: absent)

    @property
    def removed(self) -> bool:
        """True when the contract-level spec drops the keyword."""
        return self.relaxed is _REMOVE


def _walk(node: Any, at: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield at, node
        for key, value in node.items():
            yield from _walk(value, f"{at}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{at}/{index}")


def annotated(document: dict[str, Any]) -> Iterator[Provenance]:
    """Every annotated keyword of `document`, in document order."""
    for at, node in _walk(document, ""):
        for keyword, entry in node.get(ANNOTATION, {}).items():
            if isinstance(entry, str):
                yield Provenance(at, keyword, entry, _REMOVE)
            else:
                yield Provenance(at, keyword, entry["requirement"], entry.get("relaxed", _REMOVE))


def _relax(node: dict[str, Any], entry: Provenance) -> None:
    if entry.keyword == NULLABLE:
        kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
        node["type"] = [*kinds, "null"] if "null" not in kinds else kinds
    elif entry.removed:
        node.pop(entry.keyword, None)
    else:
        node[entry.keyword] = copy.deepcopy(entry.relaxed)


def relaxed(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of `document` with every annotated keyword relaxed and the annotations dropped."""
    copied = copy.deepcopy(document)
    nodes = dict(_walk(copied, ""))
    for entry in annotated(copied):
        _relax(nodes[entry.pointer], entry)
    for node in nodes.values():
        node.pop(ANNOTATION, None)
    return copied
