"""`emabler-contract proxy` as an integrator runs it: its banner, its stops (--max-exchanges, SIGTERM, Ctrl-C,
--duration) with the run's reports and exit codes, its recording (a SIGKILL loses no finished exchange; no key in any
form), strict mode keeping a request of too many ids from upstream, the generated SDK through it, and bad input."""

from __future__ import annotations

import base64
import io
import json
import re
import secrets
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from contract_tests.proxy.forward import ANNOTATION, Mode
from contract_tests.proxy.serve import BANNER_PREFIX, Options, serve
from contract_tests.reporting import FILES
from contract_tests.traffic.exchange import KEY_QUERY_PARAMETER, Keys, read
from emabler_client.api.drivers import get_authorised_users_home_group as operation_1
from emabler_client.models import UserGroup
from emabler_extras import connect
from emabler_spec import SPEC
from mock_server import CLEAN, create_app, get_behaviour
from mock_server.launch import uvicorn_in_thread
from tests.checkout import contract_command, contract_env
from tests.contract.test_proxy import BATCH, CLIENT, HOME, KEY, OWN, PROBES, Probe, Watch, _ids, proxied, real_judge

BANNER = re.compile(re.escape(BANNER_PREFIX) + r"(http://127\.0\.0\.1:\d+/api) -> (\S+) \(mode: (\w+)\)$")
OWN_SITE = next(probe for probe in PROBES if probe.name == "own site")


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    with uvicorn_in_thread(create_app(CLEAN)) as base:
        yield base


@dataclass
class Running:
    process: subprocess.Popen[str]
    base_url: str
    banner: str

    def stop(self, how: signal.Signals = signal.SIGTERM) -> tuple[int, str, str]:
        self.process.send_signal(how)
        out, err = self.process.communicate(timeout=60)
        return self.process.returncode, self.banner + out, err


