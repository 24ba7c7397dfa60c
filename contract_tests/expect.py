"""Helpers of the domain tests: their parameters, and assertions that say what the server did instead."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.calls import Call, Unexpected
from contract_tests.requirements import BOTH
from contract_tests.target import Target
from emabler_spec import SPEC

NO_SUCH_SITE = 2**63 - 1  # a valid int64 that no real customer has as a site id


def each_operation(requirement_id: str) -> list[Any]:
    """A test parameter for each operation, marked with the requirement on it."""
    return [pytest.param(op, marks=pytest.mark.requirement(requirement_id, op)) for op in BOTH]


def status(call: Call, *expected: int) -> None:
    """The answer has one of the expected statuses."""
    if call.status not in expected:
        raise Unexpected(f"expected {' or '.join(map(str, expected))}, got {call.describe()}", call)


def error_statuses(operation_id: str) -> tuple[int, ...]:
    """The error statuses the operation documents."""
    return tuple(int(code) for code in SPEC.operation(operation_id).statuses if code.startswith("4"))


def error_code(call: Call) -> Any:
    """The `errorCode` of an error answer, if it has one."""
    body = call.json()
    return body.get("errorCode") if isinstance(body, dict) else None


def distinct_ids(target: Target, count: int) -> list[int]:
    """`count` distinct site ids: the target's sites with drivers first, then ids of nobody's sites."""
    known = list(target.sites_with_drivers[:count])
    return known + [NO_SUCH_SITE - n for n in range(count - len(known))]
