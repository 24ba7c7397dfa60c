"""Schemathesis for this run: the contract-level spec, schemathesis.toml plus the run's target, and its engine.

schemathesis.toml holds everything Schemathesis is configured with but the target and the
credentials, which come from the run (never from os.environ, never written anywhere).
Schemathesis runs on the contract-level spec: the keywords openapi.yaml marks with
`x-provenance` (this project's readings) are relaxed there, and a generated case that the
two specs judge differently (say, an empty id list) is not sent at all: the assumed
requirement that names the keyword decides that ground (docs/conformance.md).
"""

from __future__ import annotations

import copy
import functools
import tomllib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import schemathesis
from jsonschema.protocols import Validator
from schemathesis import Case, GenerationMode, HookContext
from schemathesis.engine import events
from schemathesis.engine.recorder import ScenarioRecorder
from schemathesis.schemas import BaseSchema

from contract_tests import checks
from contract_tests.settings import Settings
from contract_tests.target import Target
from emabler_spec import SPEC

CONFIG_PATH = Path(__file__).resolve().parent.parent / "schemathesis.toml"
CUSTOM_CHECKS = tuple(check.__name__ for check in checks.CUSTOM_CHECKS)


@dataclass(frozen=True)
class CheckResult:
    """One check on one response: passed, or failed with what shows it."""

    operation: str
    check: str
    passed: bool
    evidence: str | None = None


class RunError(RuntimeError):
    """Schemathesis could not test the target (not a verdict on the server); the message says why."""


def config(settings: Settings, target: Target) -> schemathesis.Config:
    """schemathesis.toml, with the target, its credentials and the run's overrides added."""
    data: dict[str, Any] = tomllib.loads(CONFIG_PATH.read_text(encoding="utf-8"))
    data["base-url"] = target.base_url
    data["auth"] = {"openapi": {SPEC.key_scheme: {"api_key": target.own.api_key}}}
    data["parameters"] = {f"query.{SPEC.client_id_parameter}": target.own.client_id}
    if settings.seed is not None:
        data["seed"] = settings.seed
    if settings.max_examples is not None:
        data.setdefault("generation", {})["max-examples"] = settings.max_examples
    if settings.rate_limit is not None:
        data["rate-limit"] = settings.rate_limit
    if settings.timeout is not None:
        data["request-timeout"] = settings.timeout
    checks_config = data.setdefault("checks", {})
    for name in CUSTOM_CHECKS:  # registered by contract_tests.checks; st run in the repo does not know them
        checks_config.setdefault(name, {})["enabled"] = True
    return schemathesis.Config.from_dict(data)


def schema(settings: Settings, target: Target) -> BaseSchema:
    """The contract-level spec loaded by Schemathesis for this target, with the run's hooks."""
    loaded = schemathesis.openapi.from_dict(
        copy.deepcopy(SPEC.contract_level.document), config=config(settings, target)
    )
    if target.app is not None:
        loaded.app = target.app

    @loaded.hook
    def filter_case(context: HookContext, case: Case[Any]) -> bool:
        return not disputed(case)

    @loaded.hook
    def map_case(context: HookContext, case: Case[Any]) -> Case[Any]:
        return aim(case, target)

    @loaded.hook
    def before_add_examples(context: HookContext, examples: list[Case[Any]]) -> None:
        examples[:] = [aim(case, target) for case in examples if not disputed(case)]

    return loaded


@functools.cache
def _body_validators(operation_id: str) -> tuple[Validator, Validator] | None:
    """The request body's validators of the spec as written and of the contract-level spec."""
    written, relaxed = (
        SPEC.request_body_validator(operation_id),
        SPEC.contract_level.request_body_validator(operation_id),
    )
    return None if written is None or relaxed is None else (written, relaxed)


def disputed(case: Case[Any]) -> bool:
    """True when the spec as written and the contract-level spec judge the case's body differently."""
    validators = _body_validators(str(case.operation.definition.raw["operationId"]))
    body: Any = case.body
    if validators is None or not isinstance(body, dict | list | str | int | float | bool):
        return False
    strict, relaxed = validators
    return strict.is_valid(body) != relaxed.is_valid(body)


def _spread(value: Any, known: tuple[int, ...]) -> int:
    """A known site id picked by the generated value, so that the same case picks the same site."""
    return known[zlib.crc32(repr(value).encode()) % len(known)]


def aim(case: Case[Any], target: Target) -> Case[Any]:
    """Point a positive case at sites that exist, so that it reaches a 200 whose body gets checked.

    The first ids of an id list become distinct sites with drivers; the others stay as
    generated (sites of nobody's), so a case never gains repeated ids.
    """
    if case.meta is None or case.meta.generation.mode is not GenerationMode.POSITIVE:
        return case
    operation_id = case.operation.definition.raw["operationId"]
    if operation_id == SPEC.home_site.operation_id and case.path_parameters and target.site_ids:
        case.path_parameters["siteId"] = _spread(case.path_parameters["siteId"], target.site_ids)
    body: Any = case.body
    ids = body.get(SPEC.id_list_property) if isinstance(body, dict) else None
    if operation_id == SPEC.drivers_for_sites.operation_id and isinstance(ids, list) and target.sites_with_drivers:
        known = target.sites_with_drivers
        start = zlib.crc32(repr(ids).encode()) % len(known)
        rotated = known[start:] + known[:start]
        body[SPEC.id_list_property] = [*rotated[: len(ids)], *ids[len(rotated) :]]
    return case


def _recorded(label: str, recorder: ScenarioRecorder) -> Iterator[CheckResult]:
    for nodes in recorder.checks.values():
        for node in nodes:
            if node.status == "skip":
                continue
            evidence = None
            if node.failure_info is not None:
                failure = node.failure_info.failure
                evidence = f"{failure.title}\n{failure.message}\n\nReproduce with:\n    {node.failure_info.code_sample}"
            yield CheckResult(label, node.name, node.status == "success", evidence)


_SERVER_TROUBLE = (requests.RequestException, ConnectionError, TimeoutError)


def run(loaded: BaseSchema) -> Iterator[CheckResult]:
    """Run every phase schemathesis.toml enables against the target; yield each check's result.

    A request the server does not answer (reset, refused, timed out) is a failure of the
    server; any other error is the run's own and raises RunError.
    """
    for event in schemathesis.engine.from_schema(loaded).execute():
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            yield from _recorded(event.recorder.label, event.recorder)
        elif isinstance(event, events.NonFatalError):
            if isinstance(event.value, _SERVER_TROUBLE):
                yield CheckResult(event.label, "server_answers", False, f"{event.info.title}: {event.value}")
            else:
                raise RunError(f"Schemathesis could not test {event.label}: {event.info.title}: {event.value}")
        elif isinstance(event, events.FatalError):
            raise RunError(f"Schemathesis stopped: {event.exception}")
        elif isinstance(event, events.Interrupted):
            raise KeyboardInterrupt
