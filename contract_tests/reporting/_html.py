"""report.html: the run for a person, in one self-contained page. The verdict first; the run's identity; per operation
the matrix of requirements; each failure's and warning's evidence (the request as a curl line, the answer, where the
spec says otherwise, and for an assumed requirement the reading of docs/reconstruction.md behind it); the coverage of
the contract, in pictures where a person would rather look than read; and links to the raw evidence, Schemathesis'
own report and the HAR files of every exchange. Inline CSS and SVG only: viewing it fetches nothing and runs no
script. Every text is masked before it is escaped (an escaped key would slip past the writer's masking)."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from contract_tests import recording
from contract_tests.coverage import Coverage, id_list_boundaries
from contract_tests.evidence import Evidence
from contract_tests.identity import tools
from contract_tests.outcomes import Tally
from contract_tests.readings import behind
from contract_tests.reporting._terminal import PROBLEMS
from contract_tests.requirements import BOTH, Level, Requirement
from contract_tests.verdict import Grade, Result, Verdict
from emabler_spec import SPEC, SPEC_FILENAME

RAW = {
    recording.HTML: "Schemathesis' own report of its run",
    recording.HAR: "every exchange of the Schemathesis run (HAR)",
    recording.CALLS_HAR: "every hand-made call of the domain tests (HAR)",
}
SECTIONS = {  # each section's id and heading, in order
    "run": "The run",
    "requirements": "Requirements per operation",
    "evidence": "Failures, warnings and what was not tested",
    "coverage": "Coverage of the contract",
    "raw": "Raw evidence",
}
TONE = {Verdict.CONFORMS: "good", Verdict.WARNINGS: "warn", Verdict.FAILS: "bad", None: "none"}
RESULT_TONE = {Result.PASSED: "good", Result.WARNING: "warn", Result.FAILED: "bad"}
BOUNDARY_NAMES = ("none", "one", "the most", "one too many")

CSS = """
:root{--good:#1a7f37;--warn:#9a6700;--bad:#cf222e;--none:#57606a;--line:#d0d7de;--soft:#f6f8fa;--ink:#1f2328}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink)}
main{max-width:1100px;margin:0 auto;padding:0 24px 48px}
h2{margin:36px 0 12px;padding-bottom:4px;border-bottom:1px solid var(--line);font-size:22px}
h3{margin:20px 0 8px;font-size:17px}
h4{margin:14px 0 4px;font-size:14px;text-transform:uppercase;letter-spacing:.04em;color:var(--none)}
.verdict{padding:28px 24px;color:#fff}
.verdict p{margin:0;max-width:1100px;margin:0 auto}
.verdict h1{margin:4px auto;max-width:1100px;font-size:34px;letter-spacing:.02em}
.verdict nav{max-width:1100px;margin:12px auto 0;font-size:14px}.verdict a{color:#fff}
.verdict.good{background:var(--good)}.verdict.warn{background:var(--warn)}
.verdict.bad{background:var(--bad)}.verdict.none{background:var(--none)}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:14px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft)}
td.n{text-align:right;font-variant-numeric:tabular-nums;width:5em}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:4px 0;
white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:700;color:#fff;
background:var(--none);text-transform:uppercase}
.badge.good{background:var(--good)}.badge.warn{background:var(--warn)}.badge.bad{background:var(--bad)}
article{border:1px solid var(--line);border-left:6px solid var(--none);border-radius:6px;padding:4px 16px 12px;
margin:16px 0}
article.good{border-left-color:var(--good)}article.warn{border-left-color:var(--warn)}
article.bad{border-left-color:var(--bad)}
.muted{color:var(--none)}
.chip{display:inline-block;margin:2px;padding:0 8px;border:1px solid var(--line);border-radius:10px}
.chip.seen{background:var(--good);border-color:var(--good);color:#fff}.chip.odd{background:var(--bad);color:#fff}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;fill:var(--ink)}
"""


def render(grade: Grade) -> str:
    page = _Page(grade.outcomes.masker)
    verdict = grade.verdict
    headline = grade.headline()
    detail = headline.removeprefix(verdict.value).strip(" ()") if verdict else headline
    parts = [
        f'<header class="verdict {TONE[verdict]}"><p>Verdict of the contract run</p>',
        f"<h1>{page.text(verdict.value if verdict else 'NO VERDICT')}</h1><p>{page.text(detail)}</p>",
        page.jumps(grade),
        f"<nav>{page.navigation()}</nav></header><main>",
        page.identity(grade),
        page.matrix(grade),
        page.problems(grade),
        page.coverage(grade),
        page.links(),
        "</main></body></html>\n",
    ]
    title = page.text(f"Contract run: {headline}")
    head = f'<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}'
    return f'<!doctype html>\n<html lang="en"><head>{head}</title><style>{CSS}</style></head><body>\n{"".join(parts)}'


def anchor(requirement: Requirement, operation: str) -> str:
    """The id of a problem's section: `C-ID-LIMIT-post-sites-drivers`."""
    return f"{requirement.id}-{re.sub(r'[^a-z0-9]+', '-', operation.lower()).strip('-')}"


class _Page:
    """The sections of the page; every text masked, then escaped."""

    def __init__(self, mask: Callable[[str], str]) -> None:
        self.mask = mask

    def text(self, value: Any) -> str:
        return html.escape(self.mask(str(value)))

    def jumps(self, grade: Grade) -> str:
        """Links from the verdict to the evidence of each failure and warning."""
        links = [
            f'<a href="#{anchor(requirement, operation)}">{self.text(requirement.id)} on {self.text(operation)}</a>'
            for requirement, operation, *_ in grade.rows(Result.FAILED, Result.WARNING)
        ]
        return f"<p>Evidence: {', '.join(links)}</p>" if links else ""

    def navigation(self) -> str:
        return " · ".join(f'<a href="#{name}">{self.text(title)}</a>' for name, title in SECTIONS.items())

    def section(self, name: str, *body: str) -> str:
        return f'<section id="{name}"><h2>{self.text(SECTIONS[name])}</h2>{"".join(body)}</section>'

    def table(self, header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
        """A table of cells already in HTML."""
        head = "".join(f"<th>{self.text(cell)}</th>" for cell in header)
        body = "".join(f"<tr>{''.join(row)}</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def cell(self, value: Any, numeric: bool = False) -> str:
        return f'<td class="n">{self.text(value)}</td>' if numeric else f"<td>{self.text(value)}</td>"

    def identity(self, grade: Grade) -> str:
        identity = grade.outcomes.identity
        duration = "-" if identity.duration is None else f"{identity.duration:.1f} s"
        facts = {
            "Target": identity.target,
            "To reproduce a request": identity.reproduce or "send the curl lines below to the target",
            "Contract": f"{SPEC_FILENAME} version {identity.spec}",
            "Tools": ", ".join(f"{name} {version}" for name, version in tools().items()),
            "Seed": identity.seed,
            "Budget": f"{identity.budget} examples per operation (max-examples)",
            "Strict": "on: assumed requirements fail the run" if grade.strict else "off: assumed requirements warn",
            "Started": identity.started.isoformat(timespec="seconds"),
            "Duration": duration,
        }
        rows = "".join(f"<dt>{self.text(name)}</dt><dd>{self.text(value)}</dd>" for name, value in facts.items())
        return self.section("run", f"<dl>{rows}</dl>")

    def matrix(self, grade: Grade) -> str:
        parts = []
        for operation in BOTH:
            rows = []
            for requirement, result, tally in ((r, res, t) for r, op, res, t in grade.rows() if op == operation):
                name = self.text(requirement.id)
                if result in PROBLEMS:
                    name = f'<a href="#{anchor(requirement, operation)}">{name}</a>'
                rows.append(
                    [
                        f"<td><b>{name}</b><br><span class='muted'>{self.text(requirement.statement)}</span></td>",
                        self.cell(requirement.level.value),
                        f"<td>{self.badge(result)}</td>",
                        self.cell(tally.passed, numeric=True),
                        self.cell(tally.failed, numeric=True),
                    ]
                )
            header = ("requirement", "level", "result", "passed", "failed")
            parts += [f"<h3>{self.text(operation)}</h3>", self.table(header, rows)]
        return self.section("requirements", *parts)

    def badge(self, result: Result) -> str:
        return f'<span class="badge {RESULT_TONE.get(result, "none")}">{self.text(result.value)}</span>'

    def problems(self, grade: Grade) -> str:
        found = grade.rows(*PROBLEMS)
        if not found:
            return self.section("evidence", "<p>None: each requirement held where tested.</p>")
        parts = []
        for requirement, operation, result, tally in found:
            parts += [
                f'<article class="{RESULT_TONE.get(result, "none")}" id="{anchor(requirement, operation)}">',
                f"<h3>{self.badge(result)} {self.text(requirement.id)} on {self.text(operation)}</h3>",
                f"<p>{self.text(requirement.statement)}</p>",
                f'<p class="muted">Level: {self.text(requirement.level.value)}. ',
                f"Source: {self.text(requirement.source)}.</p>",
                self.shown(tally),
                self.readings(requirement),
                "</article>",
            ]
        return self.section("evidence", *parts)

    def shown(self, tally: Tally) -> str:
        """What shows the result: the reason it was not tested, or the evidence of the first failure."""
        if tally.skipped is not None and not tally.failed:
            return f"<h4>Not tested</h4><p>{self.text(tally.skipped)}</p>"
        evidence = tally.evidence or Evidence("(no detail)")
        parts = ["<h4>What happened</h4>", f"<pre>{self.text(evidence.message)}</pre>"]
        if evidence.curl is not None:
            parts += ["<h4>The request</h4>", f'<pre class="curl">{self.text(evidence.curl)}</pre>']
        if evidence.status is not None:
            parts += ["<h4>The answer</h4>", f"<p>Status <b>{self.text(evidence.status)}</b></p>"]
            rows = [[self.cell(name), self.cell(value)] for name, value in evidence.headers]
            parts += [self.table(("header", "value"), rows)] if rows else []
            parts += [f'<pre class="body">{self.text(evidence.body or "(no body)")}</pre>']
        if evidence.location is not None:
            parts += ["<h4>Where the spec says otherwise</h4>", f"<p><code>{self.text(evidence.location)}</code></p>"]
        return "".join(parts)

    def readings(self, requirement: Requirement) -> str:
        """For an assumed requirement, the rows of docs/reconstruction.md it checks."""
        if requirement.level is not Level.ASSUMED:
            return ""
        rows = [
            [self.cell(text) for text in (f"{r.section}: {r.topic}", r.documentation, r.spec, r.kind, r.why)]
            for r in behind(requirement.id)
        ]
        header = ("topic", "the vendor's documentation", "the spec", "kind", "why")
        intro = "<h4>The reading behind it (docs/reconstruction.md)</h4>"
        intro += "<p>This project's reading where the vendor's pages are silent or ambiguous:</p>"
        return intro + self.table(header, rows)

    def coverage(self, grade: Grade) -> str:
        coverage = grade.outcomes.coverage
        untested = [
            [self.cell(r.id), self.cell(op), self.cell(tally.skipped or "")]
            for r, op, _, tally in grade.rows(Result.SKIPPED)
        ]
        return self.section(
            "coverage",
            "<p>What the run's answers showed of the contract: information, not requirements.</p>",
            "<h3>Documented statuses observed</h3>",
            self.status_chart(coverage),
            f"<h3>Id-list boundaries of {self.text(SPEC.drivers_for_sites.label)}</h3>",
            self.boundaries(coverage),
            "<h3>Nullable properties seen null and with a value</h3>",
            self.nullable_grid(coverage),
            "<h3>Enum values seen</h3>",
            self.enums(coverage),
            "<h3>Requirements not tested, and why</h3>",
            self.table(("requirement", "operation", "why"), untested) if untested else "<p>None.</p>",
        )

    def status_chart(self, coverage: Coverage) -> str:
        """Per operation, a bar per status: documented and seen, documented and never seen, or not documented."""
        rows = [(op.label, *entry) for op in SPEC.operations for entry in coverage.status_counts(op)]
        most = max([answers for _, _, answers, _ in rows] or [1]) or 1
        height, label_width, bar_width = 24, 330, 560
        shapes, y = [], 0
        for operation, status, answers, documented in rows:
            colour = ("var(--good)" if answers else "var(--line)") if documented else "var(--bad)"
            width = max(2, round(bar_width * answers / most)) if answers else 2
            note = f"{answers} answers" if answers else "never seen"
            note += "" if documented else ", NOT DOCUMENTED"
            shapes += [
                f'<text x="0" y="{y + 16}">{self.text(operation)}  {status}</text>',
                f'<rect x="{label_width}" y="{y + 4}" width="{width}" height="{height - 8}" fill="{colour}"/>',
                f'<text x="{label_width + width + 6}" y="{y + 16}">{self.text(note)}</text>',
            ]
            y += height
        total = label_width + bar_width + 200
        title = "<title>Answers per status and operation</title>"
        return f'<svg role="img" width="{total}" height="{y}" viewBox="0 0 {total} {y}">{title}{"".join(shapes)}</svg>'

    def boundaries(self, coverage: Coverage) -> str:
        rows = []
        for length, name in zip(id_list_boundaries(), BOUNDARY_NAMES, strict=True):
            got = coverage.id_lists.get(length, Counter())
            answers = ", ".join(f"{status} x{count}" for status, count in sorted(got.items())) or "never sent"
            rows.append([self.cell(f"{length} ({name})"), self.cell(answers)])
        other = sorted(set(coverage.id_lists) - set(id_list_boundaries()))
        more = f"<p class='muted'>Other lengths sent: {self.text(', '.join(map(str, other)) or 'none')}.</p>"
        return self.table(("site ids sent", "answers by status"), rows) + more

    def nullable_grid(self, coverage: Coverage) -> str:
        """A grid: each nullable property, a cell for null and one for a value, filled where seen."""
        names = [str(p) for p in SPEC.nullable_properties]
        size, label_width, y = 18, 260, 22
        shapes = [f'<text x="{label_width}" y="14">null</text>', f'<text x="{label_width + 50}" y="14">value</text>']
        for name in names:
            state = coverage.nullable_state(name)
            shapes.append(f'<text x="0" y="{y + 13}">{self.text(name)}</text>')
            for column, kind in enumerate(("null", "value")):
                fill = "var(--good)" if kind in state else "#fff"
                x = label_width + 6 + column * 50
                shapes.append(f'<rect x="{x}" y="{y}" width="{size}" height="{size - 2}" fill="{fill}" stroke="gray"/>')
            y += size
        both = sum(coverage.nullable_state(name) == ["null", "value"] for name in names)
        title = "<title>Nullable properties: seen null, seen with a value</title>"
        grid = f'<svg role="img" width="{label_width + 120}" height="{y + 4}">{title}{"".join(shapes)}</svg>'
        return f"<p>{both} of {len(names)} seen both null and with a value (a filled cell: seen).</p>{grid}"

    def enums(self, coverage: Coverage) -> str:
        rows = []
        for name in SPEC.enum_properties:
            chips = [
                f'<span class="chip{" seen" if seen else ""}{"" if documented else " odd"}">{self.text(value)}</span>'
                for value, seen, documented in coverage.enum_values(name)
            ]
            rows.append([self.cell(name), f"<td>{''.join(chips)}</td>"])
        note = "<p class='muted'>Filled: seen in a 200 body; red: seen, but not a documented value.</p>"
        return self.table(("property", "documented values"), rows) + note

    def links(self) -> str:
        raw = "".join(
            f'<li><a href="{name}">{self.text(name)}</a>: {self.text(what)}</li>' for name, what in RAW.items()
        )
        return self.section("raw", f"<p>Beside this report, in the same folder:</p><ul>{raw}</ul>")
