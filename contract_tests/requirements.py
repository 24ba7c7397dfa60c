"""The catalog: every requirement the contract tests check, with its level, its source and its checks.

A level comes from the source: contract (stated by openapi.yaml and documented by the vendor) and
semantics (the vendor's words a schema cannot express) fail the run; assumed (this project's reading,
docs/reconstruction.md) is a warning, a failure in strict mode. A requirement names its checks by the
functions themselves; a domain test declares the requirement it verifies, and only there, with
`@pytest.mark.requirement(<id>, <operation>)`, checked at collection. tests/contract/test_catalog.py
holds this catalog, docs/reconstruction.md and openapi.yaml's `x-provenance` annotations together.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks as openapi

from contract_tests import checks
from emabler_spec import MISSING_SITE_STATUS, SPEC

OP1, OP2 = SPEC.home_site.label, SPEC.drivers_for_sites.label
BOTH = tuple(op.label for op in SPEC.operations)


class Level(enum.Enum):
    """How much a requirement weighs, by its source."""

    CONTRACT = "contract"
    SEMANTICS = "semantics"
    ASSUMED = "assumed"

    def fails_run(self, strict: bool) -> bool:
        """True when a failure at this level makes the server not conform."""
        return self is not Level.ASSUMED or strict


@dataclass(frozen=True)
class Requirement:
    """One thing a conforming server does, traced to its source."""

    id: str
    level: Level
    statement: str
    source: str
    operations: tuple[str, ...]
    checks: tuple[Callable[..., Any], ...] = ()  # beside the domain tests marked with its id

    @property
    def check_names(self) -> tuple[str, ...]:
        """The checks' names, as Schemathesis reports their results."""
        return tuple(check.__name__ for check in self.checks)

    @property
    def conditional(self) -> bool:
        """True when only the suite's response checks verify it, which apply to some answers only (a 200 with a
        JSON body, a documented error status): a complete run may leave it untested."""
        return bool(self.checks) and set(self.checks) <= set(checks.CUSTOM_CHECKS)


