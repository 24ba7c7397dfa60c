"""The run's exchanges as Schemathesis' own writers put them: its HTML report and a HAR of its run, and a HAR of the
domain tests' hand-made calls, so that every request the run judged the server by is in a standard file; and a crash
file of each failure of its run, which Schemathesis' replay re-sends (the bundle holds them: `contract_tests.bundle`).

They are written into a scratch folder while the run goes, and published into the reports folder, masked with the
run's masker like every report (Schemathesis masks the key's header, not a key a server echoes in a body), only
when the run reaches a verdict; the scratch folder goes in any case.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from schemathesis import Case, Response
from schemathesis.cli.commands.run.context import ExecutionContext
from schemathesis.cli.commands.run.handlers.html import HtmlReportHandler
from schemathesis.cli.events import LoadingFinished
from schemathesis.config import OutputConfig
from schemathesis.engine import events
from schemathesis.engine.recorder import ScenarioRecorder
from schemathesis.reporting.crashes import CrashWriter, build_crashes_from_recorder
from schemathesis.reporting.har import HarWriter
from schemathesis.schemas import BaseSchema

from emabler_spec import SPEC, SPEC_FILENAME

FOLDER = "schemathesis"
HTML = f"{FOLDER}/index.html"  # Schemathesis' HTML report of its run
HAR = f"{FOLDER}/schemathesis.har"  # every exchange of the Schemathesis run
CALLS_HAR = f"{FOLDER}/domain-tests.har"  # every hand-made call of the domain tests
PUBLISHED = (HTML, HAR, CALLS_HAR)
HAR_BODY = 64 * 1024  # characters of a response body a published HAR (or a crash file in the bundle) keeps
CRASHES = "crashes"  # the scratch folder of the crash files


class Recording:
    """Records one run's exchanges; `publish` puts them among the reports."""

    def __init__(self, output: OutputConfig) -> None:
        self.output = output  # Schemathesis' output settings: which headers it masks, how much of a body it keeps
        self.scratch = Path(tempfile.mkdtemp(prefix="emabler-contract-"))
        (self.scratch / FOLDER).mkdir()
        (self.scratch / CRASHES).mkdir()
        self._calls = HarWriter(self.scratch / CALLS_HAR, output)
        self._calls.open()
        self._crashes = CrashWriter(directory=self.scratch / CRASHES)  # each distinct failure once, as Schemathesis'

    def call(self, case: Case[Any], response: Response) -> None:
        """One hand-made call and its answer."""
        recorder = ScenarioRecorder(label=case.operation.label, config=self.output)
        recorder.record_case(case=case)
        recorder.record_response(case_id=case.id, response=response)
        self._calls.write(recorder)

    @contextmanager
    def engine(self, loaded: BaseSchema) -> Iterator[Callable[[events.EngineEvent], None]]:
        """A listener of the Schemathesis run's events; its HTML report and HAR are written when the run is over."""
        # Its HTML report cuts long bodies to show them; the report is masked only afterwards, so it must not cut.
        shown = copy.deepcopy(loaded.config)
        shown.output.truncation.update(enabled=False)
        context = ExecutionContext(config=shown)
        html = HtmlReportHandler(self.scratch / FOLDER)
        har = HarWriter(self.scratch / HAR, self.output)
        context.add_report("HAR", self.scratch / HAR)
        loading = LoadingFinished(
            location=f"{SPEC_FILENAME} {SPEC.version}, contract level",
            start_time=time.time(),
            base_url=loaded.get_base_url(),
            base_path=loaded.base_path,
            specification=loaded.specification,
            statistic=loaded.statistic,
            schema=loaded.raw_schema,
            title=loaded.title,
            config=shown,
            find_operation_by_label=loaded.find_operation_by_label,
        )

        def listen(event: events.EngineEvent) -> None:
            context.on_event(event)
            html.handle_event(context, event)
            if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
                har.write(event.recorder)
                self._crash(event.recorder)

        har.open()
        try:
            listen(loading)
            yield listen
        finally:
            har.close()
            html.shutdown(context)

    def _crash(self, recorder: ScenarioRecorder) -> None:
        """A crash file of each check that failed in the scenario, as `st run` writes them: the request sequence that
        shows it, its case whole (Schemathesis masks the key's header), the check and what it said."""
        sanitization = self.output.sanitization
        for case_id in recorder.failing_case_ids():
            for crash in build_crashes_from_recorder(
                recorder=recorder, failing_case_id=case_id, sanitization=sanitization
            ):
                self._crashes.write(crash)

    def crashes(self, mask: Callable[[str], str]) -> dict[str, Any]:
        """Each crash file of the run by its name, as JSON: every string masked, each recorded answer's body cut."""
        found = {}
        for path in sorted((self.scratch / CRASHES).glob("*.json")):
            crash = _masked(json.loads(path.read_text(encoding="utf-8")), mask)
            for step in crash["sequence"]:  # what a replay compares to: the status; the body is for a reader
                step["response"]["body"] = step["response"]["body"][:HAR_BODY]
            found[path.name] = crash
        return found

    def publish(self, folder: Path, mask: Callable[[str], str]) -> None:
        """Every file recorded, masked, into the reports folder."""
        self._calls.close()
        for name in PUBLISHED:
            recorded = self.scratch / name
            if recorded.is_file():
                text = recorded.read_text(encoding="utf-8")
                # A HAR holds each body as a JSON string: a key a body JSON-escapes (`\/`) is escaped twice there
                # (`\\/`), which no masking of the text sees; each string is masked as it reads.
                masked = json.dumps(_cut(_masked(json.loads(text), mask))) if name.endswith(".har") else mask(text)
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_text(masked, encoding="utf-8")

    def discard(self) -> None:
        """Remove the scratch folder."""
        self._calls.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _masked(value: Any, mask: Callable[[str], str]) -> Any:
    """Every string of a JSON value, keys too, masked."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        return [_masked(item, mask) for item in value]
    if isinstance(value, dict):
        return {mask(key): _masked(item, mask) for key, item in value.items()}
    return value


def _cut(har: Any) -> Any:
    """A HAR with each response body cut to `HAR_BODY` characters (after masking), the cut noted in its comment: a
    run's answers can be megabytes each, and the requests are what a replay needs."""
    for entry in har["log"]["entries"]:
        content = entry["response"]["content"]
        text = content.get("text")
        if isinstance(text, str) and len(text) > HAR_BODY:
            content["text"] = text[:HAR_BODY]
            content["comment"] = f"cut after masking: the first {HAR_BODY} of {len(text)} characters"
    return har


def remove_published(folder: Path) -> None:
    """Remove what an earlier run published."""
    for name in PUBLISHED:
        (folder / name).unlink(missing_ok=True)
    if (folder / FOLDER).is_dir() and not any((folder / FOLDER).iterdir()):
        (folder / FOLDER).rmdir()
