"""The conformance matrix: the suite against the clean mock, every variant and every fault, each served over HTTP.

Each row serves the mock with one behaviour (`python -m mock_server serve`, a free port, random
keys), runs `emabler-contract run` against it as against any server, and reads its summary.json.
The clean mock must CONFORM; each variant CONFORM with warnings for exactly the assumptions it
declares; each fault be caught at the level of the requirements it breaks (one caught only as a
warning gets a second, strict row, which must fail).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract_tests.requirements import CATALOG, Level
from contract_tests.verdict import Verdict
from mock_server import CLEAN, Behaviour, Kind, build_dataset, of_kind
from mock_server.launch import launched, serve_command


@dataclass(frozen=True)
class Row:
    """One run of the matrix: a behaviour of the mock, and what the suite must say about it."""

    behaviour: Behaviour
    strict: bool = False

    @property
    def name(self) -> str:
        return self.behaviour.name + (" (strict)" if self.strict else "")

    @property
    def ids(self) -> frozenset[str]:
        """The requirement ids the behaviour declares."""
        return frozenset(entry.split("@", 1)[0] for entry in self.behaviour.expected)

    @property
    def pairs(self) -> frozenset[tuple[str, str]]:
        """(id, operation) for each declared entry: `ID@operation`, or `ID` for every operation it applies to."""
        found = set()
        for entry in self.behaviour.expected:
            rid, _, operation = entry.partition("@")
            found |= {(rid, operation)} if operation else {(rid, op) for op in CATALOG[rid].operations}
        return frozenset(found)

    @property
    def verdict(self) -> Verdict:
        """The verdict the row must reach."""
        if self.behaviour.kind is Kind.FAULT:
            hard = any(CATALOG[rid].level is not Level.ASSUMED for rid in self.ids)
            return Verdict.FAILS if hard or self.strict else Verdict.WARNINGS
        if not self.behaviour.expected:
            return Verdict.CONFORMS
        return Verdict.FAILS if self.strict else Verdict.WARNINGS


@dataclass(frozen=True)
class Outcome:
    """What a row's run said."""

    row: Row
    exit_code: int
    verdict: Verdict | None
    failed: frozenset[tuple[str, str]]
    warnings: frozenset[tuple[str, str]]
    reason: str = ""

    @property
    def ok(self) -> bool:
        """The run said what the row expects: a fault fails the requirements it declares (and may break more);
        a variant differs on exactly the requirement x operation pairs it declares, and nothing fails."""
        row = self.row
        if self.verdict is not row.verdict or self.exit_code != row.verdict.exit_code:
            return False
        if row.behaviour.kind is Kind.FAULT:
            return row.ids <= {rid for rid, _ in self.failed | self.warnings}
        named = self.failed if row.strict else self.warnings
        return named == row.pairs and (row.strict or not self.failed)

    @property
    def judgement(self) -> str:
        fault = self.row.behaviour.kind is Kind.FAULT
        return ("caught" if fault else "ok") if self.ok else ("MISSED" if fault else "FALSE FAILURE")


def rows() -> list[Row]:
    """The clean mock, then each variant, then each fault (and a strict row per fault caught as a warning)."""
    found = [Row(CLEAN), *(Row(variant) for variant in of_kind(Kind.VARIANT))]
    for fault in of_kind(Kind.FAULT):
        found.append(Row(fault))
        if all(CATALOG[rid].level is Level.ASSUMED for rid in Row(fault).ids):
            found.append(Row(fault, strict=True))
    return found


# A row proves that the suite tells this behaviour apart; a smaller budget than a conformance
# run's does that (EMABLER_MAX_EXAMPLES, when set, wins), on a part of the customer's sites.
ROW_MAX_EXAMPLES = "15"
ROW_SITES = 10


def _live_settings(base_url: str, keys: tuple[str, str], reports: Path) -> dict[str, str]:
    own, other = build_dataset().tenants[:2]
    return {
        "EMABLER_BASE_URL": base_url,
        "EMABLER_API_KEY": keys[0],
        "EMABLER_CLIENT_ID": own.tenant.client_id,
        "EMABLER_SITE_IDS": ",".join(str(site) for site in list(own.sites)[:ROW_SITES]),
        "EMABLER_MAX_EXAMPLES": os.environ.get("EMABLER_MAX_EXAMPLES", ROW_MAX_EXAMPLES),
        "EMABLER_OTHER_API_KEY": keys[1],
        "EMABLER_OTHER_CLIENT_ID": other.tenant.client_id,
        "EMABLER_REPORTS_DIR": str(reports),
    }


def run_row(row: Row, folder: Path) -> Outcome:
    """Serve the mock with the row's behaviour, run the suite against it, read its summary."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = (f"matrix-{secrets.token_hex(12)}", f"matrix-other-{secrets.token_hex(12)}")
    base, served = {k: v for k, v in os.environ.items() if not k.startswith("EMABLER_")}, serve_command(row.behaviour)
    with launched(served, {"EMABLER_MOCK_API_KEYS": ",".join(keys)}) as mock, (folder / "output.txt").open("w") as log:
        command = [sys.executable, "-m", "contract_tests", "run", *(["--strict"] if row.strict else [])]
        env = {**base, **_live_settings(mock.base_url, keys, folder)}
        code = subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False).returncode  # noqa: S603
    try:
        summary: dict[str, Any] = json.loads((folder / "summary.json").read_text())
    except (OSError, ValueError):
        return Outcome(row, code, None, frozenset(), frozenset(), f"no summary (exit {code})")
    failed, warned = (
        frozenset((e["id"], e["operation"]) for e in summary[key]) for key in ("failed_on", "warnings_on")
    )
    return Outcome(row, code, Verdict(summary["verdict"]), failed, warned)


def describe(outcome: Outcome) -> str:
    """What the run said, in a few words."""
    if outcome.verdict is None:
        return outcome.reason
    named = outcome.failed if outcome.verdict is Verdict.FAILS else outcome.warnings
    return outcome.verdict.value + (f": {pairs_text(named)}" if named else "")


def pairs_text(pairs: frozenset[tuple[str, str]]) -> str:
    """`ID` for a requirement named on every operation it applies to, else `ID@operation` for each."""
    shown = []
    for rid in sorted({rid for rid, _ in pairs}):
        operations = sorted(op for r, op in pairs if r == rid)
        whole = set(operations) == set(CATALOG[rid].operations)
        shown += [rid] if whole else [f"{rid}@{op}" for op in operations]
    return ", ".join(shown)
