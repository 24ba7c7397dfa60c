"""emabler_spec is the one place that reads openapi.yaml; no other module parses or resolves a spec, or
writes a fact of it again.

The scan covers every hand-written Python module. Exempt are the tests whose job is to state
the vendor's facts independently and check the spec against them, and the facts module
`make generate` writes into the SDK helpers (checked against the spec by tests/client/test_spec_facts.py).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from emabler_spec import SPEC
from tests.checkout import ROOT

ROOMS = ("mock_server", "contract_tests", "sdk/emabler_extras", "spec_changes", "benchmarks", "tests")
EXEMPT = {
    "tests/spec/test_spec_matches_reference.py",  # the vendor's facts, stated apart from the spec on purpose
    "tests/test_one_home_for_spec_facts.py",
    "sdk/emabler_extras/_spec_facts.py",  # written from the spec by `make generate`
}


def _modules() -> list[Path]:
    return sorted(
        path
        for room in ROOMS
        for path in (ROOT / room).rglob("*.py")
        if str(path.relative_to(ROOT)) not in EXEMPT and "__pycache__" not in path.parts
    )


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the constants that are docstrings (prose may name the facts)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            found.add(id(first.value))
    return found


STRINGS = {SPEC.key_header, SPEC.client_id_parameter, SPEC.server_url, "openapi.yaml"} | {
    text for op in SPEC.operations for text in (op.operation_id, op.label)
}
PATH_PREFIXES = {op.path.split("{", 1)[0] for op in SPEC.operations}
LIMITS = {SPEC.max_ids, SPEC.max_ids + 1}


def _by_hand(node: ast.AST) -> str | None:
    """What `node` does that only emabler_spec may do: parse a spec, or follow a `$ref` itself."""
    if isinstance(node, ast.Call) and ast.unparse(node.func) in {"yaml.safe_load", "yaml.load"}:
        argument = ast.unparse(node.args[0]) if node.args else ""
        if "SPEC" in argument or "openapi" in argument or "spec" in argument:
            return "parses the spec (only emabler_spec reads openapi.yaml)"
    if isinstance(node, ast.ImportFrom | ast.Import):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [alias.name for alias in node.names]
        if any(name.split(".")[0] == "referencing" for name in names):
            return "resolves references itself (emabler_spec.Spec.resolve is the one resolver)"
    if isinstance(node, ast.Subscript) and "ref_name(" in ast.unparse(node.slice):
        return "looks a `$ref` up by hand (use Spec.resolve)"
    return None


def _findings(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        what = _by_hand(node)
        if what is not None:
            yield f"line {getattr(node, 'lineno', '?')}: {what}"
        if not isinstance(node, ast.Constant) or id(node) in docstrings:
            continue
        value = node.value
        if isinstance(value, str) and (value in STRINGS or any(prefix in value for prefix in PATH_PREFIXES)):
            yield f"line {node.lineno}: {value!r}"
        if type(value) is int and value in LIMITS:
            yield f"line {node.lineno}: {value} (the id limit is SPEC.max_ids)"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_takes_the_specs_facts_from_emabler_spec(path: Path) -> None:
    assert not list(_findings(path))


def test_the_scan_finds_a_hard_coded_fact_a_parsed_spec_and_a_reference_resolved_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "probe.py"
    path.write_text(
        f'HEADER = "{SPEC.key_header}"\nLIMIT = {SPEC.max_ids}\nimport yaml\nyaml.safe_load(SPEC_FILE.read_text())\n'
        "from referencing import Registry\n"
        'schema = spec["components"]["schemas"][ref_name(node["$ref"])]\n'
    )
    assert len(list(_findings(path))) == 5
