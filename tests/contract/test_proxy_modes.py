"""The proxy's modes and troubles over real HTTP: annotate's one header, strict's 400 and 502, an upstream that refuses,
resets or stays silent, an answer too large to judge, hostile requests."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from contract_tests.proxy.forward import ANNOTATION, LOG_LINE, TOO_LARGE, Mode
from contract_tests.requirements import Level
from contract_tests.traffic.exchange import Exchange, Headers, Keys, Recorder, read
from emabler_spec import SPEC
from mock_server import CLEAN, create_app
from tests.contract.test_proxy import BATCH, HOME, KEY, PROBES, Probe, Watch, _ids, mock, proxied, real_judge

OWN_SITE = next(probe for probe in PROBES if probe.name == "own site")


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    """The clean mock, served once for the module."""
    with mock(CLEAN) as base:
        yield base


@dataclass(frozen=True)
class Found:
    """A finding as the judge gives it (what the proxy reads of one)."""

    requirement: str
    level: Level
    side: str

    def line(self) -> str:
        return f"{self.requirement} [{self.level.value}] {self.side}"


class Finds(Watch):
    """A judge that finds `findings` on every answer and `refused` on every request."""

    def __init__(self, findings: tuple[Found, ...] = (), refused: tuple[Found, ...] = ()) -> None:
        super().__init__()
        self.findings, self.refused = list(findings), list(refused)

    def request_findings(
        self, method: str, path: str, query: str, headers: Headers, body: bytes, exchange: str
    ) -> list[Any]:
        return self.refused

    def judge(self, exchange: Exchange) -> list[Any]:
        super().judge(exchange)
        return self.findings


def send(base: str, probe: Probe = OWN_SITE) -> httpx.Response:
    with httpx.Client(timeout=30) as http:
        return http.send(probe.request(base))


def is_error_body(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert not list(SPEC.component_validator("Error").iter_errors(body)), body
    return body


# ---- annotate ---------------------------------------------------------------------------------------------------
def test_annotate_adds_one_header_naming_the_exchange_and_ok(upstream: str) -> None:
    judge = Watch()
    with proxied(upstream, judge, Mode.ANNOTATE) as (proxy, _):
        response = send(proxy)
        direct = send(upstream)
    assert response.content == direct.content
    assert response.headers.get_list(ANNOTATION) == [f"{judge.judged[0].id}; ok"]
    assert [name for name, _ in response.headers.raw if name.decode() != ANNOTATION][-2:] == [
        name for name, _ in direct.headers.raw
    ][-2:]


def test_annotate_names_each_requirement_once_and_passes_the_answer_on(upstream: str) -> None:
    findings = (Found("C-SCHEMA", Level.CONTRACT, "response"), Found("C-SCHEMA", Level.CONTRACT, "response"))
    judge = Finds((*findings, Found("A-ERROR-BODY", Level.ASSUMED, "response")))
    with proxied(upstream, judge, Mode.ANNOTATE) as (proxy, _):
        response = send(proxy)
    assert response.status_code == 200
    assert response.headers[ANNOTATION] == f"{judge.judged[0].id}; C-SCHEMA, A-ERROR-BODY"


# ---- strict -----------------------------------------------------------------------------------------------------
def test_strict_refuses_a_request_the_judge_finds_against_the_contract_before_upstream(upstream: str) -> None:
    judge = Finds(refused=(Found("C-ID-LIMIT", Level.CONTRACT, "request"),))
    too_many = Probe("one id too many", "POST", BATCH, body=_ids(SPEC.max_ids + 1))
    with proxied(upstream, judge, Mode.STRICT) as (proxy, app):
        response = send(proxy, too_many)
    assert response.status_code == 400
    assert "C-ID-LIMIT" in is_error_body(response)["message"]
    assert judge.judged == [], "a refused request is neither forwarded nor judged as the server's answer"
    assert app.finished == 1


def test_strict_turns_an_answer_with_a_failing_finding_into_a_502(upstream: str) -> None:
    judge = Finds((Found("C-SCHEMA", Level.CONTRACT, "response"),))
    with proxied(upstream, judge, Mode.STRICT) as (proxy, _):
        response = send(proxy)
    assert response.status_code == 502
    assert "C-SCHEMA" in is_error_body(response)["message"]
    assert response.headers[ANNOTATION].endswith("; C-SCHEMA")


def test_strict_passes_an_answer_whose_findings_only_warn_unless_strict(upstream: str) -> None:
    judge = Finds((Found("A-ERROR-BODY", Level.ASSUMED, "response"),))
    with proxied(upstream, judge, Mode.STRICT) as (proxy, _):
        assert send(proxy).status_code == 200
    with proxied(upstream, judge, Mode.STRICT, strict=True) as (proxy, _):
        assert send(proxy).status_code == 502


# ---- too large --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", list(Mode), ids=lambda mode: mode.value)
def test_an_answer_larger_than_the_bound_is_forwarded_unchanged_and_noted_not_validated(
    upstream: str, mode: Mode, tmp_path: Path
) -> None:
    judge = Watch()
    recorder = Recorder(tmp_path / "traffic.jsonl")
    with proxied(upstream, judge, mode, bound=1000, recorder=recorder) as (proxy, app):
        response = send(proxy)
    recorder.close()
    assert response.status_code == 200
    assert response.content == send(upstream).content
    (judged,) = judge.judged  # on its status and headers only: the note tells the judge
    assert TOO_LARGE in judged.notes
    assert judged.response_body is None
    assert app.too_large == 1
    (recorded,) = read(tmp_path / "traffic.jsonl")
    assert TOO_LARGE in recorded.notes
    assert recorded.response_body is None
    assert recorded.response_size == len(response.content)


# ---- upstream trouble -------------------------------------------------------------------------------------------
@contextmanager
def bad_upstream(behaviour: str) -> Iterator[str]:
    """An upstream that refuses (nothing listens), resets (closes each connection once the request is in) or stays
    silent (reads the request, never answers)."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    if behaviour == "refused":
        listening.close()
        yield f"http://127.0.0.1:{port}/api"
        return
    listening.listen()
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                connection, _ = listening.accept()
            except OSError:
                return
            connection.recv(65536)
            if behaviour == "reset":
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                connection.close()
            else:
                held.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/api"
    finally:
        listening.close()
        for connection in held:
            connection.close()


