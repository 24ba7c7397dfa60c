"""The run's bundle, `bundle.zip` beside its reports: what a vendor hands over, so that anyone can read the run and
send its failures and warnings again (`emabler-contract replay`, contract_tests/replay.py).

It holds the contract the run checked (the packaged openapi.yaml), its settings without keys (`settings.json`: each
as its environment variable gives it, and the customers and sites of its target), every report (`reports/`),
Schemathesis' crash file of each failure of its Schemathesis run (`crashes/`, in Schemathesis' own format), each
requirement x operation that failed or warned with its crash files and the domain tests it failed in (`cases.json`),
and a README with the replay command. `manifest.json` names the format, the toolkit and the contract, and the sha256
of every other member: a file that is not a bundle, one of a newer format, or one changed since it was written is
refused with one line. Only a complete run writes it, after every other report; every member is masked.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import click

from contract_tests.identity import spec_file, spec_sha256, tools
from contract_tests.recording import PUBLISHED
from contract_tests.reporting import BUNDLE, FILES
from contract_tests.requirements import for_check
from contract_tests.run import ContractRun
from contract_tests.settings import DECLARED, Settings, SettingsError
from contract_tests.verdict import Result
from emabler_spec import SPEC, SPEC_FILENAME

FORMAT = 1  # the format this toolkit writes, and the newest it reads
MANIFEST, README, SETTINGS, CASES = "manifest.json", "README.md", "settings.json", "cases.json"
CRASHES, REPORTS = "crashes/", "reports/"
ENV = {name: declared.envvar for name, declared in DECLARED.items()}


class BundleError(click.ClickException):
    """A file this toolkit cannot replay as a bundle: one line `error: ...`, exit status 2."""


@dataclass(frozen=True)
class Case:
    """A requirement x operation that failed or warned, and what sends again what showed it."""

    requirement: str
    operation: str
    result: str  # `Result.value`: failed or warning
    crashes: tuple[str, ...]  # the crash files of the Schemathesis run's failures of it, by name
    tests: tuple[str, ...]  # the domain tests it failed in, as `<module>.py::<test>`


def command(settings: Settings) -> str:
    """The replay command of the bundle these settings write, keys left for the reader to give."""
    keys = [f"{ENV[name]}=..." for name in ("api_key", "other_api_key") if getattr(settings, name)]
    return " ".join([*keys, shlex.join(["emabler-contract", "replay", str(settings.reports_dir / BUNDLE)])])


def write(run: ContractRun) -> None:
    """`bundle.zip` in the run's reports folder, after every other report was written there."""
    folder, grade, target = run.settings.reports_dir, run.grade, run.target
    crashes = run.recording.crashes(run.masker)
    cases = []
    for requirement, operation, result, tally in grade.rows(Result.FAILED, Result.WARNING):
        shown = tuple(name for name, crash in crashes.items() if _pair(crash) == (requirement.id, operation))
        cases.append(Case(requirement.id, operation, result.value, shown, tuple(tally.tests)))
    texts = {
        README: _readme(run, cases),
        SETTINGS: _json(
            {
                "settings": run.settings.variables(),
                "target": {
                    "name": target.name,
                    "base_url": target.base_url,
                    "client_id": target.own.client_id,
                    "other_client_id": target.other and target.other.client_id,
                    "site_ids": list(target.site_ids),
                },
            }
        ),
        CASES: _json({"cases": [asdict(case) for case in cases]}),
        **{CRASHES + name: _json(crash) for name, crash in crashes.items()},
    }
    members = {
        SPEC_FILENAME: spec_file(),
        **{name: run.masker(text).encode() for name, text in texts.items()},
        # Written and masked by the writer and the recording already.
        **{REPORTS + name: (folder / name).read_bytes() for name in (*FILES, *PUBLISHED) if (folder / name).is_file()},
    }
    identity = grade.outcomes.identity
    manifest = {
        "format": FORMAT,
        "made_by": tools(),
        "contract": {"file": SPEC_FILENAME, "version": SPEC.version, "sha256": spec_sha256()},
        "run": {"verdict": grade.headline(), "target": identity.target, "started": identity.started.isoformat()},
        "members": {name: _sha256(data) for name, data in members.items()},
    }
    with zipfile.ZipFile(folder / BUNDLE, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, run.masker(_json(manifest)))
        for name, data in members.items():
            archive.writestr(name, data)


def _pair(crash: Any) -> tuple[str, str] | None:
    """The requirement x operation a crash file shows failing (each names one check)."""
    requirement = for_check(crash["sequence"][-1]["checks"][0]["name"])
    return None if requirement is None else (requirement.id, crash["operation"])


