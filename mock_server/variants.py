"""The variants: the same API making other choices the vendor's documentation allows.

The contract tests must pass each one. Where a variant differs from one of this project's
assumed readings (docs/reconstruction.md), the run warns about exactly those requirements,
named in `expected`; strict mode fails them.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from emabler_spec import MISSING_SITE_STATUS, SPEC, Patch, Spec
from mock_server._asgi import Answer, decode_json
from mock_server._behaviour import Behaviour, Exchange, Kind, each_object
from mock_server._errors import SITE_NOT_FOUND, SITES_NOT_FOUND, UNAUTHORISED, error_body
from mock_server.data import Dataset

INT64 = range(-(2**63), 2**63)
PLAIN_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z$")
NEVER = "2099-12-31T23:59:59Z"
DOTNET_NEVER = "0001-01-01T00:00:00Z"
INFERRED = ("evseId", "socketPowerType")  # properties whose non-nullability the project inferred


def _missing_site_status(status: str) -> Patch:
    """A patch of the spec's chosen status for a missing site (`x-missing-site-status`): the clean mock answers it."""

    def patch(spec: Spec) -> None:
        home = spec.home_site
        spec.document["paths"][home.path][home.method.lower()][MISSING_SITE_STATUS] = status

    return patch


def _client_id_from_key(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    customer = dataset.by_key(exchange.key)
    return exchange if customer is None else exchange.as_customer(customer.tenant)


def _required_error_fields_only(exchange: Exchange, answer: Answer, dataset: Dataset) -> Answer:
    body = answer.json()
    if answer.status >= 400 and isinstance(body, dict) and "errorCode" in body:
        return answer.with_json({"errorCode": body["errorCode"], "message": body["message"]})
    return answer


def _dotnet_time(value: Any) -> Any:
    if value == NEVER:
        return DOTNET_NEVER
    match = PLAIN_TIME.match(value) if isinstance(value, str) else None
    return f"{match.group(1)}.{zlib.crc32(value.encode()) % 10**7:07d}Z" if match else value


def _empty_list_404(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    if (
        exchange.operation == exchange.spec.drivers_for_sites
        and decode_json(exchange.body) == {exchange.spec.id_list_property: []}
        and dataset.by_key(exchange.key)
    ):
        return Answer.of_json(404, error_body(404, SITES_NOT_FOUND, "No sites asked for."))
    return exchange


def _one_entry_per_id(exchange: Exchange, answer: Answer, dataset: Dataset) -> Answer:
    body = answer.json()
    if exchange.operation != exchange.spec.drivers_for_sites or answer.status != 200 or not isinstance(body, list):
        return answer
    by_site = {str(entry["groupId"]): entry for entry in body}
    return answer.with_json([by_site[str(i)] for i in exchange.site_ids or [] if str(i) in by_site])


def _overflow_not_found(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    ids = exchange.site_ids
    if ids is None or not dataset.by_key(exchange.key):
        return exchange
    if ids and all(type(i) is int for i in ids) and any(i not in INT64 for i in ids):
        return Answer.of_json(404, error_body(404, SITES_NOT_FOUND, "No site of this customer among the ids."))
    return exchange


def _foreign_site_401(exchange: Exchange, answer: Answer, dataset: Dataset) -> Answer:
    foreign = any(dataset.owner_of(site_id) for site_id in exchange.path_parameters.values())
    if exchange.operation == exchange.spec.home_site and foreign and answer.error_code == SITE_NOT_FOUND:
        return Answer.of_json(401, error_body(401, UNAUTHORISED, "Not authorised for this site."))
    return answer


def _variant(name: str, summary: str, differs_on: str = "", **parts: Any) -> Behaviour:
    """`differs_on`: assumed requirement ids, each on every operation it applies to, or `ID@<operation label>`."""
    return Behaviour(name, Kind.VARIANT, summary, expected=frozenset(filter(None, differs_on.split(","))), **parts)


VARIANTS: tuple[Behaviour, ...] = (
    _variant(
        "missing-site-401",
        "Answers a missing site on operation 1 with 401 ('Customer not found or not authorised'), not 400.",
        "A-MISSING-SITE-400",
        patch=_missing_site_status("401"),
    ),
    _variant(
        "client-id-unbound",
        "Takes the customer from the key alone: a key works with any client id.",
        "A-CLIENT-ID-BOUND",
        before=_client_id_from_key,
    ),
    _variant(
        "required-error-fields-only",
        "Sends error bodies with only errorCode and message.",
        after=_required_error_fields_only,
    ),
    _variant(
        "absent-not-null",
        "Leaves null properties out of the body instead of sending null.",
        after=each_object(lambda obj: {key: value for key, value in obj.items() if value is not None}),
    ),
    _variant(
        "dotnet-timestamps",
        "Sends timestamps with 7 fractional digits and 0001-01-01T00:00:00Z for a tag that never expires.",
        after=each_object(lambda obj: {key: _dotnet_time(value) for key, value in obj.items()}),
    ),
    _variant(
        "extra-properties",
        "Sends properties the spec does not name in every object.",
        after=each_object(lambda obj: {**obj, "lastModifiedBy": "integration-sync", "etag": f"W/{len(obj)}"}),
    ),
    _variant(
        "empty-list-404",
        "Answers an empty list of site ids with 404 (no sites), not 400.",
        "A-EMPTY-LIST-400",
        before=_empty_list_404,
    ),
    _variant(
        "duplicates-repeated",
        "Answers a site asked for twice twice.",
        "A-DUPLICATES-ONCE",
        after=_one_entry_per_id,
    ),
    _variant(
        "unsupported-method-404",
        "Answers a method the spec does not declare with 404, not 405 and Allow.",
        "A-405",
        after=lambda _, answer, __: (
            Answer.of_json(404, error_body(404, "NOT_FOUND", "Not found.")) if answer.status == 405 else answer
        ),
    ),
    _variant(
        "empty-401-body",
        "Answers 401 with no body, as Azure Functions does for a wrong function key.",
        "A-ERROR-BODY",
        after=lambda _, answer, __: Answer(401) if answer.status == 401 else answer,
    ),
    _variant(
        "nulls-where-inferred",
        "Sends null for Charger.evseId and Socket.socketPowerType, whose non-nullability is inferred.",
        "A-INFERRED-TYPES",
        after=each_object(lambda obj: {key: None if key in INFERRED else value for key, value in obj.items()}),
    ),
    _variant(
        "overflow-ids-not-found",
        "Answers site ids beyond int64 on operation 2 with 404 (no such sites), not 400.",
        f"A-INT64-400@{SPEC.drivers_for_sites.label}",
        before=_overflow_not_found,
    ),
    _variant(
        "foreign-site-401",
        "Answers another customer's site on operation 1 with 401, a missing one with 400.",
        f"A-FOREIGN-LIKE-MISSING@{SPEC.home_site.label}",
        after=_foreign_site_401,
    ),
)
