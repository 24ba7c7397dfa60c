"""Keys never leak: random keys appear in nothing `emabler-contract run` or `pytest contract_tests` prints or
writes, against a served mock with a fault that makes checks fail, and whose answers echo the key back."""

from __future__ import annotations

import json
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from emabler_spec import SPEC
from mock_server import build_dataset, create_app, get_behaviour
from mock_server.launch import uvicorn_in_thread
from tests.checkout import ROOT, contract_command, contract_env

OWN, OTHER = build_dataset().tenants[:2]


class EchoKey:
    """Wraps the mock: every JSON answer carries the request's key, in a place a check then quotes."""

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
            if isinstance(value, dict):
                value = {**value, "message": f"echo {key}", "groupType": key}  # groupType breaks the schema
            elif isinstance(value, list):
                value = [{**item, "groupId": key} if isinstance(item, dict) else item for item in value]
            if value is not None:
                body = json.dumps(value).encode()
            headers = [(k, v) for k, v in started["headers"] if k.lower() != b"content-length"]
            await send({**started, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, echo)


@pytest.fixture(scope="module")
def keys() -> tuple[str, str]:
    return (f"secret-{secrets.token_hex(16)}", f"other-secret-{secrets.token_hex(16)}")


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


def _assert_nowhere(keys: tuple[str, str], output: str, folder: Path) -> list[Path]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    for key in keys:
        assert key not in output
        for path in files:
            assert key not in path.read_text(errors="replace"), f"a key leaked into {path.name}"
    return files


def test_the_command_prints_and_writes_no_key(tmp_path: Path, keys: tuple[str, str], echoing_mock: str) -> None:
    result = subprocess.run(  # noqa: S603 - the checkout's own command
        contract_command("run", "-v"),
        env=_env(echoing_mock, keys, tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr
    assert "[Filtered]" in result.stdout  # the echoed key was there to leak, and was masked
    files = _assert_nowhere(keys, result.stdout + result.stderr, tmp_path)
    assert {path.name for path in files} == {"summary.md", "summary.json", "junit.xml"}


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
    assert junit in files