def _readme(run: ContractRun, cases: list[Case]) -> str:
    identity = run.grade.outcomes.identity
    toolkit = ", ".join(f"{name} {version}" for name, version in tools().items())
    lines = [
        f"# Conformance run: {run.grade.headline()}",
        "",
        f"Target: {identity.target}. Contract: {SPEC_FILENAME} {identity.spec}.",
        f"Started {identity.started:%Y-%m-%d %H:%M:%S} UTC, by {toolkit}.",
        "",
    ]
    if cases:
        lines += [
            "Send its failures and warnings again, and judge them again (keys come from the environment):",
            "",
            f"    {command(run.settings)}",
            "",
            "Add `--base-url URL` to send them to another server, as the same customers, at the same sites.",
        ]
    else:
        lines += ["The run had no failure or warning: replaying it sends nothing."]
    lines += [
        "",
        f"- `{MANIFEST}`: the format, the toolkit, the contract, and the sha256 of every other member",
        f"- `{SPEC_FILENAME}`: the contract the run checked",
        f"- `{SETTINGS}`: the run's settings but the keys, as environment variables; its target's customers, sites",
        f"- `{CASES}`: each requirement x operation that failed or warned, with its crash files and domain tests",
        f"- `{CRASHES}`: Schemathesis' crash file of each failure of its run (masked)",
        f"- `{REPORTS}`: every report of the run",
    ]
    return "\n".join(lines) + "\n"


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Bundle:
    """A bundle read back and verified."""

    path: Path
    verdict: str  # the run's verdict line
    settings: dict[str, str]  # the run's settings, by their environment variables
    target: dict[str, Any]  # the customers and sites of the run's target
    cases: tuple[Case, ...]
    crashes: dict[str, Any]  # each crash file, by name

    @classmethod
    def open(cls, path: Path) -> Bundle:
        """The bundle at `path`; BundleError when it is not one, is of a newer format, was changed since it was
        written, or was made against another contract than the one this toolkit checks."""
        manifest, members = _verified(path)
        try:
            kept, listed = json.loads(members[SETTINGS]), json.loads(members[CASES])["cases"]
            cases = tuple(Case(**case | {key: tuple(case[key]) for key in ("crashes", "tests")}) for case in listed)
            crashes = {name: json.loads(members[CRASHES + name]) for case in cases for name in case.crashes}
            verdict = str(manifest["run"]["verdict"])
            return cls(path, verdict, dict(kept["settings"]), dict(kept["target"]), cases, crashes)
        except (KeyError, TypeError, ValueError) as error:
            what = f"{type(error).__name__}: {error}"
            raise BundleError(f"{path} is not a bundle this emabler-contract reads: {what}") from None

    def replay_settings(self, base_url: str | None, env: Mapping[str, str] = os.environ) -> Settings:
        """The settings of a replay: the run's, against `base_url` if given (as the run's customers, at its sites);
        keys from `env`, for a server reached over HTTP only (the embedded mock has its own)."""
        given = {k: v for k, v in self.settings.items() if k != ENV["reports_dir"]}  # a replay writes no report
        if base_url is not None:
            for name in ("mock_fault", "mock_variant"):
                given.pop(ENV[name], None)
            given |= {ENV["base_url"]: base_url, ENV["client_id"]: self.target["client_id"]}
            given |= {ENV["site_ids"]: ",".join(map(str, self.target["site_ids"]))}
            if self.target["other_client_id"]:
                given[ENV["other_client_id"]] = self.target["other_client_id"]
        if ENV["base_url"] in given:
            given |= {d.envvar: env[d.envvar] for d in DECLARED.values() if d.key and env.get(d.envvar, "").strip()}
            if ENV["api_key"] not in given:
                raise SettingsError(
                    f"{ENV['api_key']} is not set: replaying against {given[ENV['base_url']]} sends the key of "
                    f"the run's customer {given[ENV['client_id']]} (keys come from the environment only)"
                )
            if ENV["other_api_key"] not in given:  # the tests that need another customer say so, each
                given.pop(ENV["other_client_id"], None)
        return Settings.given(env=given)


def _verified(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and every other member of the bundle, each as the manifest describes it."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            members = {info.filename: archive.read(info) for info in infos}
    except OSError as error:
        raise BundleError(f"{path} cannot be read: {error.strerror or error}") from None
    except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError, zlib.error):
        raise BundleError(f"{path} is not a bundle of emabler-contract: not a zip archive") from None
    try:
        manifest = json.loads(members[MANIFEST])
        format, listed = manifest["format"], manifest["members"]
        if not isinstance(format, int) or format < 1 or not isinstance(listed, dict):
            raise TypeError
    except (KeyError, TypeError, ValueError):
        raise BundleError(f"{path} is not a bundle of emabler-contract: it has no readable {MANIFEST}") from None
    if format > FORMAT:
        raise BundleError(
            f"{path} is a bundle of format {format}, newer than this emabler-contract reads ({FORMAT}): "
            "replay it with a newer emabler-conformance"
        )
    del members[MANIFEST]
    if len(infos) != len({info.filename for info in infos}):
        raise BundleError(f"{path} was changed after it was written: a member is in it twice")
    for name in sorted({*listed, *members}):
        if name not in members:
            why = f"{name}, named in its manifest, is missing"
        elif name not in listed:
            why = f"{name} is not named in its manifest"
        elif _sha256(members[name]) != listed[name]:
            why = f"{name} does not match its sha256 in the manifest"
        else:
            continue
        raise BundleError(f"{path} was changed after it was written: {why}")
    if _sha256(members.get(SPEC_FILENAME, b"")) != spec_sha256():
        made_by = manifest.get("made_by")
        named = ", ".join(f"{k} {v}" for k, v in made_by.items()) if isinstance(made_by, dict) else "see its manifest"
        raise BundleError(
            f"{path} was made against another {SPEC_FILENAME} than this emabler-contract checks ({SPEC.version}, "
            f"sha256 {spec_sha256()[:12]}...): replay it with the toolkit that made it ({named})"
        )
    return manifest, members
