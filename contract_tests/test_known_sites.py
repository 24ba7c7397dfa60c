"""Every site the run knows, through both operations: the documented shape, then the inferred types.

Schemathesis checks the bodies of the sites its cases reach; these tests read every known site,
validate each body against the contract-level spec (C-SCHEMA) and the spec as written
(A-INFERRED-TYPES); the coverage of the contract notes what the bodies showed, like that of every answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from jsonschema.protocols import Validator

from contract_tests.calls import Call, Unexpected
from contract_tests.expect import each_operation
from contract_tests.masking import Masker
from contract_tests.run import ContractRun
from emabler_spec import SPEC

SCHEMAS = {SPEC.home_site.label: "UserGroup", SPEC.drivers_for_sites.label: "GroupUsers"}


@dataclass(frozen=True)
class Read:
    """Per operation, each object its 200 answers hold for every known site with its request; and the
    requests of known sites answered otherwise (C-SCHEMA fails on them: the preflight saw them answered)."""

    bodies: dict[str, list[tuple[Call, Any]]]
    refused: dict[str, list[Call]]


@pytest.fixture(scope="module")
def read(run: ContractRun) -> Read:
    """Every known site through both operations, read once."""
    api, target = run.caller, run.target
    found = Read({op.label: [] for op in SPEC.operations}, {op.label: [] for op in SPEC.operations})
    calls = [(SPEC.home_site.label, api.home_site(site_id)) for site_id in target.site_ids]
    known = list(target.sites_with_drivers)
    batches = [known[start : start + SPEC.max_ids] for start in range(0, len(known), SPEC.max_ids)]
    calls += [(SPEC.drivers_for_sites.label, api.drivers_for({SPEC.id_list_property: batch})) for batch in batches]
    for operation, call in calls:
        body = call.json() if call.status == 200 else None
        if body is None:
            found.refused[operation].append(call)
            continue
        items = body if operation == SPEC.drivers_for_sites.label and isinstance(body, list) else [body]
        found.bodies[operation].extend((call, item) for item in items)
    return found


@dataclass(frozen=True)
class Broken:
    """A body that breaks the spec: the request, and the errors against the documented and the written spec."""

    call: Call
    documented: list[str]
    written: list[str]


def _messages(validator: Validator, item: Any, mask: Masker) -> list[str]:
    # Masked before cut: a cut through an echoed key would leave its start unmasked.
    errors = validator.iter_errors(item)
    return [f"{'/'.join(map(str, e.absolute_path)) or 'body'}: {mask(e.message)[:160]}" for e in errors]


@pytest.fixture(scope="module")
def broken(read: Read) -> dict[str, list[Broken]]:
    """Per operation, the bodies that break the spec as written; each checked once, the stricter spec first."""
    found: dict[str, list[Broken]] = {}
    for operation, items in read.bodies.items():
        name = SCHEMAS[operation]
        written, documented = SPEC.component_validator(name), SPEC.contract_level.component_validator(name)
        found[operation] = []
        for call, item in items:
            errors = _messages(written, item, call.masker)
            if errors:  # the contract-level spec is looser: only then can it find anything
                found[operation].append(Broken(call, _messages(documented, item, call.masker), errors))
    return found


def _hold(broken: list[Broken], errors: list[list[str]], what: str) -> None:
    """No body breaks `what`; else the first that does is the evidence, with the first errors."""
    failing = [(b, e) for b, e in zip(broken, errors, strict=True) if e]
    if failing:
        shown = [line for _, e in failing for line in e][:5]
        raise Unexpected(f"the 200 bodies break {what}:\n" + "\n".join(shown), failing[0][0].call)


@pytest.mark.parametrize("operation", each_operation("C-SCHEMA"))
def test_every_known_site_has_the_documented_shape(read: Read, broken: dict[str, list[Broken]], operation: str) -> None:
    for call in read.refused[operation]:  # a known site the preflight saw answered with 200
        raise Unexpected(f"a known site is no longer answered with a JSON 200: {call.describe()}", call)
    found = broken[operation]
    _hold(found, [b.documented for b in found], f"the documented {SCHEMAS[operation]}")


@pytest.mark.parametrize("operation", each_operation("A-INFERRED-TYPES"))
def test_every_known_site_has_the_inferred_types(broken: dict[str, list[Broken]], operation: str) -> None:
    # A body that breaks the documented shape fails C-SCHEMA; here only what the project inferred counts.
    found = [b for b in broken[operation] if not b.documented]
    _hold(found, [b.written for b in found], f"{SCHEMAS[operation]}'s inferred types")
