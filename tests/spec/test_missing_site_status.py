"""The missing-site reading is a value of the spec: operation 1's `x-missing-site-status`, annotated as this project's
choice (A-MISSING-SITE-400), read as `SPEC.missing_site_status`, dropped at the contract level."""

from __future__ import annotations

from emabler_spec import MISSING_SITE_STATUS, SPEC, Spec


def test_the_missing_site_status_is_read_from_operation_1() -> None:
    assert SPEC.missing_site_status == int(SPEC.home_site.definition[MISSING_SITE_STATUS])
    assert str(SPEC.missing_site_status) in SPEC.home_site.statuses  # one of the operation's documented statuses


def test_it_is_this_projects_choice_and_the_contract_level_leaves_it_out() -> None:
    (entry,) = [entry for entry in SPEC.provenance if entry.keyword == MISSING_SITE_STATUS]
    assert (entry.requirement, entry.removed) == ("A-MISSING-SITE-400", True)
    assert SPEC.node(entry.pointer) is SPEC.home_site.definition
    assert MISSING_SITE_STATUS not in SPEC.contract_level.home_site.definition


def test_a_spec_that_says_401_reads_401() -> None:
    def say_401(spec: Spec) -> None:
        home = spec.home_site
        spec.document["paths"][home.path][home.method.lower()][MISSING_SITE_STATUS] = "401"

    assert SPEC.patched(say_401).missing_site_status == 401
    assert SPEC.missing_site_status == int(SPEC.home_site.definition[MISSING_SITE_STATUS])  # the original as it was
