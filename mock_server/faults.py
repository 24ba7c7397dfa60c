"""The faults: each makes the mock break the contract in exactly one way.

Each is a spec patch and/or a wrapper around the clean mock (see `behaviours.py`); the
contract tests must catch every one of them (`make fault-matrix`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from emabler_spec import SPEC
from mock_server._asgi import Answer
from mock_server._behaviour import After, Behaviour, Exchange, Kind, each_object
from mock_server._errors import BAD_REQUEST, INTERNAL, SITE_NOT_FOUND, error_body
from mock_server.data import Dataset

LIMIT = SPEC.max_ids  # for the summaries: a request's decisions read the app's spec, `exchange.spec`
GROUP_TYPE_NAMES = ("Private", "Public", "Company", "Housing", "Visitor")


def rewrite_200(key: str, new: Callable[[Any], Any]) -> After:
    """Replace the value of `key` in every object of each 200 body (a null stays null)."""
    return each_object(lambda obj: {k: new(v) if k == key and v is not None else v for k, v in obj.items()})


def _crash_on_a_full_batch(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    ids = exchange.site_ids
    if ids is not None and len(ids) == exchange.spec.max_ids:
        return Answer.of_json(500, error_body(500, INTERNAL, "Simulated server error."))
    return exchange


def _missing_site_as(status: int) -> After:
    def after(exchange: Exchange, answer: Answer, dataset: Dataset) -> Answer:
        if exchange.operation == exchange.spec.home_site and answer.error_code == SITE_NOT_FOUND:
            answer.status = status
        return answer

    return after


def _let_anyone_in(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    if dataset.by_key(exchange.key) is not None:
        return exchange
    return exchange.as_customer((dataset.by_client_id(exchange.client_id) or dataset.tenants[0]).tenant)


def _check_the_client_id_only(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    named = dataset.by_client_id(exchange.client_id)
    return exchange if not exchange.key or named is None else exchange.as_customer(named.tenant)


def _serve_the_owner(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    """Answer an authenticated customer as another customer who owns a site it asks for."""
    asker = dataset.by_key(exchange.key)
    home_site = exchange.operation == exchange.spec.home_site
    asked = (list(exchange.path_parameters.values()) if home_site else exchange.site_ids) or []
    owner = next((o for o in map(dataset.owner_of, asked) if o is not None and o is not asker), None)
    return exchange if asker is None or owner is None else exchange.as_customer(owner.tenant)


def _as_text(exchange: Exchange, answer: Answer, dataset: Dataset) -> Answer:
    if answer.headers.get("content-type", "").startswith("application/json"):
        answer.headers["content-type"] = "text/plain"
    return answer


def _bad_request_as_422(exchange: Exchange, answer: Answer, dataset: Dataset) -> Answer:
    if answer.status == 400 and answer.error_code == BAD_REQUEST:
        answer.status = 422
    return answer


def _accept_no_body(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    if exchange.operation == exchange.spec.drivers_for_sites and not exchange.body and dataset.by_key(exchange.key):
        return Answer.of_json(200, [])
    return exchange


def _fault(name: str, summary: str, breaks: str, **parts: Any) -> Behaviour:
    return Behaviour(name, Kind.FAULT, summary, expected=frozenset(breaks.split()), **parts)


FAULTS: tuple[Behaviour, ...] = (
    _fault(
        "null-in-non-nullable",
        "Sends null for non-nullable properties (User.name, UserGroup.groupName).",
        "C-SCHEMA",
        after=rewrite_200("name", lambda _: None),
    ),
    _fault(
        "wrong-json-type",
        'Sends int64 ids as JSON strings ("homeGroupId": "5000000001").',
        "C-SCHEMA",
        after=rewrite_200("homeGroupId", str),
    ),
    _fault(
        "enum-out-of-range", "Sends groupType 7, outside 0-4.", "C-SCHEMA", after=rewrite_200("groupType", lambda _: 7)
    ),
    _fault(
        "enum-as-name",
        'Sends groupType as a name string ("Public"), as the vendor\'s v2 API does.',
        "C-SCHEMA",
        after=rewrite_200("groupType", lambda v: GROUP_TYPE_NAMES[v] if isinstance(v, int) else v),
    ),
    _fault(
        "malformed-datetime",
        'Sends Tag.expiringDate as a local date without a time zone ("21.11.2026 14:03").',
        "C-SCHEMA",
        after=rewrite_200("expiringDate", lambda _: "21.11.2026 14:03"),
    ),
    _fault(
        "int32-overflow",
        "Sends socket fields above 2^31-1 (Socket.maxWatts = 2^31).",
        "A-INFERRED-TYPES",
        after=rewrite_200("maxWatts", lambda _: 2**31),
    ),
    _fault(
        "limit-not-enforced",
        f"Accepts more than {LIMIT} site ids.",
        "C-ID-LIMIT",
        patch=lambda spec: spec.id_list_schema.pop("maxItems"),
    ),
    _fault(
        "limit-off-by-one",
        f"Rejects {LIMIT} site ids (enforces {LIMIT - 1}).",
        "C-ID-LIMIT",
        patch=lambda spec: spec.id_list_schema.update(maxItems=spec.max_ids - 1),
    ),
    _fault(
        "server-error",
        f"Answers 500 to a valid request with exactly {LIMIT} site ids.",
        "C-NO-SERVER-ERROR",
        before=_crash_on_a_full_batch,
    ),
    _fault(
        "wrong-status-for-missing-site",
        "Answers 404 for a missing site on operation 1, where 400 is the documented status.",
        "C-STATUS S-MISSING-SITE-REFUSED",
        after=_missing_site_as(404),
    ),
    _fault(
        "auth-ignored",
        "Answers 200 without a key.",
        "C-AUTH",
        patch=lambda spec: spec.document.pop("security"),
        before=_let_anyone_in,
    ),
    _fault(
        "any-key-for-a-client-id",
        "Answers any key sent with a customer's client id as that customer (it checks the client id only).",
        "C-AUTH",
        before=_check_the_client_id_only,
    ),
    _fault(
        "tenant-leak",
        "Returns another customer's sites to this customer's key.",
        "S-TENANT-ISOLATION",
        before=_serve_the_owner,
    ),
    _fault("wrong-content-type", "Sends JSON bodies as text/plain.", "C-CONTENT-TYPE", after=_as_text),
    _fault(
        "undocumented-status",
        "Answers 422, not 400, to a request that breaks the contract.",
        "C-STATUS",
        after=_bad_request_as_422,
    ),
    _fault(
        "subgroups-as-string",
        "Sends UserGroup.subgroups as a string, like the vendor's own broken example.",
        "C-SCHEMA",
        after=rewrite_200("subgroups", lambda _: "here list of subsites"),
    ),
    _fault(
        "missing-body-accepted",
        "Accepts operation 2 without a request body.",
        "C-BODY-REQUIRED",
        before=_accept_no_body,
    ),
)
