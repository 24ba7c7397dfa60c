"""The bundle every complete run writes, and `emabler-contract replay`: a faulty run's bundle, sent again to the same
faulty server, still fails on every requirement x operation the run failed or warned on, and on the clean mock on
none; a file that is not a bundle, is of a newer format, was changed, or checks another contract is one line and
exit 2; so is a target the preflight cannot test. A replay writes nothing and leaves the reports folder alone."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import shutil
import socket
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from contract_tests import bundle, recording
from contract_tests.identity import spec_file
from contract_tests.reporting import BUNDLE, FILES
from contract_tests.settings import DECLARED, Settings
from emabler_spec import SPEC, SPEC_FILENAME
from mock_server import build_dataset, get_behaviour
from mock_server.launch import RunningMock, launched, serve_command
from tests.checkout import contract_command, contract_env
from tests.contract.conftest import FAILING, FAULT

OWN, OTHER = build_dataset().tenants[:2]
KEYS = tuple(f"{base64.b64encode(secrets.token_bytes(30)).decode()}+/==" for _ in range(2))  # as Azure's: + / =
REPLAY_KEYS = {"EMABLER_API_KEY": KEYS[0], "EMABLER_OTHER_API_KEY": KEYS[1]}
SAID = re.compile(r"^(\S+) on (.+) \((?:failed|warning) in the bundle\): (STILL FAILS|no longer fails|NOT REPLAYED)")


@contextmanager
def _served(behaviour: str | None = None) -> Iterator[RunningMock]:
    """The mock served over HTTP, its customers' keys random."""
    command = serve_command(get_behaviour(behaviour)) if behaviour else serve_command()
    with launched(command, {"EMABLER_MOCK_API_KEYS": ",".join(KEYS)}) as mock:
        yield mock


