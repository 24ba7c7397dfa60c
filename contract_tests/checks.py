"""The suite's own checks, each named by the requirement it verifies (contract_tests/requirements.py).

The response checks are registered with Schemathesis the way it registers its own, and run on
every response of the Schemathesis run and of the domain tests. One returns True when it does not
apply to a response (counted neither passed nor failed), so that a requirement's count is of the
answers that tested it. `server_answers` judges a request that got no answer.

They read the project's `SPEC`, or the spec registered with `reads` for the Schemathesis schema a case belongs to
(the traffic judge checks a recording against a candidate spec that way).
"""

from __future__ import annotations

import functools
from typing import Any

import requests
import schemathesis
from jsonschema.protocols import Validator
from schemathesis import Case, CheckContext, Response

from emabler_spec import SPEC, Operation, Spec

JSON = "application/json"
# Schemathesis' loaded schema (by id, kept alive beside its spec) -> the spec the checks read for its cases.
_SPECS: dict[int, tuple[object, Spec]] = {}


def reads(loaded: object, spec: Spec) -> None:
    """Make the checks read `spec` (not `SPEC`) for the cases of `loaded`, a schema Schemathesis loaded from it."""
    _SPECS[id(loaded)] = (loaded, spec)


def spec_of(case: Case[Any]) -> Spec:
    """The spec the checks read for a case: the one registered for its schema with `reads`, else `SPEC`."""
    entry = _SPECS.get(id(case.operation.schema))
    return SPEC if entry is None else entry[1]


def operation(case: Case[Any]) -> Operation:
    """The spec's operation a Schemathesis case calls."""
    return spec_of(case).operation(str(case.operation.definition.raw["operationId"]))


def _content_type(response: Response) -> str:
    values = response.headers.get("content-type") or [""]
    return values[0].split(";", 1)[0].strip().lower()


@functools.cache
def _error_validator(spec: Spec = SPEC) -> Validator:
    return spec.component_validator("Error")


@schemathesis.check
def error_body(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """A documented error status (400, 401, 404) carries the `Error` body as JSON (A-ERROR-BODY)."""
    documented = operation(case).statuses
    if response.status_code < 400 or str(response.status_code) not in documented:
        return True
    if (content_type := _content_type(response)) != JSON:
        raise AssertionError(f"The {response.status_code} body is not JSON (content type {content_type or 'none'!r})")
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(f"The {response.status_code} body is not valid JSON") from None
    problems = [error.message for error in _error_validator(spec_of(case)).iter_errors(body)][:3]
    if problems:
        raise AssertionError(f"The {response.status_code} body is not the spec's Error: {'; '.join(problems)}")
    return None


@schemathesis.check
def asked_sites(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Operation 1 answers the site asked for; operation 2 only sites asked for (S-ASKED-SITES)."""
    if response.status_code != 200:
        return True
    try:
        # Whatever the content type says (C-CONTENT-TYPE grades it), a JSON body names its sites.
        body = response.json()
    except ValueError:
        return True  # not JSON: the schema check says so
    spec, called = spec_of(case), operation(case)
    if called == spec.home_site and isinstance(body, dict) and "id" in body:
        asked = str((case.path_parameters or {}).get("siteId"))
        if str(body["id"]) != asked:
            raise AssertionError(f"Asked for site {asked}, answered site {body['id']}")
        return None
    asked_body: Any = case.body
    if called == spec.drivers_for_sites and body and isinstance(body, list):
        ids = asked_body.get(spec.id_list_property) if isinstance(asked_body, dict) else None
        asked_ids = {str(site_id) for site_id in ids} if isinstance(ids, list) else set()
        extra = [e.get("groupId") for e in body if isinstance(e, dict) and str(e.get("groupId")) not in asked_ids]
        if extra:
            raise AssertionError(f"Answered sites that were not asked for: {extra[:5]}")
        return None
    return True


CUSTOM_CHECKS = (error_body, asked_sites)  # registered response checks: they pass over answers not about them


def server_answers(error: BaseException) -> bool:
    """The server answers at all (C-NO-SERVER-ERROR): a request reset, refused or timed out fails like a 5xx."""
    return not isinstance(error, requests.RequestException | ConnectionError | TimeoutError)
