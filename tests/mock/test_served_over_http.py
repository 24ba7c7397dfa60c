"""`make mock` serves the mock over real HTTP on 127.0.0.1, as the README says."""

from __future__ import annotations

import shlex
import socket
import subprocess

import httpx

from emabler_spec import SPEC
from mock_server.data import DEMO_TENANTS, build_dataset
from mock_server.launch import serve_command
from tests.checkout import served_mock


def test_make_mock_serves_both_operations_over_http() -> None:
    tenant = DEMO_TENANTS[0]
    with served_mock() as mock:
        auth = {"headers": {SPEC.key_header: tenant.api_key}, "params": {SPEC.client_id_parameter: tenant.client_id}}
        root = build_dataset().tenants[0].roots[0].id
        site_url, drivers_url = (
            mock.base_url + SPEC.home_site.url_path(siteId=root),
            mock.base_url + SPEC.drivers_for_sites.path,
        )
        site = httpx.get(site_url, **auth)  # type: ignore[arg-type]
        drivers = httpx.post(drivers_url, json={"groupIds": [root]}, **auth)  # type: ignore[arg-type]
        refused = httpx.get(site_url, params=auth["params"])
    assert site.status_code == 200
    assert site.json()["id"] == root
    assert drivers.status_code == 200
    assert drivers.json()[0]["groupId"] == root
    assert refused.status_code == 401


def test_make_mock_prints_the_demo_keys_and_a_curl_line_that_works() -> None:
    with served_mock() as mock:
        for tenant in DEMO_TENANTS:
            assert tenant.api_key in mock.banner
            assert tenant.client_id in mock.banner
        curl = mock.banner.split("try: ", 1)[1].strip()
        result = subprocess.run(shlex.split(curl), capture_output=True, text=True, check=True)  # noqa: S603
    assert '"groupName"' in result.stdout


def test_a_busy_port_is_one_clear_line_and_a_non_zero_exit() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(  # noqa: S603 - fixed command
            [*serve_command(), "--port", str(port)],  # the last --port given is the one served
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "address already in use" in result.stderr.lower()
