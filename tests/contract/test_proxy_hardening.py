"""What a hostile or careless client, or a mistaken command line, cannot make the proxy do: let a request of too many
ids reach upstream in strict mode by spelling the path otherwise or by sending more than it judges; mix a client that
left mid-body into the next client's request; answer 500s for an upstream URL it cannot use; print a key given in the
upstream URL; miss a key sent as `Code=`."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from contract_tests.proxy.forward import REQUEST_BOUND, Mode
from contract_tests.traffic.exchange import Keys, read
from emabler_spec import SPEC, SPEC_FILENAME
from mock_server import CLEAN, create_app
from mock_server.launch import uvicorn_in_thread
from tests.checkout import ROOT, contract_command, contract_env
from tests.contract.test_proxy import BATCH, OWN, PROBES, Probe, Watch, _ids, proxied, real_judge
from tests.contract.test_proxy_command import counting_mock, proxy_command

TOO_MANY = SPEC.max_ids + 1
PADDED = _ids(TOO_MANY)[:-1] + b" " * 2 * REQUEST_BOUND + b"}"  # valid JSON, larger than the proxy reads to judge


@pytest.mark.parametrize(
    "probe",
    [
        Probe("percent-encoded letter", "POST", BATCH.replace("drivers", "%64rivers"), body=_ids(TOO_MANY)),
        Probe("other case", "POST", BATCH.upper(), body=_ids(TOO_MANY)),
        Probe("trailing slash", "POST", BATCH + "/", body=_ids(TOO_MANY)),
        Probe("a body larger than the proxy judges", "POST", BATCH, body=PADDED),
    ],
    ids=lambda probe: probe.name,
)
def test_strict_keeps_too_many_ids_from_upstream_however_the_request_is_spelt(probe: Probe) -> None:
    arrived: list[int] = []
    with uvicorn_in_thread(counting_mock(arrived)) as counted:  # noqa: SIM117 - the proxy needs the upstream's URL
        with proxied(counted, Watch(real_judge(counted)), Mode.STRICT) as (proxy, _), httpx.Client(timeout=30) as http:
            request = probe.request(proxy)
            if len(probe.body or b"") > REQUEST_BOUND:  # in pieces, as a large upload comes: more than one read
                body = probe.body or b""
                pieces = (body[at : at + 16384] for at in range(0, len(body), 16384))
                headers = [(name, value) for name, value in request.headers.items() if name != "content-length"]
                request = httpx.Request(request.method, request.url, headers=headers, content=pieces)
            refused = http.send(request)
    assert refused.status_code == 400
    assert refused.json()["errorCode"]
    assert arrived == [], "nothing reached upstream"


def test_a_client_that_leaves_mid_body_is_not_mixed_into_the_next_request() -> None:
    with uvicorn_in_thread(create_app(CLEAN)) as upstream, proxied(upstream, Watch(), Mode.OBSERVE) as (proxy, _):
        host, port = proxy.split("//")[1].split("/")[0].split(":")
        with socket.create_connection((host, int(port))) as left:
            head = f"POST /api{BATCH} HTTP/1.1\r\nhost: x\r\ncontent-length: 1000000\r\n\r\n"
            left.sendall(head.encode() + b'{"groupIds": [')
        own_site = next(probe for probe in PROBES if probe.name == "own site")
        with httpx.Client(timeout=10) as http:
            answers = [http.send(own_site.request(proxy)).status_code for _ in range(3)]
    assert answers == [200, 200, 200]


def _proxy_exits(upstream: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the checkout's own command
        contract_command("proxy", "--upstream", upstream, "--port", "0"),
        capture_output=True,
        text=True,
        env=contract_env(),
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "upstream",
    ["http://127.0.0.1:99999/api", "http://[::1/api"],
    ids=["port out of range", "not a URL"],
)
def test_an_upstream_the_proxy_cannot_use_is_one_line_and_exit_2(upstream: str) -> None:
    result = _proxy_exits(upstream)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: --upstream"), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


def test_a_key_in_the_upstream_url_is_refused_and_never_printed() -> None:
    key = base64.b64encode(secrets.token_bytes(24)).decode()
    for upstream in (f"http://customer:{key}@127.0.0.1:8765/api", f"http://127.0.0.1:8765/api?code={key}"):
        result = _proxy_exits(upstream)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1
        assert key not in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["code", "Code", "CODE"])
def test_a_key_sent_as_the_code_query_parameter_in_any_case_is_learnt_and_masked(name: str) -> None:
    key = base64.b64encode(secrets.token_bytes(24)).decode()
    keys = Keys()
    credential = keys.learn([], f"clientId={OWN.tenant.client_id}&{name}={httpx.QueryParams({'k': key})['k']}")
    assert credential == "key 1"
    echoed = json.dumps({"echo": key}).replace("/", "\\/")
    assert key not in keys.masker(echoed)


def test_curl_and_schemathesis_cli_through_the_proxy_get_what_they_get_direct_and_a_clean_verdict(
    tmp_path: Path,
) -> None:
    own_site = next(probe for probe in PROBES if probe.name == "own site")
    with uvicorn_in_thread(create_app(CLEAN)) as upstream:
        options = ("--upstream", upstream, "--reports-dir", str(tmp_path / "reports"), "--record", str(tmp_path / "r"))
        with proxy_command(*options, cwd=tmp_path) as proxy:

            def curl(base: str) -> bytes:
                url = str(own_site.request(base).url)
                command = ["curl", "-s", "--fail-with-body", "-H", f"{SPEC.key_header}: {own_site.key}", url]
                return subprocess.run(command, capture_output=True, check=True, timeout=30).stdout  # noqa: S603

            assert hashlib.sha256(curl(proxy.base_url)).digest() == hashlib.sha256(curl(upstream)).digest()
            schemathesis = subprocess.run(  # noqa: S603 - Schemathesis' own command line, a client like any other
                [
                    str(Path(sys.executable).parent / "st"),
                    "run",
                    str(ROOT / SPEC_FILENAME),
                    "--url",
                    proxy.base_url,
                    "-H",
                    f"{SPEC.key_header}: {own_site.key}",
                    "--max-examples",
                    "5",
                    "--phases",
                    "examples,fuzzing",
                ],
                capture_output=True,
                text=True,
                cwd=tmp_path,
                timeout=120,
                check=False,
            )
            assert schemathesis.returncode in (0, 1), schemathesis.stdout + schemathesis.stderr  # it ran to its end
            code, out, err = proxy.stop()
    exchanges = list(read(tmp_path / "r"))
    assert len(exchanges) > 10, "Schemathesis' requests went through the proxy"
    assert code == 0, out + err
    assert "DOES NOT CONFORM" not in out
