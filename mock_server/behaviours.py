"""The catalog of the mock's behaviours (`_behaviour.Behaviour`: a spec patch plus a wrapper), by kind.

Faults (`faults.py`) break the contract: the conformance matrix proves the contract tests catch each one.
Variants (`variants.py`) make another choice the vendor's documentation allows: the contract tests must pass
them. Scenarios (`scenarios.py`) are the trouble gateways and busy servers cause, for the SDK's tests.
"""

from __future__ import annotations

from mock_server._behaviour import CLEAN, Behaviour, Kind
from mock_server.faults import FAULTS
from mock_server.scenarios import SCENARIOS
from mock_server.variants import VARIANTS

CATALOG: tuple[Behaviour, ...] = (*FAULTS, *VARIANTS, *SCENARIOS)


def of_kind(kind: Kind) -> tuple[Behaviour, ...]:
    """The behaviours of one kind, in catalog order."""
    return tuple(behaviour for behaviour in CATALOG if behaviour.kind is kind)


def get_behaviour(name: str | None, kind: Kind | None = None) -> Behaviour:
    """The behaviour called `name` ("none" or empty: the clean mock); ValueError naming the known ones."""
    if not name or name == CLEAN.name:
        return CLEAN
    known = {b.name: b for b in CATALOG if kind is None or b.kind is kind}
    if name not in known:
        what = kind.value if kind else "behaviour"
        raise ValueError(f"unknown {what} {name!r}; known: {', '.join(known)}")
    return known[name]


def choose_behaviour(**names: str | None) -> Behaviour:
    """The one behaviour named by kind (`fault=...`, `variant=...`, `scenario=...`), the clean mock for none.

    ValueError for two, or for an unknown name.
    """
    given = [(kind, name) for kind, name in names.items() if name and name != CLEAN.name]
    if len(given) > 1:
        raise ValueError(f"choose one behaviour, not {' and '.join(f'{kind} {name}' for kind, name in given)}")
    if not given:
        return CLEAN
    kind, name = given[0]
    return get_behaviour(name, Kind(kind))
