"""What a behaviour of the mock is: a spec patch plus a wrapper around the clean mock."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mock_server._wrapping import After, Before

SpecPatch = Callable[[dict[str, Any]], None]


class Kind(enum.Enum):
    """What a behaviour is for."""

    FAULT = "fault"
    VARIANT = "variant"
    SCENARIO = "scenario"


@dataclass(frozen=True)
class Behaviour:
    """One way the mock departs from the clean contract. Unset parts leave the clean mock as it is."""

    name: str
    kind: Kind
    summary: str
    patch_spec: SpecPatch | None = None
    before: Before | None = None
    after: After | None = None
    # In the contract tests' catalog: for a fault, the requirements it breaks (each must fail at
    # its level); for a variant, the assumed requirements it differs on (the run warns about each).
    expected: frozenset[str] = frozenset()

    @property
    def wraps(self) -> bool:
        """True when the behaviour puts a wrapper around the clean mock."""
        return self.before is not None or self.after is not None


CLEAN = Behaviour("none", Kind.VARIANT, "The contract, exactly, with the project's readings.")
"""The clean mock: no behaviour."""
