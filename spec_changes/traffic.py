"""The recorded answers kept in the repo (`traffic/*.jsonl`), re-checked against a version of the spec.

`emabler-contract check-traffic` does the work: it validates every recorded exchange against the spec and decodes
every recorded answer through a client generated from it. spec_changes and the contract tests are independent rooms,
so the command runs in a child process (the same interpreter, `python -m contract_tests`), and its result is read
from the `decoding.json` it writes into a temporary reports folder. An answer the new SDK cannot decode is breaking for
clients; recorded answers that no longer conform to the new spec are breaking for servers (the server recorded would
not conform to it).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RESULT = "decoding.json"  # what check-traffic writes beside its reports (contract_tests/traffic/check.py)
FAILS = "DOES NOT CONFORM"  # the verdict that fails (contract_tests.verdict.Verdict.FAILS)


class TrafficError(RuntimeError):
    """The recordings could not be re-checked; the message is one line for the user."""


@dataclass(frozen=True)
class Rechecked:
    """What check-traffic said of the recordings: the answers it decoded and those it could not, and its verdict."""

    recordings: int = 0
    answers: int = 0
    undecodable: list[dict[str, Any]] = field(default_factory=list)
    verdict: str | None = None
    findings: list[str] = field(default_factory=list)  # the judge's failures, one line each

    @property
    def breaks(self) -> bool:
        return bool(self.undecodable) or self.verdict == FAILS

    def summary(self, folder: Path) -> str:
        if not self.recordings:
            return f"Recorded traffic: no recording (*.jsonl) in {folder}/, nothing re-checked."
        decoded = self.answers - len(self.undecodable)
        return (
            f"Recorded traffic ({self.recordings} recordings in {folder}/, {self.answers} answers) against this "
            f"openapi.yaml: {decoded} decoded by its SDK, {len(self.undecodable)} not; verdict {self.verdict}."
        )

    def breaking(self) -> list[tuple[str, list[str]]]:
        """The groups of lines to print as breaking, with their headings."""
        groups: list[tuple[str, list[str]]] = []
        if self.undecodable:
            lines = [
                f"{Path(item['recording']).name} exchange {item['exchange']}: {item['operation']} {item['status']}: "
                f"{item['error']}"
                for item in self.undecodable
            ]
            groups.append(("Recorded answers the new SDK cannot decode, breaking for clients (check-traffic)", lines))
        if self.verdict == FAILS:
            heading = "Recorded exchanges that do not conform to the new spec, breaking for servers (check-traffic)"
            groups.append((heading, self.findings))
        return groups


def recheck(folder: Path, spec: Path) -> Rechecked:
    """Run check-traffic over the recordings in `folder` against the spec file `spec`."""
    recordings = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not recordings:
        return Rechecked()
    with tempfile.TemporaryDirectory() as reports:
        command = [sys.executable, "-m", "contract_tests", "check-traffic", *map(str, recordings)]
        command += ["--spec", str(spec), "--reports-dir", reports]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own command
        result = Path(reports) / RESULT
        if done.returncode not in (0, 1) or not result.exists():
            why = (done.stderr.strip().splitlines() or done.stdout.strip().splitlines() or ["no output"])[-1]
            raise TrafficError(f"check-traffic could not re-check {folder}/ (exit {done.returncode}): {why}")
        data = json.loads(result.read_text(encoding="utf-8"))
    return Rechecked(
        recordings=len(recordings),
        answers=int(data["answers"]),
        undecodable=list(data["undecodable"]),
        verdict=data.get("verdict"),
        findings=list(data.get("findings", [])),
    )
