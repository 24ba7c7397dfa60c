"""Schemathesis' property-based conformance run: every check on, phases examples, coverage, fuzzing."""

from __future__ import annotations

from typing import Any

from schemathesis import Case

from contract_tests.session import API_SCHEMA


@API_SCHEMA.parametrize()
def test_operation_conforms_to_the_spec(case: Case[Any]) -> None:
    case.call_and_validate()