@pytest.mark.parametrize(("behaviour", "status"), [("refused", 502), ("reset", 502), ("silent", 504)])
@pytest.mark.parametrize("mode", list(Mode), ids=lambda mode: mode.value)
def test_an_upstream_that_refuses_resets_or_stays_silent_gets_the_client_a_json_error_saying_which(
    behaviour: str, status: int, mode: Mode, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    judge = Watch()
    recorder = Recorder(tmp_path / "traffic.jsonl")
    with bad_upstream(behaviour) as base, proxied(base, judge, mode, recorder=recorder, timeout=0.25) as (proxy, _):
        response = send(proxy)
    recorder.close()
    assert response.status_code == status
    body = is_error_body(response)
    word = {"refused": "refused", "reset": "closed", "silent": "in time"}[behaviour]
    assert word in body["message"]
    (recorded,) = read(tmp_path / "traffic.jsonl")
    assert recorded.status is None
    assert recorded.error is not None
    assert word in recorded.error
    assert any(note.startswith(f"answered by the proxy: {status}") for note in recorded.notes)
    assert judge.judged[0].error == recorded.error, "the judge sees the exchange without an answer"
    assert word in capsys.readouterr().err


# ---- outside the server path; hostile requests ------------------------------------------------------------------
def test_a_path_outside_the_spec_s_server_path_is_the_proxy_s_own_404_and_not_forwarded(upstream: str) -> None:
    judge = Watch()
    with proxied(upstream, judge) as (proxy, _), httpx.Client() as http:
        response = http.get(proxy.removesuffix(SPEC.api_prefix) + "/elsewhere")
    assert response.status_code == 404
    is_error_body(response)
    assert judge.judged == []


HOSTILE = {
    "a body of 2 MiB": b'{"groupIds": [' + b"1," * (1024 * 1024) + b"1]}",
    "JSON nested 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
    "not JSON": b"\x00\xff{{{",
    "a huge number": b'{"groupIds": [' + b"9" * 5000 + b"]}",
}


@pytest.mark.parametrize("mode", list(Mode), ids=lambda mode: mode.value)
def test_hostile_requests_get_upstream_s_answer_never_a_5xx_of_the_proxy_s_own(
    upstream: str, mode: Mode, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = Keys()
    judge = real_judge(upstream, keys)
    with proxied(upstream, judge, mode, keys=keys) as (proxy, app), httpx.Client(timeout=30) as http:
        for name, body in HOSTILE.items():
            headers = {SPEC.key_header: KEY, "content-type": "application/json"}
            response = http.post(proxy + BATCH, content=body, headers=headers, params=OWN_SITE.query)
            assert response.status_code == 400, (name, response.text[:200])
        huge_header = http.get(proxy + HOME, headers={"x-padding": "a" * 60_000})
        assert huge_header.status_code < 500
        assert http.send(OWN_SITE.request(proxy)).status_code == 200, "the proxy still serves"
    assert app.judge_errors == 0
    lines = capsys.readouterr().err.splitlines()
    assert all(len(line) < LOG_LINE + 100 for line in lines), "a log line repeats a hostile request whole"


# ---- TLS --------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tls_upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The clean mock over HTTPS with a certificate of its own (for 127.0.0.1, signed by itself), and the cert."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 - fixed command
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    config = uvicorn.Config(create_app(CLEAN), host="127.0.0.1", port=0, log_level="warning")
    config.ssl_certfile, config.ssl_keyfile = str(cert), str(key)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive()
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"https://127.0.0.1:{port}{SPEC.api_prefix}", cert
    server.should_exit = True
    thread.join(timeout=10)


def test_an_https_upstream_is_verified_with_the_ca_bundle_given(tls_upstream: tuple[str, Path]) -> None:
    base, cert = tls_upstream
    with proxied(base, ca_bundle=cert) as (proxy, _):
        trusted = send(proxy)
    with proxied(base) as (proxy, _):
        untrusted = send(proxy)
    assert trusted.status_code == 200
    assert untrusted.status_code == 502
    assert is_error_body(untrusted)["errorCode"] == "UPSTREAM_TLS"
