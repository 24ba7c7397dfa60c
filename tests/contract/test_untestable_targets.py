"""A target that cannot be tested gets one line naming what failed and what to do, exit 2, and no verdict."""

from __future__ import annotations

import secrets
import socket
import socketserver
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from contract_tests.masking import MASK
from emabler_spec import SPEC
from mock_server import build_dataset
from mock_server.launch import RunningMock
from tests.checkout import contract_command, contract_env, served_mock

OWN = build_dataset().tenants[0]
KEY = f"untestable-{secrets.token_hex(8)}"


def _run(
    reports: Path, base_url: str, key: str = KEY, site_ids: str = "", **settings: str
) -> subprocess.CompletedProcess[str]:
    env = contract_env(
        EMABLER_BASE_URL=base_url,
        EMABLER_API_KEY=key,
        EMABLER_CLIENT_ID=OWN.tenant.client_id,
        EMABLER_SITE_IDS=site_ids or ",".join(map(str, OWN.sites_with_drivers[:3])),
        EMABLER_REPORTS_DIR=str(reports),
        **settings,
    )
    return subprocess.run(contract_command("run"), env=env, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603


def _assert_untestable(result: subprocess.CompletedProcess[str], reports: Path, says: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert says in lines[0]
    assert KEY not in result.stderr
    assert not reports.exists() or not any(reports.iterdir()), "a report was written"


@pytest.fixture(scope="module")
def mock() -> Iterator[RunningMock]:
    with served_mock(api_keys=(KEY,)) as running:
        yield running


def test_a_closed_port_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = _run(tmp_path, f"http://127.0.0.1:{port}{SPEC.api_prefix}")
    _assert_untestable(result, tmp_path, f"cannot reach http://127.0.0.1:{port}{SPEC.api_prefix}")


def test_a_server_that_never_answers_is_one_line_naming_the_timeout_setting(tmp_path: Path) -> None:
    with socket.socket() as silent:  # the kernel completes the connection; nobody ever answers on it
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        result = _run(tmp_path, f"http://127.0.0.1:{silent.getsockname()[1]}{SPEC.api_prefix}", EMABLER_TIMEOUT="0.5")
    _assert_untestable(result, tmp_path, "did not answer within the request timeout")
    assert "EMABLER_TIMEOUT (--timeout)" in result.stderr


class _HtmlPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body>It works!</body></html>")

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads the command's output, not the server's."""


def test_an_html_web_server_is_one_line_and_exit_2(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HtmlPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = _run(tmp_path, f"http://127.0.0.1:{server.server_address[1]}{SPEC.api_prefix}")
    finally:
        server.shutdown()
    _assert_untestable(
        result, tmp_path, "does not look like the eMabler drivers API: a request without a key got an HTML page"
    )


class _EchoesTheKey(socketserver.StreamRequestHandler):
    """Not HTTP: a first line that names the key again and again, past the length the error line keeps of it."""

    def handle(self) -> None:
        self.rfile.readline()
        self.wfile.write(b"HTTP/1.1 " + KEY.encode() * 12 + b"\r\n\r\n")


def test_a_key_the_server_sends_back_is_masked_before_the_error_line_is_cut(tmp_path: Path) -> None:
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _EchoesTheKey) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            result = _run(tmp_path, f"http://127.0.0.1:{server.server_address[1]}{SPEC.api_prefix}")
        finally:
            server.shutdown()
    _assert_untestable(result, tmp_path, "cannot reach http://127.0.0.1:")
    # What the server sent, as the line shows it: masks, the last one cut; masked after the cut, a key's start shows.
    sent = result.stderr.split("HTTP/1.1 ", 1)[1].split("): is the server running", 1)[0]
    assert sent.startswith(MASK)
    assert MASK.startswith(sent.replace(MASK, "")), sent


def test_a_base_url_without_the_api_prefix_is_one_line_and_exit_2(tmp_path: Path, mock: RunningMock) -> None:
    result = _run(tmp_path, mock.base_url.removesuffix(SPEC.api_prefix))
    _assert_untestable(result, tmp_path, "got status 404, where this API answers 401")


def test_a_refused_key_is_one_line_and_exit_2(tmp_path: Path, mock: RunningMock) -> None:
    result = _run(tmp_path, mock.base_url, key=f"not-the-key-{secrets.token_hex(8)}")
    _assert_untestable(result, tmp_path, "the key was refused (401)")


def test_a_site_id_of_nobody_is_one_line_and_exit_2(tmp_path: Path, mock: RunningMock) -> None:
    result = _run(tmp_path, mock.base_url, site_ids=f"{OWN.sites_with_drivers[0]},1")
    _assert_untestable(result, tmp_path, "EMABLER_SITE_IDS (--site-ids): operation 1 answered 400 for site 1")


def test_sites_without_drivers_only_are_one_line_and_exit_2(tmp_path: Path, mock: RunningMock) -> None:
    without = next(site for site in OWN.sites if site not in OWN.sites_with_drivers)
    result = _run(tmp_path, mock.base_url, site_ids=str(without))
    _assert_untestable(result, tmp_path, "none of the sites has drivers")


def test_a_site_without_drivers_among_others_is_usable(tmp_path: Path, mock: RunningMock) -> None:
    without = next(site for site in OWN.sites if site not in OWN.sites_with_drivers)
    result = _run(tmp_path, mock.base_url, site_ids=f"{without},{OWN.sites_with_drivers[0]}")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    # Without a second customer's credentials, tenant isolation is listed as not tested.
    assert result.stdout.startswith("CONFORMS (2 not tested: A-FOREIGN-LIKE-MISSING, S-TENANT-ISOLATION)\n")
