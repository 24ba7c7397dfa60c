"""Schemathesis for this run: the contract-level spec, schemathesis.toml plus the run's target, and its engine.

The target and credentials come from the run (never from os.environ, never written anywhere).
On the contract-level spec the keywords openapi.yaml marks with `x-provenance` are relaxed, and a
generated case the two specs judge differently (an empty id list) is not sent at all: the assumed
requirement that names the keyword decides that ground (docs/conformance.md).
"""

from __future__ import annotations

import copy
import functools
import tomllib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import schemathesis
from jsonschema.protocols import Validator
from schemathesis import Case, GenerationMode, HookContext
from schemathesis.engine import events
from schemathesis.engine.recorder import ScenarioRecorder
from schemathesis.schemas import BaseSchema

from contract_tests import checks
from contract_tests.evidence import Evidence, location
from contract_tests.outcomes import Outcomes
from contract_tests.recording import Recording
from contract_tests.settings import Settings
from contract_tests.target import Target
from emabler_spec import SPEC

CONFIG = files("contract_tests").joinpath("schemathesis.toml")  # package data: a link to the checkout's, for `st run`


@dataclass(frozen=True)
class CheckResult:
    """One check on one response: passed, or failed with what shows it."""

    operation: str
    check: str
    passed: bool
    evidence: Evidence | None = None


class RunError(RuntimeError):
    """Schemathesis could not test the target (not a verdict on the server); the message says why."""


def config(settings: Settings, target: Target) -> schemathesis.Config:
    """schemathesis.toml, with the target, its credentials and the run's overrides added."""
    data: dict[str, Any] = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    data["base-url"] = target.base_url
    data["auth"] = {"openapi": {SPEC.key_scheme: {"api_key": target.own.api_key}}}
    data["parameters"] = {f"query.{SPEC.client_id_parameter}": target.own.client_id}
    overrides = {"seed": settings.seed, "rate-limit": settings.rate_limit, "request-timeout": settings.timeout}
    data |= {key: value for key, value in overrides.items() if value is not None}
    if settings.max_examples is not None:
        data.setdefault("generation", {})["max-examples"] = settings.max_examples
    # Whole bodies in what it records (its HAR): a report is masked after it is written, and must not be cut before.
    data.setdefault("output", {}).setdefault("truncation", {})["max-recorded-payload-size"] = 0
    checks_config = data.setdefault("checks", {})
    for check in checks.CUSTOM_CHECKS:  # registered by contract_tests.checks; st run in the repo does not know them
        checks_config.setdefault(check.__name__, {})["enabled"] = True
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
    written, loose = SPEC.request_body_validator(operation_id), SPEC.contract_level.request_body_validator(operation_id)
    return None if written is None or loose is None else (written, loose)


def disputed(case: Case[Any]) -> bool:
    """True when the spec as written and the contract-level spec judge the case's body differently."""
    validators = _body_validators(checks.operation(case).operation_id)
    body: Any = case.body
    if validators is None or not isinstance(body, dict | list | str | int | float | bool):
        return False
    strict, relaxed = validators
    return strict.is_valid(body) != relaxed.is_valid(body)


def _spread(value: Any, known: tuple[int, ...]) -> int:
    """A known site id picked by the generated value, so that the same case picks the same site."""
    return known[zlib.crc32(repr(value).encode()) % len(known)]


def aim(case: Case[Any], target: Target) -> Case[Any]:
    """Point a positive case at sites that exist, so that it reaches a 200 whose body gets checked: the first ids
    of an id list become distinct sites with drivers, the others stay (nobody's sites), so no id repeats."""
    if case.meta is None or case.meta.generation.mode is not GenerationMode.POSITIVE:
        return case
    operation = checks.operation(case)
    if operation == SPEC.home_site and case.path_parameters and target.site_ids:
        case.path_parameters["siteId"] = _spread(case.path_parameters["siteId"], target.site_ids)
    body: Any = case.body
    ids = body.get(SPEC.id_list_property) if isinstance(body, dict) else None
    if operation == SPEC.drivers_for_sites and isinstance(ids, list) and target.sites_with_drivers:
        known = target.sites_with_drivers
        start = zlib.crc32(repr(ids).encode()) % len(known)
        rotated = known[start:] + known[:start]
        body[SPEC.id_list_property] = [*rotated[: len(ids)], *ids[len(rotated) :]]
    return case


def _recorded(label: str, recorder: ScenarioRecorder) -> Iterator[CheckResult]:
    for case_id, nodes in recorder.checks.items():
        for node in nodes:
            if node.status == "skip":
                continue
            evidence = None
            if node.failure_info is not None:
                failure, response = node.failure_info.failure, recorder.find_response(case_id=case_id)
                status = None if response is None else response.status_code
                where = location(label, failure, status)
                message = f"{failure.title}\n{failure.message}"
                evidence = Evidence.of(message, node.failure_info.code_sample, response, where)
            yield CheckResult(label, node.name, node.status == "success", evidence)


def run(loaded: BaseSchema, outcomes: Outcomes, recording: Recording) -> Iterator[CheckResult]:
    """Run every phase schemathesis.toml enables against the target; yield each check's result, note each answer in
    the coverage and give every event to the recording. A request the server does not answer (reset, refused, timed
    out) fails its check; any other error is the run's own: RunError."""
    with recording.engine(loaded) as listen:
        for event in schemathesis.engine.from_schema(loaded).execute():
            listen(event)
            if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
                outcomes.coverage.scenario(event.recorder)
                yield from _recorded(event.recorder.label, event.recorder)
            elif isinstance(event, events.NonFatalError):
                what = f"{event.info.title}: {event.value}"
                if checks.server_answers(event.value):
                    raise RunError(f"Schemathesis could not test {event.label}: {what}")
                yield CheckResult(event.label, checks.server_answers.__name__, False, Evidence(what))
            elif isinstance(event, events.FatalError):
                raise RunError(f"Schemathesis stopped: {event.exception}")
            elif isinstance(event, events.Interrupted):
                raise KeyboardInterrupt