_CATALOG: tuple[Requirement, ...] = (
    Requirement(
        "C-STATUS",
        Level.CONTRACT,
        "Every answer has a status the operation documents (400, 401, 200; and 404 on operation 2).",
        "openapi.yaml responses; the vendor pages' response lists",
        BOTH,
        (openapi.status_code_conformance,),
    ),
    Requirement(
        "C-NO-SERVER-ERROR",
        Level.CONTRACT,
        "No request, valid or not, gets a 5xx.",
        "openapi.yaml responses (no 5xx is documented)",
        BOTH,
        (not_a_server_error, checks.server_answers),
    ),
    Requirement(
        "C-SCHEMA",
        Level.CONTRACT,
        "Every 200 body has the documented types, formats, enums and nullability of the documented properties.",
        "openapi.yaml schemas, as typed by the vendor's pages (x-provenance keywords relaxed)",
        BOTH,
        (openapi.response_schema_conformance,),
    ),
    Requirement(
        "C-CONTENT-TYPE",
        Level.CONTRACT,
        "Every 200 body is sent as application/json.",
        "openapi.yaml responses",
        BOTH,
        (openapi.content_type_conformance,),
    ),
    Requirement(
        "C-HEADERS",
        Level.CONTRACT,
        "Every documented response header is present and valid (none is documented today).",
        "openapi.yaml responses",
        BOTH,
        (openapi.response_headers_conformance,),
    ),
    Requirement(
        "C-VALIDATION",
        Level.CONTRACT,
        "Requests that follow the contract are accepted; requests that break it are rejected.",
        "openapi.yaml parameters and request body, as documented",
        BOTH,
        (openapi.positive_data_acceptance, openapi.negative_data_rejection, openapi.missing_required_header),
    ),
    Requirement(
        "C-AUTH",
        Level.CONTRACT,
        "A request without the key, or with a key that is not the customer's, is refused with 401.",
        "openapi.yaml security (x-functions-key); the vendor pages' 401",
        BOTH,
        (openapi.ignored_auth,),
    ),
    Requirement(
        "C-ID-LIMIT",
        Level.CONTRACT,
        f"Operation 2 answers 1 to {SPEC.max_ids} site ids and refuses more with 400.",
        f"openapi.yaml GroupIdsRequest (maxItems {SPEC.max_ids}); the vendor page: 'The limit of ids ... is 20'",
        (OP2,),
    ),
    Requirement(
        "C-IDS-INT64",
        Level.CONTRACT,
        "A site id that is not an integer (a string, a fraction, null, a boolean) is refused with 400; "
        "one beyond int64 is refused with a documented 4xx.",
        "the vendor: 'Ids are 64-bit integers'; 400 'Errors in the route parameters'",
        BOTH,
    ),
    Requirement(
        "C-BODY-REQUIRED",
        Level.CONTRACT,
        "Operation 2 without a body, or with a body that is not JSON, is refused with 400.",
        "openapi.yaml requestBody.required; the vendor page marks the body required",
        (OP2,),
    ),
    Requirement(
        "S-MISSING-SITE-REFUSED",
        Level.SEMANTICS,
        "Operation 1 refuses a site that does not exist with a documented error status, never 200.",
        "the vendor page of operation 1: 'the specific home site'; its documented 400 and 401",
        (OP1,),
    ),
    Requirement(
        "S-MISSING-SITES-404",
        Level.SEMANTICS,
        "Operation 2 answers 404 when none of the sites is the customer's or has drivers.",
        "the vendor page of operation 2: 404 'Site(s) not found for the customer or the site(s) have no drivers'",
        (OP2,),
    ),
    Requirement(
        "S-TENANT-ISOLATION",
        Level.SEMANTICS,
        "One customer's key never reads another customer's sites.",
        "the vendor pages: 'Customer not found or not authorised', 'Site(s) not found for the customer'",
        BOTH,
    ),
    Requirement(
        "S-ASKED-SITES",
        Level.SEMANTICS,
        "Operation 1 answers the site asked for; operation 2 answers only sites that were asked for.",
        "the vendor pages: 'Get the specific home site', 'drivers ... to the sites' chargers'",
        BOTH,
        (checks.asked_sites,),
    ),
    Requirement(
        "A-MISSING-SITE-400",
        Level.ASSUMED,
        f"Operation 1 answers a site that does not exist with {SPEC.missing_site_status} "
        f"(the spec's {MISSING_SITE_STATUS}), not another error status.",
        "docs/reconstruction.md, operation 1, 400 (chosen)",
        (OP1,),
    ),
    Requirement(
        "A-FOREIGN-LIKE-MISSING",
        Level.ASSUMED,
        "Another customer's site is answered exactly like a site that does not exist (same status and code).",
        "docs/reconstruction.md, operation 1, 400; operation 2, 404 (chosen)",
        BOTH,
    ),
    Requirement(
        "A-CLIENT-ID-BOUND",
        Level.ASSUMED,
        "The key used with another customer's client id is refused with 401.",
        "docs/reconstruction.md, security, client id (inferred)",
        BOTH,
    ),
    Requirement(
        "A-EMPTY-LIST-400",
        Level.ASSUMED,
        "Operation 2 refuses an empty list of site ids with 400 (minItems: 1).",
        "docs/reconstruction.md, operation 2, minimum (chosen)",
        (OP2,),
    ),
    Requirement(
        "A-DUPLICATES-ONCE",
        Level.ASSUMED,
        "Operation 2 accepts repeated site ids and answers each site once.",
        "docs/reconstruction.md, operation 2, duplicates (chosen)",
        (OP2,),
    ),
    Requirement(
        "A-INT64-400",
        Level.ASSUMED,
        "A site id beyond int64 is refused with 400 (not as a missing site).",
        "docs/reconstruction.md, Int64Id (chosen)",
        BOTH,
    ),
    Requirement(
        "A-ERROR-BODY",
        Level.ASSUMED,
        "Every 400, 401 and 404 carries the Error body as JSON, with errorCode and message.",
        "docs/reconstruction.md, error bodies (inferred shape, chosen required fields)",
        BOTH,
        (checks.error_body,),
    ),
    Requirement(
        "A-INFERRED-TYPES",
        Level.ASSUMED,
        "Properties whose type the project inferred have it (ids int64, isSpare boolean, int32 formats, "
        "evseId ... meterType and socketPowerType never null, termsAndConditions a URI).",
        "docs/reconstruction.md, schemas (inferred rows)",
        BOTH,
    ),
    Requirement(
        "A-405",
        Level.ASSUMED,
        "A method the operation does not declare is answered 405 with an Allow header naming the declared ones.",
        "docs/reconstruction.md, routes (chosen: HTTP's reading of an undeclared method)",
        BOTH,
        (openapi.unsupported_method, openapi.allow_header_conformance),
    ),
)

CATALOG: dict[str, Requirement] = {requirement.id: requirement for requirement in _CATALOG}


_BY_CHECK: dict[str, Requirement] = {name: r for r in reversed(_CATALOG) for name in r.check_names}


def for_check(name: str) -> Requirement | None:
    """The requirement the check of that name verifies, or None for a check the catalog does not use."""
    return _BY_CHECK.get(name)  # looked up for every check of every answer: the proxy judges in line


def pairs(requirements: Iterable[Requirement] = _CATALOG) -> list[tuple[Requirement, str]]:
    """Every (requirement, operation) the run must evaluate, in catalog order."""
    return [(r, operation) for r in requirements for operation in r.operations]
