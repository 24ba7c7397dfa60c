"""Keys never leak: random base64 keys appear in nothing `emabler-contract run`, `pytest contract_tests` or
`emabler-contract replay` prints or writes (report.html, Schemathesis' own report and HAR files, and every member of
the bundle included), in any form a server echoes them in, against a served mock with a fault that makes checks fail,
and whose answers echo the key back in every form."""

from __future__ import annotations

import base64
import json
import secrets
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contract_tests.recording import PUBLISHED
from contract_tests.reporting import BUNDLE, FILES
from emabler_spec import SPEC
from mock_server import build_dataset, create_app, get_behaviour
from mock_server.launch import uvicorn_in_thread
from tests.checkout import ROOT, contract_command, contract_env
from tests.test_masking import FORMS

OWN, OTHER = build_dataset().tenants[:2]
ECHO = "echo-of-the-key"  # where a body carries the key in each form; no form is valid JSON text of its own


def _echoes(key: str) -> str:
    """The key in every form a server may echo it in, as the inside of a JSON string."""
    return "echo " + " ".join(form(key) for form in FORMS.values())


class EchoKey:
    """Wraps the mock: every JSON answer carries the request's key in every form (first, so that a report's excerpt
    of the body holds it), and raw in a place a check then quotes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key = dict(scope["headers"]).get(SPEC.key_header.encode(), b"").decode()
        started: dict[str, Any] = {}

        async def echo(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
                return
            body = message.get("body", b"")
            try:
                value = json.loads(body)
            except ValueError:
                value = None
            if isinstance(value, dict):  # groupType breaks the schema
                value = {"message": ECHO, **value} | {"message": ECHO, "groupType": key}
            elif isinstance(value, list):
                value = [{**item, "groupId": ECHO} if isinstance(item, dict) else item for item in value]
            if value is not None:
                body = json.dumps(value).replace(ECHO, _echoes(key)).encode()
            headers = [(k, v) for k, v in started["headers"] if k.lower() != b"content-length"]
            await send({**started, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, echo)


def _function_key() -> str:
    """A key as Azure makes them: base64, here surely with `+`, `/` and `=`."""
    text = base64.b64encode(secrets.token_bytes(30)).decode()
    return f"{text[:12]}+/{text[12:]}=="


@pytest.fixture(scope="module")
def keys() -> tuple[str, str]:
    return (_function_key(), _function_key())


@pytest.fixture(scope="module")
def echoing_mock(keys: tuple[str, str]) -> Iterator[str]:
    with uvicorn_in_thread(EchoKey(create_app(get_behaviour("wrong-content-type"), api_keys=keys))) as url:
        yield url


def _env(url: str, keys: tuple[str, str], reports: Path) -> dict[str, str]:
    return contract_env(
        EMABLER_BASE_URL=url,
        EMABLER_API_KEY=keys[0],
        EMABLER_CLIENT_ID=OWN.tenant.client_id,
        EMABLER_SITE_IDS=",".join(map(str, OWN.sites_with_drivers[:4])),
        EMABLER_OTHER_API_KEY=keys[1],
        EMABLER_OTHER_CLIENT_ID=OTHER.tenant.client_id,
        EMABLER_REPORTS_DIR=str(reports),
        EMABLER_MAX_EXAMPLES="10",
    )


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, and in each string that is JSON itself (a body in a HAR: escaped twice)."""
    if isinstance(value, str):
        yield value
        try:
            inner = json.loads(value)
        except ValueError:
            return
        yield from _strings(inner) if isinstance(inner, list | dict) else ()
    elif isinstance(value, list | dict):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _strings(item)


