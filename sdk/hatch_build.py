"""Version and dependencies of emabler-extras, taken from the facts `make generate` wrote from openapi.yaml.

The helpers are built against the generated client of the same contract version, so they
pin it exactly: both distributions carry `info.version`.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from hatchling.metadata.plugin.interface import MetadataHookInterface

FACTS = Path(__file__).resolve().parent / "emabler_extras" / "_spec_facts.py"


def spec_version() -> str:
    """`VERSION` of the facts module, read without importing it."""
    for node in ast.parse(FACTS.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "VERSION":
            assert node.value is not None
            return str(ast.literal_eval(node.value))
    raise RuntimeError(f"no VERSION in {FACTS}")


class SpecFactsHook(MetadataHookInterface):
    """Sets `version` and pins `emabler-client` to it."""

    def update(self, metadata: dict[str, Any]) -> None:
        version = spec_version()
        metadata["version"] = version
        metadata["dependencies"] = [f"emabler-client=={version}", *self.config.get("dependencies", [])]
