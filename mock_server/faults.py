"""The catalog of named faults: each makes the mock deviate from the contract in one way.

A fault is data, not code paths scattered through the app: it can patch the spec the
mock validates requests with, rewrite response bodies, or flip one of a few switches
the app consults. The contract tests must catch every one of them (`make fault-matrix`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from emabler_spec import DRIVERS_FOR_SITES, ID_LIST_PROPERTY, MAX_IDS_PER_CALL, ref_name

Json = Any


def _rewrite(key: str, new: Callable[[Any], Any]) -> Callable[[Json], Json]:
    """A body rewrite that replaces the value of `key` in every object of the body."""

    def rewrite(body: Json) -> Json:
        if isinstance(body, list):
            return [rewrite(item) for item in body]
        if isinstance(body, dict):
            return {k: new(v) if k == key and v is not None else rewrite(v) for k, v in body.items()}
        return body

    return rewrite


def _set_max_items(value: int | None) -> Callable[[dict[str, Any]], None]:
    def patch(spec: dict[str, Any]) -> None:
        body = spec["paths"][DRIVERS_FOR_SITES.path]["post"]["requestBody"]["content"]["application/json"]
        group_ids = spec["components"]["schemas"][ref_name(body["schema"]["$ref"])]["properties"][ID_LIST_PROPERTY]
        if value is None:
            del group_ids["maxItems"]
        else:
            group_ids["maxItems"] = value

    return patch


def _drop_security(spec: dict[str, Any]) -> None:
    del spec["security"]


def _body_optional(spec: dict[str, Any]) -> None:
    spec["paths"][DRIVERS_FOR_SITES.path]["post"]["requestBody"]["required"] = False


GROUP_TYPE_NAMES = ("Private", "Public", "Company", "Housing", "Visitor")


@dataclass(frozen=True)
class Fault:
    """One deviation from the contract. Unset fields mean: behave as the contract says."""

    name: str
    summary: str
    rewrite_body: Callable[[Json], Json] | None = None
    patch_spec: Callable[[dict[str, Any]], None] | None = None
    ignore_auth: bool = False
    leak_tenants: bool = False
    missing_site_status: int | None = None
    invalid_request_status: int = 400
    content_type: str = "application/json"
    crash_on_full_batch: bool = False


CATALOG: tuple[Fault, ...] = (
    Fault(
        "null-in-non-nullable",
        "Sends null for non-nullable properties (User.name, UserGroup.groupName).",
        rewrite_body=_rewrite("name", lambda _: None),
    ),
    Fault(
        "wrong-json-type",
        'Sends int64 ids as JSON strings ("homeGroupId": "5000000001").',
        rewrite_body=_rewrite("homeGroupId", str),
    ),
    Fault(
        "enum-out-of-range",
        "Sends groupType 7, outside 0-4.",
        rewrite_body=_rewrite("groupType", lambda _: 7),
    ),
    Fault(
        "enum-as-name",
        'Sends groupType as a name string ("Public"), as the vendor\'s v2 API does.',
        rewrite_body=_rewrite("groupType", lambda v: GROUP_TYPE_NAMES[v] if isinstance(v, int) else v),
    ),
    Fault(
        "malformed-datetime",
        'Sends Tag.expiringDate as a local date without a time zone ("21.11.2026 14:03").',
        rewrite_body=_rewrite("expiringDate", lambda _: "21.11.2026 14:03"),
    ),
    Fault(
        "int32-overflow",
        "Sends socket fields above 2^31-1 (Socket.maxWatts = 2^31).",
        rewrite_body=_rewrite("maxWatts", lambda _: 2**31),
    ),
    Fault(
        "limit-not-enforced",
        f"Accepts more than {MAX_IDS_PER_CALL} site ids.",
        patch_spec=_set_max_items(None),
    ),
    Fault(
        "limit-off-by-one",
        f"Rejects {MAX_IDS_PER_CALL} site ids (enforces {MAX_IDS_PER_CALL - 1}).",
        patch_spec=_set_max_items(MAX_IDS_PER_CALL - 1),
    ),
    Fault(
        "server-error",
        f"Answers 500 to a valid request with exactly {MAX_IDS_PER_CALL} site ids.",
        crash_on_full_batch=True,
    ),
    Fault(
        "wrong-status-for-missing-site",
        "Answers 404 for a missing site on operation 1, where 400 is the documented status.",
        missing_site_status=404,
    ),
    Fault("auth-ignored", "Answers 200 without a key.", ignore_auth=True, patch_spec=_drop_security),
    Fault("tenant-leak", "Returns another customer's sites to this customer's key.", leak_tenants=True),
    Fault("wrong-content-type", "Sends JSON bodies as text/plain.", content_type="text/plain"),
    Fault(
        "undocumented-status",
        "Answers 422, not 400, to a request that breaks the contract.",
        invalid_request_status=422,
    ),
    Fault(
        "subgroups-as-string",
        "Sends UserGroup.subgroups as a string, like the vendor's own broken example.",
        rewrite_body=_rewrite("subgroups", lambda _: "here list of subsites"),
    ),
    Fault("missing-body-accepted", "Accepts operation 2 without a request body.", patch_spec=_body_optional),
)

CLEAN = Fault("none", "The contract, exactly.")
FAULTS: dict[str, Fault] = {fault.name: fault for fault in CATALOG}


def get_fault(name: str | None) -> Fault:
    """The fault called `name` ("none" or empty for the clean mock); ValueError if unknown."""
    if not name or name == CLEAN.name:
        return CLEAN
    try:
        return FAULTS[name]
    except KeyError:
        raise ValueError(f"unknown fault {name!r}; known: {', '.join(FAULTS)}") from None
