"""The run's state, built once at import: settings, target, Schemathesis schema, report.

Schemathesis' pytest integration needs the schema at collection time, so it is built
here rather than in a fixture (its lazy `from_fixture` loader does not work with pytest 9).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis import Case, GenerationMode, HookContext, Response
from schemathesis.schemas import BaseSchema

from contract_tests.report import ConformanceReport
from contract_tests.settings import Settings
from contract_tests.target import Target, resolve
from emabler_spec import SPEC_PATH, operations, response_schema

CONFIG_PATH = Path(__file__).resolve().parent.parent / "schemathesis.toml"

SETTINGS = Settings.from_env()
TARGET = resolve(SETTINGS)
# schemathesis.toml reads the credentials from these variables when it is loaded.
os.environ["EMABLER_API_KEY"] = TARGET.own.api_key
os.environ["EMABLER_CLIENT_ID"] = TARGET.own.client_id
CONFIG = schemathesis.Config.from_path(CONFIG_PATH)
if SETTINGS.seed is not None:
    CONFIG.projects.default.seed = SETTINGS.seed
REPORT = ConformanceReport(
    target=TARGET.name,
    seed=CONFIG.seed,
    secrets=[TARGET.own.api_key] + ([TARGET.other.api_key] if TARGET.other else []),
    reports_dir=SETTINGS.reports_dir,
    live=TARGET.live,
)


def _known(site_id: Any, known: tuple[int, ...]) -> int:
    return known[int(site_id) % len(known)]


def build_schema(target: Target, report: ConformanceReport) -> BaseSchema:
    """openapi.yaml loaded by Schemathesis with schemathesis.toml, aimed at `target`."""
    schema = schemathesis.openapi.from_path(SPEC_PATH, config=CONFIG)
    project = schema.config
    if SETTINGS.max_examples is not None:
        project.generation.update(max_examples=SETTINGS.max_examples)
    project.update(base_url=target.base_url, rate_limit=SETTINGS.rate_limit, request_timeout=SETTINGS.timeout)
    if target.app is not None:
        schema.app = target.app
    body_schemas = {op.operation_id: response_schema(op.operation_id) for op in operations()}

    def aim_at_known_sites(case: Case[Any]) -> Case[Any]:
        # Positive cases ask for sites that exist, so they reach 200 and their bodies are checked.
        if case.meta is None or case.meta.generation.mode is not GenerationMode.POSITIVE:
            return case
        if case.path_parameters and "siteId" in case.path_parameters:
            case.path_parameters["siteId"] = _known(case.path_parameters["siteId"], target.site_ids)
        group_ids = case.body.get("groupIds") if isinstance(case.body, dict) else None
        if isinstance(case.body, dict) and isinstance(group_ids, list):
            case.body["groupIds"] = [_known(site_id, target.site_ids) for site_id in group_ids]
        return case

    @schema.hook
    def map_case(context: HookContext, case: Case[Any]) -> Case[Any]:
        return aim_at_known_sites(case)

    @schema.hook
    def before_add_examples(context: HookContext, examples: list[Case[Any]]) -> None:
        examples[:] = [aim_at_known_sites(case) for case in examples]

    @schema.hook
    def after_validate(context: HookContext, case: Case[Any], response: Response, results: list[Any]) -> None:
        for result in results:
            failure = None
            if result.failure is not None:
                curl = case.as_curl_command(headers=dict(response.request.headers))
                failure = f"{result.failure.title}\n{result.failure.message}\n\nReproduce with:\n    {curl}"
            report.record(case.operation.label, result.name, result.failure is None, failure)
        operation_id = case.operation.definition.raw.get("operationId")
        if response.status_code == 200 and operation_id in body_schemas:
            with contextlib.suppress(ValueError):  # not JSON: the content-type and schema checks say so
                report.observe(response.json(), body_schemas[operation_id])

    return schema


API_SCHEMA = build_schema(TARGET, REPORT)
