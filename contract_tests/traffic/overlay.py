"""A proposed change of the spec for each contradicted reading: an OpenAPI Overlay 1.0 document, for a person to
review and apply (`python -m emabler_spec apply-overlay`, `make apply-overlay OVERLAY=...`).

What each proposes:

- A-MISSING-SITE-400: operation 1's `x-missing-site-status` set to the status the traffic answered missing sites
  with (the most common one).
- A keyword judged on the answers' instances (A-INFERRED-TYPES' types, formats and non-nullability, A-ERROR-BODY's
  `required` and `content`): the keyword relaxed as the contract-level spec relaxes it (removed, set to its
  `relaxed` value, or `null` added to `type`), and its `x-provenance` entry removed: the spec then says no more than
  what the traffic showed and the vendor documents.
- Another requirement with keywords of its own (A-EMPTY-LIST-400's `minItems`; A-DUPLICATES-ONCE's `uniqueItems`
  when repeated ids were refused with 400): the same relaxation of those keywords.
- A requirement no keyword expresses (A-FOREIGN-LIKE-MISSING, A-CLIENT-ID-BOUND, A-INT64-400, A-405,
  A-DUPLICATES-ONCE answered repeatedly): a sentence saying what was seen, added to the description of each
  operation the requirement applies to, so the reading is revisited rather than silently kept.

Each action's `description` holds the evidence: the counts, the sample exchanges and what was seen instead.
A keyword that inherits its requirement's verdict gets no proposal of its own (its requirement's covers it), and a
requirement whose keywords have proposals gets none beside them.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import click
import yaml

from contract_tests.masking import Masker
from contract_tests.requirements import CATALOG
from contract_tests.settings import environment_keys
from contract_tests.traffic.assumptions import (
    CONFIRMED,
    CONTRADICTED,
    NOT_OBSERVED,
    SCHEMA_KEYWORDS,
    Finding,
    Traffic,
    evidence,
    read_recordings,
)
from contract_tests.traffic.exchange import RecordingError
from emabler_spec import MISSING_SITE_STATUS, NULLABLE, SPEC, Provenance, Spec, pointer, schema_types

OVERLAY_VERSION = "1.0.0"
ANNOTATION = "x-provenance"


def jsonpath(at: str) -> str:
    """The JSONPath (RFC 9535, normalized) of a JSON pointer: `/components/schemas/X` is
    `$['components']['schemas']['X']`."""
    parts = [part.replace("~1", "/").replace("~0", "~") for part in at.split("/")[1:]]
    return "$" + "".join("['" + part.replace("\\", "\\\\").replace("'", "\\'") + "']" for part in parts)


def evidence_text(finding: Finding) -> str:
    """The evidence, in a few sentences a reviewer reads."""
    tally = finding.tally
    return (
        f"Evidence from traffic ({finding.rule}): {tally.contradicted} exchange(s) contradict {finding.subject}, "
        f"{tally.confirmed} confirm it. Samples: {', '.join(tally.samples)}. "
        f"Seen instead: {'; '.join(tally.seen)}."
    )


def _relaxed(spec: Spec, entry: Provenance, evidence: str) -> list[dict[str, Any]]:
    node = spec.node(entry.pointer)
    target = jsonpath(entry.pointer)
    actions: list[dict[str, Any]] = []
    if entry.keyword == NULLABLE:
        kinds, _ = schema_types(node)
        update: dict[str, Any] = {"type": [*kinds, "null"]}
        actions.append({"target": target, "description": f"Allow null. {evidence}", "update": update})
    elif entry.removed:
        if entry.keyword not in node:
            return []
        actions.append(
            {
                "target": f"{target}['{entry.keyword}']",
                "description": f"Remove {entry.keyword}. {evidence}",
                "remove": True,
            }
        )
    else:
        update = {entry.keyword: entry.relaxed}
        actions.append({"target": target, "description": f"Set {entry.keyword}. {evidence}", "update": update})
    others = [e for e in spec.provenance if e.pointer == entry.pointer and e != entry]
    annotation = f"{target}['{ANNOTATION}']" + ("" if not others else f"['{entry.keyword}']")
    actions.append(
        {"target": annotation, "description": "The keyword is no longer this project's reading.", "remove": True}
    )
    return actions


def _missing_site_status(spec: Spec, finding: Finding, evidence: str) -> list[dict[str, Any]]:
    if not finding.tally.statuses:
        return []
    status = finding.tally.statuses.most_common(1)[0][0]
    (entry,) = [e for e in spec.provenance if e.keyword == MISSING_SITE_STATUS]
    documented = str(status) in spec.home_site.statuses
    note = "" if documented else f" {status} is not a status the operation documents: C-STATUS fails it."
    return [
        {
            "target": jsonpath(entry.pointer),
            "description": f"Answer a missing site with {status}.{note} {evidence}",
            "update": {MISSING_SITE_STATUS: str(status)},
        }
    ]


def _described(spec: Spec, finding: Finding, evidence: str) -> list[dict[str, Any]]:
    requirement = CATALOG[finding.requirement]
    actions = []
    for operation in spec.operations:
        if operation.label not in requirement.operations:
            continue
        at = pointer("paths", operation.path, operation.method.lower())
        said = str(operation.definition.get("description", "")).rstrip()
        seen = (
            f"Seen in traffic, against {finding.requirement} ({requirement.statement}): "
            f"{'; '.join(finding.tally.seen)}."
        )
        actions.append(
            {
                "target": jsonpath(at),
                "description": f"Say what the server does. {evidence}",
                "update": {"description": f"{said}\n\n{seen}\n" if said else seen},
            }
        )
    return actions


def _actions(spec: Spec, finding: Finding, findings: list[Finding]) -> list[dict[str, Any]]:
    evidence = evidence_text(finding)
    if finding.keyword is not None:
        if finding.requirement not in SCHEMA_KEYWORDS:
            return []  # its requirement's proposal covers it
        return _relaxed(spec, finding.keyword, evidence)
    covered = [f for f in findings if f.keyword and f.requirement == finding.requirement and f.verdict == CONTRADICTED]
    if finding.requirement in SCHEMA_KEYWORDS and covered:
        return []  # its keywords' proposals say it
    if finding.requirement == "A-MISSING-SITE-400":
        return _missing_site_status(spec, finding, evidence)
    own = [e for e in spec.provenance if e.requirement == finding.requirement]
    if finding.requirement == "A-DUPLICATES-ONCE" and 400 not in finding.tally.statuses:
        own = []  # answered repeatedly: no keyword says that (uniqueItems would say "refused")
    relaxed = [action for entry in own for action in _relaxed(spec, entry, evidence)]
    return relaxed or _described(spec, finding, evidence)


def proposals(spec: Spec, findings: list[Finding]) -> dict[str, dict[str, Any]]:
    """An Overlay document per contradicted finding that proposes a change, by the finding's file name."""
    found = {}
    for finding in findings:
        if finding.verdict != CONTRADICTED:
            continue
        actions = _actions(spec, finding, findings)
        if actions:
            found[finding.name] = {
                "overlay": OVERLAY_VERSION,
                "info": {"title": f"Evidence from traffic against {finding.subject}", "version": OVERLAY_VERSION},
                "actions": actions,
            }
    return found