def _texts(path: Path) -> Iterator[str]:
    """A file's text, and for a JSON file (a HAR too) every string in it, however deep; for a zip, each member's."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name).decode(errors="replace") for name in archive.namelist()}
    else:
        members = {path.name: path.read_text(errors="replace")}
    for name, text in members.items():
        yield text
        if name.endswith((".json", ".har")):
            yield from _strings(json.loads(text))


def _assert_nowhere(keys: tuple[str, str], output: str, folder: Path) -> dict[str, Path]:
    files = {path.relative_to(folder).as_posix(): path for path in folder.rglob("*") if path.is_file()}
    for key in keys:
        for name, form in FORMS.items():
            assert form(key) not in output, f"a key leaked into the output ({name})"
            for path in files.values():
                assert all(form(key) not in text for text in _texts(path)), f"a key leaked into {path.name} ({name})"
    return files


@pytest.fixture(scope="module")
def echoed(
    tmp_path_factory: pytest.TempPathFactory, keys: tuple[str, str], echoing_mock: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """`emabler-contract run -v` against the echoing mock, and its reports folder."""
    folder = tmp_path_factory.mktemp("echoed")
    result = subprocess.run(  # noqa: S603 - the checkout's own command
        contract_command("run", "-v"),
        env=_env(echoing_mock, keys, folder),
        capture_output=True,
        text=True,
        check=False,
    )
    return result, folder


def test_the_command_prints_and_writes_no_key(
    echoed: tuple[subprocess.CompletedProcess[str], Path], keys: tuple[str, str]
) -> None:
    result, folder = echoed
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr
    assert "[Filtered]" in result.stdout  # the echoed key was there to leak, and was masked
    files = _assert_nowhere(keys, result.stdout + result.stderr, folder)
    assert set(files) == {*FILES, *PUBLISHED, BUNDLE}
    assert {"report.html", "schemathesis/index.html", "schemathesis/schemathesis.har"} <= set(files)
    for name in ("report.html", *PUBLISHED):  # each holds an echoing body, masked
        assert "echo [Filtered] [Filtered]" in files[name].read_text(), name


def test_the_bundle_holds_no_key_in_any_member(echoed: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    # The search itself is _assert_nowhere's, over every member; here: the members that held the echoes are there.
    with zipfile.ZipFile(echoed[1] / BUNDLE) as archive:
        members = {name: archive.read(name).decode() for name in archive.namelist()}
    crashes = [text for name, text in members.items() if name.startswith("crashes/")]
    assert crashes, sorted(members)  # Schemathesis' crash files, whose answers echoed the key
    for text in [*crashes, members["reports/report.html"]]:
        assert "echo [Filtered] [Filtered]" in text
    assert json.loads(members["settings.json"])["settings"]  # the settings are there, the keys are not


def test_a_replay_of_the_bundle_prints_no_key(
    echoed: tuple[subprocess.CompletedProcess[str], Path], keys: tuple[str, str], tmp_path: Path
) -> None:
    env = contract_env(EMABLER_API_KEY=keys[0], EMABLER_OTHER_API_KEY=keys[1])
    command = contract_command("replay", str(echoed[1] / BUNDLE))  # to the server the run checked
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr
    assert "STILL FAILS" in result.stdout
    assert "echo [Filtered] [Filtered]" in result.stdout  # an echoing answer as evidence, masked
    _assert_nowhere(keys, result.stdout + result.stderr, tmp_path)
    assert not any(tmp_path.iterdir())  # a replay writes nothing


def test_pytest_prints_and_writes_no_key_junit_included(
    tmp_path: Path, keys: tuple[str, str], echoing_mock: str
) -> None:
    junit = tmp_path / "pytest-junit.xml"
    command = [str(Path(contract_command()[0]).parent / "pytest"), "contract_tests", "--tb=long", "-l", "-rA"]
    result = subprocess.run(  # noqa: S603
        [*command, f"--junitxml={junit}"],
        cwd=ROOT,
        env=_env(echoing_mock, keys, tmp_path / "reports"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr
    assert "[Filtered]" in result.stdout
    files = _assert_nowhere(keys, result.stdout + result.stderr, tmp_path)
    assert junit in files.values()
    assert {f"reports/{name}" for name in (*FILES, *PUBLISHED, BUNDLE)} <= set(files)
