"""The reports of a run: a renderer per format (a function from the graded run to its whole text), the files a
complete run writes registered by name in `FILES` (a new format is a module and a line there), and the writer,
which masks every text before it leaves. After them and the recordings, `contract_tests.bundle` writes `BUNDLE`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from contract_tests.masking import Masker
from contract_tests.recording import remove_published
from contract_tests.reporting import _html, _json, _junit, _markdown, _terminal
from contract_tests.verdict import Grade

__all__ = ["BUNDLE", "FILES", "Renderer", "remove_stale", "shown", "write"]

Renderer = Callable[[Grade], str]  # a format: the whole text of a report of the graded run, unmasked
FILES: dict[str, Renderer] = {
    "summary.md": _markdown.render,
    "summary.json": _json.render,
    "junit.xml": _junit.render,
    "report.html": _html.render,
}
BUNDLE = "bundle.zip"  # every report with what replays the run's failures (contract_tests.bundle)


def write(grade: Grade, folder: Path, masker: Masker) -> None:
    """Write every report of `FILES` into `folder`, masked; only a complete run writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {name: masker(render(grade)) for name, render in FILES.items()}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")


def shown(grade: Grade, folder: Path, masker: Masker) -> str:
    """What the run prints at its end, masked: the verdict, the table, then where the reports are or why none."""
    text = _terminal.render(grade)
    if grade.verdict is not None:
        text += f"Reports: {' , '.join(str(folder / name) for name in (*FILES, BUNDLE))}\n"
    else:
        text += "".join(f"error: {error}\n" for error in grade.outcomes.errors)
        text += "No report was written: only a complete run has a verdict.\n"
    return masker(text)


def remove_stale(folder: Path) -> None:
    """Remove the reports of an earlier run, so that no file claims a verdict this run did not reach."""
    for name in (*FILES, BUNDLE):
        (folder / name).unlink(missing_ok=True)
    remove_published(folder)
