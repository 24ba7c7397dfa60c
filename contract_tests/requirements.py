"""The catalog: every requirement the contract tests check, with its level and its source.

A requirement's level comes from where it comes from:

- contract: stated by openapi.yaml and documented by the vendor; a failure fails the run;
- semantics: the vendor's words that a schema cannot express; a failure fails the run;
- assumed: this project's inferred or chosen reading (docs/reconstruction.md); a failure
  is a warning, and fails the run only in strict mode.

Each requirement names the checks that verify it: Schemathesis' own checks, the checks
registered in contract_tests/checks.py, and the domain tests (contract_tests/test_*.py,
which carry `@pytest.mark.requirement(<id>)`). docs/reconstruction.md names the assumed
ones beside the rows they come from, and openapi.yaml's `x-provenance` annotations name
the one that checks each relaxed keyword; tests/contract/test_catalog.py holds all three
together.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from emabler_spec import SPEC

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


# The suite's own response checks (contract_tests/checks.py): each applies to some answers only
# (a 200 with a JSON body, a documented error status) and passes over the others.
CONDITIONAL_CHECKS = frozenset({"error_body", "asked_sites"})


@dataclass(frozen=True)
class Requirement:
    """One thing a conforming server does, traced to its source."""

    id: str
    level: Level
    statement: str
    source: str
    operations: tuple[str, ...]
    checks: tuple[str, ...]

    @property
    def conditional(self) -> bool:
        """True when only checks that apply to some answers verify it: a complete run may not test it."""
        return all(check in CONDITIONAL_CHECKS for check in self.checks)


_CATALOG: tuple[Requirement, ...] = (
    Requirement(
        "C-STATUS",
        Level.CONTRACT,
        "Every answer has a status the operation documents (400, 401, 200; and 404 on operation 2).",
        "openapi.yaml responses; the vendor pages' response lists",
        BOTH,
        ("status_code_conformance", "test_an_empty_list_is_answered_with_a_documented_status"),
    ),
    Requirement(
        "C-NO-SERVER-ERROR",
        Level.CONTRACT,
        "No request, valid or not, gets a 5xx.",
        "openapi.yaml responses (no 5xx is documented)",
        BOTH,
        ("not_a_server_error", "server_answers"),
    ),
    Requirement(
        "C-SCHEMA",
        Level.CONTRACT,
        "Every 200 body has the documented types, formats, enums and nullability of the documented properties.",
        "openapi.yaml schemas, as typed by the vendor's pages (x-provenance keywords relaxed)",
        BOTH,
        ("response_schema_conformance", "test_every_known_site_has_the_documented_shape"),
    ),
    Requirement(
        "C-CONTENT-TYPE",
        Level.CONTRACT,
        "Every 200 body is sent as application/json.",
        "openapi.yaml responses",
        BOTH,
        ("content_type_conformance",),
    ),
    Requirement(
        "C-HEADERS",
        Level.CONTRACT,
        "Every documented response header is present and valid (none is documented today).",
        "openapi.yaml responses",
        BOTH,
        ("response_headers_conformance",),
    ),
    Requirement(
        "C-VALIDATION",
        Level.CONTRACT,
        "Requests that follow the contract are accepted; requests that break it are rejected.",
        "openapi.yaml parameters and request body, as documented",
        BOTH,
        ("positive_data_acceptance", "negative_data_rejection", "missing_required_header"),
    ),
    Requirement(
        "C-AUTH",
        Level.CONTRACT,
        "A request without the key, or with a key that is not the customer's, is refused with 401.",
        "openapi.yaml security (x-functions-key); the vendor pages' 401",
        BOTH,
        ("ignored_auth", "test_a_missing_or_wrong_key_is_refused_with_401"),
    ),
    Requirement(
        "C-ID-LIMIT",
        Level.CONTRACT,
        f"Operation 2 answers 1 to {SPEC.max_ids} site ids and refuses more with 400.",
        f"openapi.yaml GroupIdsRequest (maxItems {SPEC.max_ids}); the vendor page: 'The limit of ids ... is 20'",
        (OP2,),
        (
            "test_1_known_site_id_is_answered_with_200",
            "test_the_most_site_ids_are_accepted_with_200",
            "test_one_site_id_too_many_is_refused_with_400",
            "test_1000_site_ids_are_refused_with_400",
        ),
    ),
    Requirement(
        "C-IDS-INT64",
        Level.CONTRACT,
        "A site id that is not an integer (a string, a fraction, null, a boolean) is refused with 400; "
        "one beyond int64 is refused with a documented 4xx.",
        "the vendor: 'Ids are 64-bit integers'; 400 'Errors in the route parameters'",
        BOTH,
        (
            "test_a_site_id_that_is_not_an_integer_is_refused_with_400",
            "test_a_site_id_beyond_int64_is_refused",
        ),
    ),
    Requirement(
        "C-BODY-REQUIRED",
        Level.CONTRACT,
        "Operation 2 without a body, or with a body that is not JSON, is refused with 400.",
        "openapi.yaml requestBody.required; the vendor page marks the body required",
        (OP2,),
        ("test_a_missing_body_is_refused_with_400", "test_malformed_json_is_refused_with_400"),
    ),
    Requirement(
        "S-MISSING-SITE-REFUSED",
        Level.SEMANTICS,
        "Operation 1 refuses a site that does not exist with a documented error status, never 200.",
        "the vendor page of operation 1: 'the specific home site'; its documented 400 and 401",
        (OP1,),
        ("test_a_missing_site_is_refused_on_operation_1",),
    ),
    Requirement(
        "S-MISSING-SITES-404",
        Level.SEMANTICS,
        "Operation 2 answers 404 when none of the sites is the customer's or has drivers.",
        "the vendor page of operation 2: 404 'Site(s) not found for the customer or the site(s) have no drivers'",
        (OP2,),
        ("test_missing_sites_are_answered_404_on_operation_2",),
    ),
    Requirement(
        "S-TENANT-ISOLATION",
        Level.SEMANTICS,
        "One customer's key never reads another customer's sites.",
        "the vendor pages: 'Customer not found or not authorised', 'Site(s) not found for the customer'",
        BOTH,
        ("test_another_customer_cannot_read_a_site",),
    ),
    Requirement(
        "S-ASKED-SITES",
        Level.SEMANTICS,
        "Operation 1 answers the site asked for; operation 2 answers only sites that were asked for.",
        "the vendor pages: 'Get the specific home site', 'drivers ... to the sites' chargers'",
        BOTH,
        ("asked_sites",),
    ),
    Requirement(
        "A-MISSING-SITE-400",
        Level.ASSUMED,
        "Operation 1 answers a site that does not exist with 400, not 401.",
        "docs/reconstruction.md, operation 1, 400 (chosen)",
        (OP1,),
        ("test_a_missing_site_is_answered_400_on_operation_1",),
    ),
    Requirement(
        "A-FOREIGN-LIKE-MISSING",
        Level.ASSUMED,
        "Another customer's site is answered exactly like a site that does not exist (same status and code).",
        "docs/reconstruction.md, operation 1, 400; operation 2, 404 (chosen)",
        BOTH,
        ("test_a_foreign_site_is_answered_like_a_missing_one",),
    ),
    Requirement(
        "A-CLIENT-ID-BOUND",
        Level.ASSUMED,
        "The key used with another customer's client id is refused with 401.",
        "docs/reconstruction.md, security, client id (inferred)",
        BOTH,
        ("test_the_key_with_another_client_id_is_refused_with_401",),
    ),
    Requirement(
        "A-EMPTY-LIST-400",
        Level.ASSUMED,
        "Operation 2 refuses an empty list of site ids with 400 (minItems: 1).",
        "docs/reconstruction.md, operation 2, minimum (chosen)",
        (OP2,),
        ("test_an_empty_list_is_refused_with_400",),
    ),
    Requirement(
        "A-DUPLICATES-ONCE",
        Level.ASSUMED,
        "Operation 2 accepts repeated site ids and answers each site once.",
        "docs/reconstruction.md, operation 2, duplicates (chosen)",
        (OP2,),
        ("test_repeated_site_ids_are_answered_once",),
    ),
    Requirement(
        "A-INT64-400",
        Level.ASSUMED,
        "A site id beyond int64 is refused with 400 (not as a missing site).",
        "docs/reconstruction.md, Int64Id (chosen)",
        BOTH,
        ("test_a_site_id_beyond_int64_is_refused_with_400",),
    ),
    Requirement(
        "A-ERROR-BODY",
        Level.ASSUMED,
        "Every 400, 401 and 404 carries the Error body as JSON, with errorCode and message.",
        "docs/reconstruction.md, error bodies (inferred shape, chosen required fields)",
        BOTH,
        ("error_body",),
    ),
    Requirement(
        "A-INFERRED-TYPES",
        Level.ASSUMED,
        "Properties whose type the project inferred have it (ids int64, isSpare boolean, int32 formats, "
        "evseId ... meterType and socketPowerType never null, termsAndConditions a URI).",
        "docs/reconstruction.md, schemas (inferred rows)",
        BOTH,
        ("test_every_known_site_has_the_inferred_types",),
    ),
    Requirement(
        "A-405",
        Level.ASSUMED,
        "A method the operation does not declare is answered 405 with an Allow header naming the declared ones.",
        "docs/reconstruction.md, routes (chosen: HTTP's reading of an undeclared method)",
        BOTH,
        ("unsupported_method", "allow_header_conformance", "test_an_undeclared_method_is_answered_405_with_allow"),
    ),
)

CATALOG: dict[str, Requirement] = {requirement.id: requirement for requirement in _CATALOG}


def for_check(check: str) -> Requirement | None:
    """The requirement a check verifies, or None for a check the catalog does not use."""
    return next((r for r in _CATALOG if check in r.checks), None)


def pairs(requirements: Iterable[Requirement] = _CATALOG) -> list[tuple[Requirement, str]]:
    """Every (requirement, operation) the run must evaluate, in catalog order."""
    return [(r, operation) for r in requirements for operation in r.operations]
