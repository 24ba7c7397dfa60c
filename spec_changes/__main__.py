"""`python -m spec_changes [--base REF] [--traffic DIR]`: the contract's changelog since BASE, the recorded answers
re-checked against the working tree's spec, and the release check."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from emabler_spec import SPEC_FILENAME, Spec
from spec_changes.history import HistoryError, default_base, extract_at, file_at
from spec_changes.rules import Group, compare, edited
from spec_changes.sdk import sdk_breakages
from spec_changes.traffic import TrafficError, recheck
from spec_changes.versions import changelog_has, required_bump, version_problem

ROOT = Path.cwd()


@click.command()
@click.option(
    "--base", default=None, help="Git revision to compare with (default: latest v* tag, else the first commit)."
)
@click.option(
    "--traffic",
    "traffic",
    default="traffic",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of recordings (*.jsonl) whose answers the new SDK must decode.",
)
def main(base: str | None, traffic: Path) -> None:
    """Print what changed in openapi.yaml and the generated SDK since BASE; fail on a version without its bump."""
    try:
        base = base or default_base(ROOT)
        old_spec = Spec.from_text(file_at(ROOT, base, SPEC_FILENAME))
    except HistoryError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    new_spec = Spec.from_path(ROOT / SPEC_FILENAME)  # the working tree's, as git sees the project
    changes = compare(old_spec, new_spec)
    with tempfile.TemporaryDirectory() as tmp:
        had_sdk = extract_at(ROOT, base, "generated", Path(tmp))
        sdk = sdk_breakages(Path(tmp) / "generated", ROOT / "generated") if had_sdk else []
    try:
        rechecked = recheck(ROOT / traffic, ROOT / SPEC_FILENAME)
    except TrafficError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)

    old_version, new_version = old_spec.version, new_spec.version
    click.echo(f"Changes of the contract since {base} (info.version {old_version} → {new_version})")
    if not changes and not sdk:
        if edited(old_spec, new_spec):
            click.echo("openapi.yaml changed in nothing the rules judge (descriptions, examples, extensions, info).")
        else:
            click.echo("Nothing changed in openapi.yaml or the generated SDK's API.")
    for group in Group:
        lines = [change for change in changes if change.group is group]
        if lines:
            click.echo(f"\n{group.value.capitalize()}:")
            click.echo("".join(f"  - {change.where}: {change.what}\n" for change in lines), nl=False)
    if sdk:
        click.echo("\nSDK API, breaking for clients (griffe):")
        click.echo("".join(f"  - {line}\n" for line in sdk), nl=False)
    click.echo(f"\n{rechecked.summary(traffic)}")
    for heading, broken in rechecked.breaking():
        click.echo(f"\n{heading}:")
        click.echo("".join(f"  - {line}\n" for line in broken), nl=False)

    changed = edited(old_spec, new_spec) or bool(sdk)
    # Recorded answers the new spec cannot take break a release only when the contract changed: against an unchanged
    # one they say the spec and the recorded server disagree (printed above), which no version bump mends.
    if rechecked.breaks and not changed:
        click.echo(f"\n(No change since {base}: the recordings and the spec disagree, which no version bump mends.)")
    breaking = any(change.group is not Group.COMPATIBLE for change in changes) or bool(sdk)
    breaking = breaking or (changed and rechecked.breaks)
    bump = required_bump(breaking, bool(changes or sdk), changed)
    problems = [p for p in [version_problem(old_version, new_version, bump)] if p]
    changelog = ROOT / "CHANGELOG.md"
    if not changelog.exists() or not changelog_has(changelog.read_text(), new_version):
        problems.append(f"CHANGELOG.md has no entry for {new_version}")
    click.echo(f"\nRelease: {bump} version bump needed; info.version is {new_version}.")
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