@contextmanager
def proxy_command(*options: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Iterator[Running]:
    """`emabler-contract proxy ...` started, its banner read; killed if the test leaves it running."""
    process = subprocess.Popen(  # noqa: S603 - the checkout's own command
        contract_command("proxy", *options),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=contract_env(**(env or {})),
        cwd=cwd,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        match = BANNER.match(banner.rstrip("\n"))
        assert match, banner + _rest(process.stderr)
        yield Running(process, match.group(1), banner)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=30)


def _rest(stream: IO[str] | None) -> str:
    return "" if stream is None else stream.read()


def _send(base: str, *probes: Probe) -> list[httpx.Response]:
    with httpx.Client(timeout=30) as http:
        return [http.send(probe.request(base)) for probe in probes]


def test_the_command_stops_after_max_exchanges_writes_the_reports_and_exits_with_the_verdict(
    upstream: str, tmp_path: Path
) -> None:
    reports, recording = tmp_path / "reports", tmp_path / "traffic.jsonl"
    probes = [OWN_SITE, Probe("1 id", "POST", BATCH, body=_ids(1)), Probe("no key", "GET", HOME, key=None)]
    options = ("--upstream", upstream, "--max-exchanges", "3", "--record", str(recording))
    with proxy_command(*options, "--reports-dir", str(reports)) as proxy:
        assert proxy.banner == f"{BANNER_PREFIX}{proxy.base_url} -> {upstream} (mode: observe)\n"
        answers = _send(proxy.base_url, *probes)
        out, err = proxy.process.communicate(timeout=60)
    assert [answer.status_code for answer in answers] == [200, 200, 401]
    assert proxy.process.returncode == 0, out + err
    assert "CONFORMS" in out
    assert "3 exchanges" in out
    assert sorted(path.name for path in reports.iterdir()) == sorted(FILES)
    summary = json.loads((reports / "summary.json").read_text())
    assert "CONFORMS" in json.dumps(summary)
    assert [exchange.status for exchange in read(recording)] == [200, 200, 401]


def test_a_proxy_stopped_by_ctrl_c_before_any_exchange_has_no_verdict_and_writes_no_report(
    upstream: str, tmp_path: Path
) -> None:
    (tmp_path / "summary.md").write_text("an earlier run's")
    with proxy_command("--upstream", upstream, "--reports-dir", str(tmp_path)) as proxy:
        code, out, err = proxy.stop(signal.SIGINT)
    assert code == 2, out + err
    assert "NO VERDICT" in out
    assert not (tmp_path / "summary.md").exists(), "a stale report would claim a verdict this run did not reach"


def test_the_proxy_stops_after_its_duration_with_the_verdict_of_what_it_saw(upstream: str, tmp_path: Path) -> None:
    printed = io.StringIO()
    options = Options(upstream, reports_dir=tmp_path, duration=1.5)
    seen: list[httpx.Response] = []

    def client() -> None:
        while not printed.getvalue():
            time.sleep(0.01)
        base = BANNER.match(printed.getvalue().splitlines()[0])
        assert base is not None
        seen.extend(_send(base.group(1), OWN_SITE))

    sending = threading.Thread(target=client)
    sending.start()
    code = serve(options, printed)  # in this process: the command's own signal handlers are restored after
    sending.join()
    assert [answer.status_code for answer in seen] == [200]
    assert code == 0, printed.getvalue()
    assert "1 exchanges" in printed.getvalue()
    assert (tmp_path / "summary.md").exists()


def test_a_killed_proxy_leaves_a_readable_recording_of_every_finished_exchange(upstream: str, tmp_path: Path) -> None:
    recording = tmp_path / "traffic.jsonl"
    with proxy_command("--upstream", upstream, "--record", str(recording)) as proxy:
        _send(proxy.base_url, *([OWN_SITE, Probe("no key", "GET", HOME, key=None)] * 3))
        # An exchange is finished once recorded, just after its last byte reached the client.
        deadline = time.monotonic() + 10
        while len(recording.read_text().splitlines()) < 1 + 6 and time.monotonic() < deadline:
            time.sleep(0.01)
        proxy.stop(signal.SIGKILL)
    assert [exchange.status for exchange in read(recording)] == [200, 401] * 3


def _random_key() -> str:
    """A key with every character masking must know: /, + and =."""
    while "/" not in (key := base64.b64encode(secrets.token_bytes(30)).decode()) or "+" not in key:
        pass
    return key + "=="


def _forms(key: str) -> list[str]:
    """The forms a key may be echoed in: as sent, JSON-escaped, percent-encoded."""
    return [key, key.replace("/", "\\/"), json.dumps(key)[1:-1], quote(key, safe=""), quote(key, safe="").lower()]


def test_no_key_reaches_the_recording_the_log_or_the_reports_even_from_an_echoing_upstream(tmp_path: Path) -> None:
    own, other = _random_key(), _random_key()
    echo = create_app(get_behaviour("echo-headers"), api_keys=[own, other])
    reports, recording = tmp_path / "reports", tmp_path / "traffic.jsonl"
    with (
        uvicorn_in_thread(echo) as echoing,
        proxy_command(
            "--upstream", echoing, "--record", str(recording), "--reports-dir", str(reports), "--mode", "annotate"
        ) as proxy,
        httpx.Client(timeout=30) as http,
    ):
        http.get(proxy.base_url + HOME, headers={SPEC.key_header: own}, params={SPEC.client_id_parameter: CLIENT})
        http.get(
            proxy.base_url + HOME, params={KEY_QUERY_PARAMETER: other, SPEC.client_id_parameter: CLIENT}
        )  # the vendor's other way
        http.post(proxy.base_url + BATCH, content=_ids(1), headers={SPEC.key_header: own, "content-type": "text/x"})
        code, out, err = proxy.stop()
    assert code == 1, out + err  # SIGTERM ends the run: the echoing server's 500s fail it
    assert "DOES NOT CONFORM" in out
    assert "C-NO-SERVER-ERROR [contract]" in err, "each finding is logged at once"
    written = [recording.read_text(), out, err, *(path.read_text() for path in reports.iterdir())]
    assert len(written) == 3 + len(FILES)
    for text in written:
        for form in (*_forms(own), *_forms(other)):
            assert form not in text
    assert [exchange.credential for exchange in read(recording)] == ["key 1", "key 2", "key 1"]


def counting_mock(arrived: list[int]) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """The clean mock, noting in `arrived` how many ids each request body that reached it held."""
    app = create_app(CLEAN)

    async def counting(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await app(scope, receive, send)
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if body:
            arrived.append(len(json.loads(body)["groupIds"]))

        async def again() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        return await app(scope, again, send)

    return counting


def test_strict_never_lets_a_request_of_more_ids_than_the_limit_reach_upstream() -> None:
    arrived: list[int] = []
    counting = counting_mock(arrived)
    too_many = Probe("one id too many", "POST", BATCH, body=_ids(SPEC.max_ids + 1))
    most = Probe("the most ids", "POST", BATCH, body=_ids(SPEC.max_ids))
    with uvicorn_in_thread(counting) as counted:
        judge = Watch(real_judge(counted))
        with proxied(counted, judge, Mode.STRICT) as (proxy, _):
            refused, served = _send(proxy, too_many, most)
    assert refused.status_code == 400
    assert refused.headers[ANNOTATION].endswith("C-ID-LIMIT")
    assert served.status_code == 200
    assert arrived == [SPEC.max_ids], "only the request within the limit reached upstream"


def test_the_generated_sdk_reads_its_answers_through_the_annotating_proxy(upstream: str) -> None:
    keys = Keys()
    with proxied(upstream, real_judge(upstream, keys), Mode.ANNOTATE, keys=keys) as (proxy, app):
        connection = connect(KEY, CLIENT, proxy)
        site = operation_1.sync(OWN.roots[0].id, client=connection.client, client_id=connection.client_id)
    assert isinstance(site, UserGroup)
    assert site.id == OWN.roots[0].id
    assert app.finished == 1
    assert app.judge_errors == 0


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (("--ca-bundle", "/no/such/bundle.pem"), "--ca-bundle /no/such/bundle.pem"),
        (("--record", "/no/such/folder/traffic.jsonl"), "--record"),
        (("--upstream", "ftp://example.com"), "must start with http:// or https://"),
    ],
    ids=["unreadable CA bundle", "unwritable recording", "not an HTTP upstream"],
)
def test_bad_input_is_one_line_and_exit_2(upstream: str, options: tuple[str, ...], said: str) -> None:
    command = contract_command("proxy", "--upstream", upstream, *options)
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, env=contract_env(), check=False)  # noqa: S603
    assert result.returncode == 2, result.stdout + result.stderr
    assert said in result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_in_use_is_one_line_and_exit_2(upstream: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        command = contract_command("proxy", "--upstream", upstream, "--port", port)
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, env=contract_env(), check=False)  # noqa: S603
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