# The command ----------------------------------------------------------------------------------------------------


def _masker() -> Masker:
    """The keys the environment holds (the contract run's settings), masked in everything written: a recording is
    masked already, and this masks again whatever a server echoed of a key the recording did not learn."""
    return Masker(environment_keys())


def _table(findings: list[Finding]) -> str:
    width = max(len(f.subject) for f in findings)
    lines = [f"{'requirement / keyword':<{width}}  {'verdict':<12}  {'confirmed':>9}  {'contradicted':>12}  samples"]
    for f in findings:
        samples = ", ".join(f.tally.samples[:3])
        seen = f" (seen: {'; '.join(f.tally.seen[:2])})" if f.tally.seen else ""
        counts = f"{f.tally.confirmed:>9}  {f.tally.contradicted:>12}"
        lines.append(f"{f.subject:<{width}}  {f.verdict:<12}  {counts}  {samples}{seen}")
    return "\n".join(lines)


def _markdown(recordings: list[Path], count: int, findings: list[Finding], written: dict[str, Path]) -> str:
    lines = [
        "# Evidence from traffic for the spec's assumed readings",
        "",
        f"{count} exchange(s) read from {', '.join(path.name for path in recordings)}.",
        "Each assumed requirement and each keyword `x-provenance` annotates: **confirmed** (the traffic agrees),",
        "**contradicted** (it does not: samples and what was seen instead) or **not observed**.",
        "",
        "| requirement / keyword | verdict | confirmed | contradicted | samples | seen instead | rule |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in findings:
        cells = [
            f"`{f.subject}`",
            f"**{f.verdict}**" if f.verdict == CONTRADICTED else f.verdict,
            str(f.tally.confirmed),
            str(f.tally.contradicted),
            ", ".join(f.tally.samples),
            "; ".join(f.tally.seen),
            f.rule,
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    if written:
        lines += ["", "## Proposals", "", "Review each, then apply it with `make apply-overlay OVERLAY=<file>`:", ""]
        lines += [f"- `{name}`: `{path}`" for name, path in written.items()]
    return "\n".join(lines) + "\n"


def _clear(reports_dir: Path) -> None:
    """The evidence of an earlier run: no file may claim what this run did not find."""
    for name in (JSON_FILE, MARKDOWN_FILE):
        (reports_dir / name).unlink(missing_ok=True)
    for path in (reports_dir / PROPOSALS).glob(f"*{SUFFIX}"):
        path.unlink()


JSON_FILE, MARKDOWN_FILE, PROPOSALS, SUFFIX = "evidence.json", "evidence.md", "proposals", ".overlay.yaml"


def evidence_command(recordings: list[Path], reports_dir: Path, spec: Spec = SPEC) -> int:
    """`emabler-contract evidence`: the table on stdout, the reports and the proposals written; the exit code."""
    mask = _masker()
    try:
        _clear(reports_dir)
        traffic = read_recordings(recordings, spec)
        findings = evidence(traffic)
        return _write_reports(recordings, reports_dir, spec, traffic, findings, mask)
    except RecordingError as error:
        click.echo(f"error: {mask(str(error))}", err=True)
    except OSError as error:  # the reports folder cannot be written
        click.echo(f"error: {mask(str(error.filename or reports_dir))}: {error.strerror}", err=True)
    return 2


def _write_reports(
    recordings: list[Path], reports_dir: Path, spec: Spec, traffic: Traffic, findings: list[Finding], mask: Masker
) -> int:
    written: dict[str, Path] = {}
    origin = ", ".join(path.name for path in recordings)
    for name, document in proposals(spec, findings).items():
        path = reports_dir / PROPOSALS / f"{name}{SUFFIX}"
        path.parent.mkdir(parents=True, exist_ok=True)
        header = (
            f"# Proposed by `emabler-contract evidence` from {origin}: review it, then\n"
            f"# make apply-overlay OVERLAY={path}\n"
        )
        body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)
        path.write_text(mask(header + body), encoding="utf-8")
        written[name] = path
    reports_dir.mkdir(parents=True, exist_ok=True)
    summary = {
        "recordings": [str(path) for path in recordings],
        "exchanges": len(traffic.seen),
        "findings": [f.to_json() for f in findings],
        "proposals": {name: str(path) for name, path in written.items()},
    }
    (reports_dir / JSON_FILE).write_text(mask(json.dumps(summary, indent=2)) + "\n", encoding="utf-8")
    markdown = _markdown(recordings, len(traffic.seen), findings, written)
    (reports_dir / MARKDOWN_FILE).write_text(mask(markdown), encoding="utf-8")
    click.echo(mask(_table(findings)))
    counts = Counter(f.verdict for f in findings)
    for path in written.values():
        click.echo(mask(f"proposed: {path}"))
    click.echo(
        mask(
            f"evidence: {counts[CONTRADICTED]} contradicted, {counts[CONFIRMED]} confirmed, "
            f"{counts[NOT_OBSERVED]} not observed ({len(traffic.seen)} exchanges). "
            f"Reports: {reports_dir / MARKDOWN_FILE} , {reports_dir / JSON_FILE}"
        )
    )
    return 1 if counts[CONTRADICTED] else 0