def _replay(path: Path, *options: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    command = contract_command("replay", str(path), *options)
    return subprocess.run(command, cwd=cwd, env=contract_env(**env), capture_output=True, text=True, check=False)  # noqa: S603


def _said(result: subprocess.CompletedProcess[str]) -> dict[tuple[str, str], str]:
    """What a replay said of each requirement x operation."""
    found = (SAID.match(line) for line in result.stdout.splitlines())
    return {(match[1], match[2]): match[3] for match in found if match}


def _failed_or_warned(reports: Path) -> set[tuple[str, str]]:
    rows = json.loads((reports / "summary.json").read_text())["requirements"]
    return {(row["id"], row["operation"]) for row in rows if row["result"] in ("failed", "warning")}


def _assert_one_line(result: subprocess.CompletedProcess[str], says: str) -> None:
    assert result.returncode == 2, result.stdout[-3000:] + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert says in result.stderr, result.stderr
    assert not any(key in result.stderr for key in KEYS)


@pytest.fixture(scope="module")
def clean_mock() -> Iterator[RunningMock]:
    with _served() as mock:
        yield mock


@pytest.mark.parametrize(
    "fault",
    [
        "null-in-non-nullable",  # a schema fault of Schemathesis' run: its crash files are sent again
        "wrong-status-for-missing-site",  # a status fault the domain tests find: they run again
        "tenant-leak",  # needs the other customer: its key from the environment, its client id from the bundle
    ],
)
def test_a_faulty_runs_bundle_still_fails_on_the_same_mock_and_no_longer_on_the_clean_one(
    tmp_path: Path, clean_mock: RunningMock, fault: str
) -> None:
    live = contract_env(
        **REPLAY_KEYS,
        EMABLER_CLIENT_ID=OWN.tenant.client_id,
        EMABLER_SITE_IDS=",".join(map(str, OWN.sites_with_drivers[:4])),
        EMABLER_OTHER_CLIENT_ID=OTHER.tenant.client_id,
        EMABLER_MAX_EXAMPLES="5",
    )
    path = tmp_path / "reports" / BUNDLE
    with _served(fault) as mock:
        command = contract_command("run", "--base-url", mock.base_url)
        run = subprocess.run(command, cwd=tmp_path, env=live, capture_output=True, text=True, check=False)  # noqa: S603
        assert run.returncode == 1, run.stdout[-3000:] + run.stderr
        replay_line = (
            f"To replay its failures and warnings: {' '.join(f'{k}=...' for k in REPLAY_KEYS)} emabler-contract"
        )
        assert f"{replay_line} replay reports/{BUNDLE}\n" in run.stdout
        same = _replay(path, cwd=tmp_path, **REPLAY_KEYS)  # to the server the run checked
    shown = _failed_or_warned(tmp_path / "reports")
    assert shown
    assert same.returncode == 1, same.stdout[-3000:] + same.stderr
    assert _said(same) == dict.fromkeys(shown, "STILL FAILS"), same.stdout
    assert same.stdout.splitlines()[-1].startswith("STILL FAILS (")
    assert "x-functions-key: [Filtered]" in same.stdout  # the evidence: the request, its key masked
    clean = _replay(path, "--base-url", clean_mock.base_url, cwd=tmp_path, **REPLAY_KEYS)
    assert clean.returncode == 0, clean.stdout[-3000:] + clean.stderr
    assert _said(clean) == dict.fromkeys(shown, "no longer fails"), clean.stdout
    assert clean.stdout.splitlines()[-1].startswith("NO LONGER FAILS (")


def test_a_bundle_of_the_embedded_mock_replays_there_and_leaves_the_reports_folder_alone(
    faulty_reports: Path, tmp_path: Path
) -> None:
    # Replayed where a vendor would: beside the reports of a later run, which a replay must not take for stale.
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(faulty_reports / BUNDLE, reports / BUNDLE)
    (reports / "summary.md").write_text("a later run's")
    result = _replay(Path("reports") / BUNDLE, cwd=tmp_path)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr
    assert _said(result) == dict.fromkeys(_failed_or_warned(faulty_reports), "STILL FAILS")
    assert (FAILING, SPEC.drivers_for_sites.label) in _said(result)
    assert result.stdout.startswith(f"Replaying reports/{BUNDLE} (DOES NOT CONFORM (1 failed: {FAILING})) against ")
    assert sorted(path.name for path in reports.iterdir()) == sorted([BUNDLE, "summary.md"])
    assert (reports / "summary.md").read_text() == "a later run's"


def test_a_conforming_runs_bundle_has_nothing_to_replay(clean_reports: Path, tmp_path: Path) -> None:
    result = _replay(clean_reports / BUNDLE, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert result.stdout.splitlines()[-1] == "NOTHING TO REPLAY: the bundle's run had no failure or warning"


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_bundle_holds_the_contract_the_settings_every_report_and_the_replay_command(faulty_reports: Path) -> None:
    members = _members(faulty_reports / BUNDLE)
    manifest = json.loads(members.pop(bundle.MANIFEST))
    assert manifest["format"] == bundle.FORMAT
    assert manifest["members"] == {name: hashlib.sha256(data).hexdigest() for name, data in members.items()}
    assert members[SPEC_FILENAME] == spec_file()
    assert manifest["contract"]["version"] == SPEC.version
    reports = {name.removeprefix(bundle.REPORTS) for name in members if name.startswith(bundle.REPORTS)}
    assert reports == {*FILES, *recording.PUBLISHED}
    for name in reports:
        assert members[bundle.REPORTS + name] == (faulty_reports / name).read_bytes()
    kept = json.loads(members[bundle.SETTINGS])
    assert kept["settings"]["EMABLER_MOCK_FAULT"] == FAULT
    assert not {d.envvar for d in DECLARED.values() if d.key} & set(kept["settings"])
    assert kept["target"]["client_id"] == OWN.tenant.client_id
    (case,) = json.loads(members[bundle.CASES])["cases"]
    assert (case["requirement"], case["operation"], case["result"]) == (FAILING, SPEC.drivers_for_sites.label, "failed")
    assert case["tests"]  # a domain test showed it; the Schemathesis run never sends more than 20 ids
    readme = members[bundle.README].decode()
    assert f"    emabler-contract replay {faulty_reports / BUNDLE}\n" in readme  # the embedded mock needs no key


def test_the_settings_a_bundle_keeps_read_back_as_they_were_but_the_keys() -> None:
    settings = Settings(
        base_url="http://127.0.0.1:9/api",
        api_key=KEYS[0],
        client_id="c",
        site_ids=(1, 2),
        strict=True,
        seed=7,
        timeout=2.5,
        reports_dir=Path("elsewhere"),
    )
    variables = settings.variables()
    assert not set(KEYS) & set(variables.values())
    assert Settings.given(env={**variables, "EMABLER_API_KEY": KEYS[0]}) == settings


def _rewritten(source: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    members = _members(source)
    change(members)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def _manifest(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, bytes]], None]:
    def rewrite(members: dict[str, bytes]) -> None:
        manifest = json.loads(members[bundle.MANIFEST])
        change(manifest)
        members[bundle.MANIFEST] = json.dumps(manifest).encode()

    return rewrite


def _another_contract(members: dict[str, bytes]) -> None:
    """The contract changed, and its hash in the manifest with it: a bundle of another contract."""
    members[SPEC_FILENAME] += b"# another version\n"
    sha256 = hashlib.sha256(members[SPEC_FILENAME]).hexdigest()
    _manifest(lambda manifest: manifest["members"].update({SPEC_FILENAME: sha256}))(members)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda members: members.pop(bundle.MANIFEST), "is not a bundle of emabler-contract: it has no readable"),
        (_manifest(lambda m: m.update(format=bundle.FORMAT + 1)), f"is a bundle of format {bundle.FORMAT + 1}, newer"),
        (
            lambda members: members.update({bundle.CASES: members[bundle.CASES].replace(b"failed", b"passed")}),
            f"was changed after it was written: {bundle.CASES} does not match its sha256 in the manifest",
        ),
        (
            lambda members: members.pop(bundle.SETTINGS),
            f"was changed after it was written: {bundle.SETTINGS}, named in its manifest, is missing",
        ),
        (
            lambda members: members.update({"crashes/x.json": b"{}"}),
            "was changed after it was written: crashes/x.json is not named in its manifest",
        ),
        (_another_contract, f"was made against another {SPEC_FILENAME} than this emabler-contract checks"),
    ],
    ids=["no manifest", "newer format", "tampered member", "missing member", "extra member", "another contract"],
)
def test_a_bundle_that_is_not_one_as_written_is_one_line_and_exit_2(
    faulty_reports: Path, tmp_path: Path, change: Callable[[dict[str, bytes]], None], says: str
) -> None:
    path = _rewritten(faulty_reports / BUNDLE, tmp_path / BUNDLE, change)
    _assert_one_line(_replay(path, cwd=tmp_path), f"error: {path} {says}")


def test_a_file_that_is_not_a_zip_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text("{}")
    result = _replay(tmp_path / "summary.json", cwd=tmp_path)
    _assert_one_line(result, "summary.json is not a bundle of emabler-contract: not a zip archive")
    _assert_one_line(_replay(tmp_path / "nothing.zip", cwd=tmp_path), "nothing.zip cannot be read")


def test_a_replay_against_a_closed_port_is_the_preflights_line_and_exit_2(faulty_reports: Path, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}{SPEC.api_prefix}"
    result = _replay(faulty_reports / BUNDLE, "--base-url", url, cwd=tmp_path, **REPLAY_KEYS)
    _assert_one_line(result, f"error: cannot reach {url} (ConnectionError")


def test_a_replay_against_a_server_without_its_key_names_the_variable(faulty_reports: Path, tmp_path: Path) -> None:
    result = _replay(faulty_reports / BUNDLE, "--base-url", "http://127.0.0.1:9/api", cwd=tmp_path)
    _assert_one_line(
        result, "error: EMABLER_API_KEY is not set: replaying against http://127.0.0.1:9/api sends the key"
    )
    assert OWN.tenant.client_id in result.stderr
