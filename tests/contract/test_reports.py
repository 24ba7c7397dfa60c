"""report.html and the raw evidence beside it: every complete run writes them with the other reports (Schemathesis'
own HTML and HAR of its run, a HAR of the hand-made calls), self-contained and masked; they show the run's identity,
each failure's evidence and the coverage of the contract; a run removes those of an earlier run at its start."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

from contract_tests import recording
from contract_tests.coverage import id_list_boundaries
from contract_tests.evidence import BODY_EXCERPT, Evidence
from contract_tests.identity import Identity, spec_sha256
from contract_tests.masking import MASK, Masker
from contract_tests.outcomes import Outcomes
from contract_tests.readings import behind
from contract_tests.reporting import BUNDLE, FILES, _html
from contract_tests.requirements import pairs
from contract_tests.verdict import Grade
from emabler_spec import SPEC
from mock_server import build_dataset
from tests.checkout import contract_command, contract_env

OP1, OP2 = SPEC.home_site.label, SPEC.drivers_for_sites.label


def _summary(reports: Path) -> dict[str, object]:
    found: dict[str, object] = json.loads((reports / "summary.json").read_text())
    return found


def test_a_complete_run_writes_report_html_and_schemathesis_own_reports_beside_the_others(clean_reports: Path) -> None:
    names = {path.relative_to(clean_reports).as_posix() for path in clean_reports.rglob("*") if path.is_file()}
    assert names == {*FILES, *recording.PUBLISHED, BUNDLE}
    assert "report.html" in FILES
    for har in (recording.HAR, recording.CALLS_HAR):
        entries = json.loads((clean_reports / har).read_text())["log"]["entries"]
        assert entries, har
        headers = [{h["name"].lower(): h["value"] for h in entry["request"]["headers"]} for entry in entries]
        assert {each.get(SPEC.key_header) for each in headers} <= {MASK, None}  # Schemathesis' mask, or no key sent
        bodies = [entry["response"]["content"] for entry in entries]
        assert max(len(body.get("text") or "") for body in bodies) == recording.HAR_BODY  # 20 sites' drivers: more
        assert all(("comment" in body) == (len(body.get("text") or "") == recording.HAR_BODY) for body in bodies)
    assert "Schemathesis" in (clean_reports / recording.HTML).read_text()
    page = (clean_reports / "report.html").read_text()
    for name in recording.PUBLISHED:  # linked as the raw evidence
        assert f'href="{name}"' in page


def test_report_html_fetches_nothing_and_runs_no_script(clean_reports: Path, faulty_reports: Path) -> None:
    for reports in (clean_reports, faulty_reports):
        page = (reports / "report.html").read_text()
        assert "<script" not in page
        assert not re.search(r"\bsrc=|@import|url\(", page)
        hrefs = re.findall(r'href="([^"]*)"', page)
        assert hrefs
        assert all(href.startswith("#") or href in recording.PUBLISHED for href in hrefs), hrefs


def test_report_html_names_the_runs_identity(faulty_reports: Path) -> None:
    page = (faulty_reports / "report.html").read_text()
    identity = _summary(faulty_reports)["identity"]
    assert isinstance(identity, dict)
    assert identity["spec_sha256"] == spec_sha256()
    assert set(identity["tools"]) >= {"schemathesis"}
    assert identity["max_examples"] == 5
    assert isinstance(identity["duration_seconds"], float)
    for shown in ("embedded mock (fault: limit-not-enforced)", SPEC.version, spec_sha256(), str(identity["seed"])):
        assert shown in page, shown
    assert "5 examples per operation" in page
    assert "off: assumed requirements warn" in page


def test_the_coverage_shows_statuses_id_list_boundaries_and_enum_values(
    clean_reports: Path, faulty_reports: Path
) -> None:
    clean, faulty = _summary(clean_reports)["coverage"], _summary(faulty_reports)["coverage"]
    assert isinstance(clean, dict)
    assert isinstance(faulty, dict)
    for operation in SPEC.operations:  # the clean mock answers every documented status in a run
        shown = clean["statuses"][operation.label]
        assert {str(s["status"]) for s in shown if s["answers"]} == set(operation.statuses)
        assert all(s["documented"] for s in shown)
    lengths = clean["id_list_lengths"]
    for length in id_list_boundaries():
        assert lengths[str(length)], f"{length} site ids were never sent"
    one_too_many = str(SPEC.max_ids + 1)
    assert "200" not in lengths[one_too_many]
    assert "200" in faulty["id_list_lengths"][one_too_many]  # the fault accepts one site id too many
    assert set(clean["enum_values"]) == set(SPEC.enum_properties)
    for name, values in clean["enum_values"].items():
        assert [v["value"] for v in values if v["documented"]] == list(SPEC.enum_properties[name])
        assert any(v["seen"] for v in values), name
    page = (clean_reports / "report.html").read_text()
    assert page.count("<svg") == 2  # the status chart and the nullable grid


def test_evidence_is_masked_before_its_body_is_cut() -> None:
    key = "AbC+/dEf=="
    body = "x" * (BODY_EXCERPT - 4) + key + "y" * 100  # the key crosses the cut
    evidence = Evidence(f"got {key}", f"curl -H 'k: {key}'", 200, (("echo", key),), body, None)
    masked = evidence.masked(Masker([key]))
    assert (masked.body or "").startswith("x" * (BODY_EXCERPT - 4) + MASK[:4] + "\n")  # the mask is cut, not the key
    assert key[:4] not in (masked.body or "")
    assert masked.headers == (("echo", MASK),)
    assert (masked.message, masked.curl) == (f"got {MASK}", f"curl -H 'k: {MASK}'")
    assert (masked.body or "").endswith(
        f"... (the first {BODY_EXCERPT} of {len(body) - len(key) + len(MASK)} characters)"
    )


def _graded(evidence: Evidence, requirement_id: str, key: str) -> str:
    """report.html of a run in which only `requirement_id` failed on operation 2, shown by `evidence`."""
    outcomes = Outcomes(Identity("a server", seed=1), Masker([key]))
    for requirement, operation in pairs():
        failed = (requirement.id, operation) == (requirement_id, OP2)
        outcomes.record(requirement.id, operation, passed=not failed, evidence=evidence if failed else None)
    outcomes.complete()
    return _html.render(Grade(outcomes, strict=False))


def test_report_html_masks_a_key_before_it_escapes_it() -> None:
    key = "k&y<with>'html'\"chars\""  # escaped, it would no longer be what the masker looks for
    page = _graded(Evidence(f"the server said {key}", None, 400, (), f"echo {key}"), "C-STATUS", key)
    assert "the server said [Filtered]" in page
    assert "echo [Filtered]" in page
    assert key not in page
    assert "k&amp;y&lt;with" not in page


def test_an_assumed_requirements_evidence_shows_the_reading_behind_it() -> None:
    page = _graded(Evidence("expected 400, got 404"), "A-EMPTY-LIST-400", "")
    (reading,) = behind("A-EMPTY-LIST-400")
    assert "The reading behind it (docs/reconstruction.md)" in page
    assert html.escape(reading.why) in page
    assert "CONFORMS WITH WARNINGS" in page


def test_a_run_removes_the_reports_of_an_earlier_run_at_its_start(tmp_path: Path) -> None:
    # A run that finds its target unreachable ends with no verdict: nothing of the earlier run may claim one.
    reports = tmp_path / "reports"
    for name in (*FILES, *recording.PUBLISHED, BUNDLE):
        (reports / name).parent.mkdir(parents=True, exist_ok=True)
        (reports / name).write_text("an earlier run's")
    own = build_dataset().tenants[0]
    env = contract_env(
        EMABLER_BASE_URL="http://127.0.0.1:9/api",
        EMABLER_API_KEY=own.tenant.api_key,
        EMABLER_CLIENT_ID=own.tenant.client_id,
        EMABLER_SITE_IDS="1",
        EMABLER_REPORTS_DIR=str(reports),
    )
    result = subprocess.run(contract_command("run"), env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 2, result.stderr
    assert not any(path.is_file() for path in reports.rglob("*"))
