"""Hostile input to the served mock: never a 5xx, never a traceback in its log, always the `Error` body, in time.

Each case is sent over HTTP to `python -m mock_server serve`; the time bounds are generous
ceilings that only a mock parsing or validating what it should refuse at once would pass
(they are not benchmarks: `make bench` measures speed).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from emabler_spec import SPEC
from mock_server._limits import MAX_BODY_BYTES, MAX_JSON_DEPTH
from mock_server.data import DEMO_TENANTS, build_dataset
from mock_server.launch import RunningMock, launched, serve_command

TENANT = DEMO_TENANTS[0]
SITE = build_dataset().tenants[0].sites_with_drivers[0]
AUTH = {"headers": {SPEC.key_header: TENANT.api_key}, "params": {SPEC.client_id_parameter: TENANT.client_id}}
QUICK = 2.0  # seconds: a refusal that reads or parses nothing it need not


@pytest.fixture(scope="module")
def mock() -> Iterator[RunningMock]:
    with launched(serve_command(), {}) as running:
        yield running
        log = running.log()
        assert "Traceback" not in log, log[-3000:]
        assert "Exception" not in log, log[-3000:]


@pytest.fixture
def http(mock: RunningMock) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mock.base_url, timeout=30) as client:
        yield client


def _refused(response: httpx.Response, elapsed: float, status: int = 400, bound: float = QUICK) -> dict[str, Any]:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) >= {"errorCode", "message"}
    assert len(response.content) < 1024, "the answer echoes the request"
    assert elapsed < bound, f"took {elapsed:.2f} s"
    return body


def _timed(send: Any) -> tuple[httpx.Response, float]:
    start = time.perf_counter()
    response = send()
    return response, time.perf_counter() - start


def _post_raw(http: httpx.Client, body: bytes, **headers: str) -> tuple[httpx.Response, float]:
    merged = {**AUTH["headers"], "content-type": "application/json", **headers}
    return _timed(lambda: http.post(SPEC.drivers_for_sites.path, content=body, headers=merged, params=AUTH["params"]))


@pytest.mark.parametrize("key", [TENANT.api_key, None], ids=["with key", "without key"])
def test_head_on_operation_1_is_answered_like_get_without_a_body(http: httpx.Client, key: str | None) -> None:
    headers = {SPEC.key_header: key} if key else {}
    head = http.head(SPEC.home_site.url_path(siteId=SITE), headers=headers, params=AUTH["params"])
    get = http.get(SPEC.home_site.url_path(siteId=SITE), headers=headers, params=AUTH["params"])
    assert head.status_code == get.status_code == (200 if key else 401)
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]


def test_head_on_operation_2_is_405_with_allow(http: httpx.Client) -> None:
    response = http.head(SPEC.drivers_for_sites.path, **AUTH)  # type: ignore[arg-type]
    assert response.status_code == 405
    assert response.headers["allow"] == SPEC.drivers_for_sites.method


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 188, 1000, 100_000])
def test_a_deeply_nested_body_is_refused_at_once(http: httpx.Client, depth: int) -> None:
    nested = b"[" * depth + b"]" * depth
    for body in (nested, b'{"' + SPEC.id_list_property.encode() + b'":[1],"x":' + nested + b"}"):
        _refused(*_post_raw(http, body))


def test_nesting_within_the_limit_is_validated_not_refused_as_too_deep(http: httpx.Client) -> None:
    body = json.dumps({SPEC.id_list_property: [SITE], "x": [[[[1]]]]}).encode()
    response, _ = _post_raw(http, body)
    assert response.status_code == 200  # extra properties are allowed; four levels are nothing


def _declared(mock: RunningMock, size: int) -> tuple[httpx.Response, float]:
    """A POST that declares `size` bytes and sends a handful: answered from the declaration alone."""
    url = httpx.URL(mock.base_url)
    head = (
        f"POST {url.path}{SPEC.drivers_for_sites.path}?{SPEC.client_id_parameter}={TENANT.client_id} HTTP/1.1\r\n"
        f"host: {url.host}\r\n{SPEC.key_header}: {TENANT.api_key}\r\ncontent-type: application/json\r\n"
        f"content-length: {size}\r\nconnection: close\r\n\r\n"
    )
    start = time.perf_counter()
    with socket.create_connection((url.host, url.port), timeout=10) as raw:
        raw.sendall(head.encode() + b'{"' + SPEC.id_list_property.encode() + b'": [')
        received = b""
        while chunk := raw.recv(65536):
            received += chunk
    elapsed = time.perf_counter() - start
    headers, body = received.split(b"\r\n\r\n", 1)
    lines = headers.decode().split("\r\n")
    fields = dict(line.split(": ", 1) for line in lines[1:])
    return httpx.Response(int(lines[0].split()[1]), headers=fields, content=body), elapsed


@pytest.mark.parametrize("megabytes", [1, 10, 100])
def test_a_huge_body_is_refused_without_being_read(mock: RunningMock, megabytes: int) -> None:
    body = _refused(*_declared(mock, megabytes * 1_000_000))
    assert str(MAX_BODY_BYTES) in body["message"]


def test_a_huge_chunked_body_is_refused_after_the_limit(http: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"' + SPEC.id_list_property.encode() + b'":['
        for _ in range(10_000):
            yield b"5000000001," * 100

    response, elapsed = _timed(
        lambda: http.post(SPEC.drivers_for_sites.path, content=chunks(), headers=AUTH["headers"], params=AUTH["params"])
    )
    _refused(response, elapsed, bound=10.0)


def test_a_large_request_does_not_delay_others(http: httpx.Client, mock: RunningMock) -> None:
    # A client that sends 10 MB slowly must not hold the others up: they are answered meanwhile.
    host, port = httpx.URL(mock.base_url).host, httpx.URL(mock.base_url).port
    finished = threading.Event()

    def slow_sender() -> None:
        with socket.create_connection((host, port)) as raw:
            head = (
                f"POST {httpx.URL(mock.base_url).path}{SPEC.drivers_for_sites.path} HTTP/1.1\r\nhost: {host}\r\n"
                f"content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            )
            raw.sendall(head.encode())
            try:
                for _ in range(40):
                    chunk = b"1," * 500
                    raw.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    time.sleep(0.05)
            except OSError:
                pass  # the mock refused it and closed: what it should do
        finished.set()

    threading.Thread(target=slow_sender, daemon=True).start()
    time.sleep(0.2)
    response, elapsed = _timed(lambda: http.get(SPEC.home_site.url_path(siteId=SITE), **AUTH))  # type: ignore[arg-type]
    assert response.status_code == 200
    assert elapsed < QUICK
    finished.wait(timeout=10)


def test_a_malformed_body_is_not_echoed(http: httpx.Client) -> None:
    body = b'{"' + SPEC.id_list_property.encode() + b'": [' + b"x" * (MAX_BODY_BYTES - 100)
    message = _refused(*_post_raw(http, body))["message"]
    assert len(message) <= 300


@pytest.mark.parametrize("raw", [b"\xff\xfe\x00garbage", b"", b"null", b"[]", b'"text"', b"1e999999"])
def test_odd_bodies_get_400(http: httpx.Client, raw: bytes) -> None:
    _refused(*_post_raw(http, raw))


def test_a_body_of_another_media_type_gets_400(http: httpx.Client) -> None:
    _refused(*_post_raw(http, json.dumps({SPEC.id_list_property: [SITE]}).encode(), **{"content-type": "text/plain"}))


@pytest.mark.parametrize(
    "site_id",
    ["+5000000001", "5_000_000_001", "%205000000001", "5000000001%20", "٥٦", "0x10", "1e3", "05000000001", "-0"],
    ids=[
        "plus",
        "underscores",
        "leading blank",
        "trailing blank",
        "arabic-indic digits",
        "hex",
        "exponent",
        "zero",
        "-0",
    ],
)
def test_only_canonical_decimal_ids_are_read_from_the_path(http: httpx.Client, site_id: str) -> None:
    _refused(*_timed(lambda: http.get(SPEC.home_site.url_path(siteId=site_id), **AUTH)))  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"])
def test_an_undeclared_method_gets_405_with_the_error_body(http: httpx.Client, method: str) -> None:
    response = http.request(method, SPEC.home_site.url_path(siteId=SITE), **AUTH)  # type: ignore[arg-type]
    assert response.status_code == 405
    assert response.json()["errorCode"] == "METHOD_NOT_ALLOWED"


def test_memory_comes_back_after_large_requests(http: httpx.Client, mock: RunningMock) -> None:
    rss = _rss_kb(mock)
    for _ in range(25):
        _post_raw(http, b"[" * MAX_BODY_BYTES)
        _declared(mock, 100_000_000)
    assert _rss_kb(mock) - rss < 50_000


def _rss_kb(mock: RunningMock) -> int:
    pid = _listening_pid(mock)
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _listening_pid(mock: RunningMock) -> int:
    port = httpx.URL(mock.base_url).port
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = status.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"mock_server" in command and b"serve" in command and b"0" in command:
            pid = int(status.parent.name)
            if f":{port:04X}" in _sockets(pid):
                return pid
    raise AssertionError("no mock process found")


def _sockets(pid: int) -> str:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    table = Path("/proc/net/tcp").read_text() + Path("/proc/net/tcp6").read_text()
    return "\n".join(line for line in table.splitlines() if any(f" {inode} " in line for inode in inodes))
