"""Every fault of the catalog makes the mock behave differently from the clean mock, on the spec its app serves."""

from __future__ import annotations

import ast
import asyncio
import dataclasses
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest

import mock_server
from emabler_spec import SPEC, Spec
from mock_server import CATALOG, Behaviour, Kind, MockApp, create_app, of_kind
from mock_server.data import TenantData
from tests.mock.as_customer import drivers_for, home_site

Probe = Callable[[httpx.AsyncClient, TenantData, TenantData], Awaitable[httpx.Response]]

# Requests that together touch every switch a fault can flip.
PROBES: dict[str, Probe] = {
    "own site": lambda h, t, o: home_site(h, t, t.roots[0].id),
    "missing site": lambda h, t, o: home_site(h, t, 424242),
    "foreign site": lambda h, t, o: home_site(h, t, o.roots[0].id),
    "no key": lambda h, t, o: home_site(h, t, t.roots[0].id, key=None),
    "wrong key": lambda h, t, o: home_site(h, t, t.roots[0].id, key="not-a-key-of-anyone"),
    "1 id": lambda h, t, o: drivers_for(h, t, {"groupIds": [t.roots[0].id]}),
    "the most ids": lambda h, t, o: drivers_for(h, t, {"groupIds": [t.roots[0].id] * SPEC.max_ids}),
    "one id too many": lambda h, t, o: drivers_for(h, t, {"groupIds": [t.roots[0].id] * (SPEC.max_ids + 1)}),
    "string id": lambda h, t, o: drivers_for(h, t, {"groupIds": ["x"]}),
    "no body": lambda h, t, o: drivers_for(h, t, None),
}


async def _observe(app: MockApp) -> dict[str, tuple[int, str, bytes]]:
    tenant, other = app.dataset.tenants[:2]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock/api") as http:
        seen = {}
        for name, probe in PROBES.items():
            response = await probe(http, tenant, other)
            seen[name] = (response.status_code, response.headers.get("content-type", ""), response.content)
        return seen


@pytest.fixture(scope="module")
def clean_behaviour(clean_app: MockApp) -> dict[str, tuple[int, str, bytes]]:
    return asyncio.run(_observe(clean_app))


@pytest.mark.parametrize("fault", of_kind(Kind.FAULT), ids=lambda fault: fault.name)
async def test_the_fault_changes_the_mocks_behaviour(
    fault: Behaviour, clean_behaviour: dict[str, tuple[int, str, bytes]]
) -> None:
    faulty = await _observe(create_app(fault))
    changed = [name for name in PROBES if faulty[name] != clean_behaviour[name]]
    assert changed, f"{fault} behaves exactly like the clean mock"


def _one_more_status_on_operation_1(spec: Spec) -> None:
    operation = spec.document["paths"][spec.home_site.path][spec.home_site.method.lower()]
    operation["responses"]["404"] = {"description": "Not found (a candidate's reading)."}


@pytest.mark.parametrize("behaviour", [*of_kind(Kind.FAULT), *of_kind(Kind.VARIANT)], ids=lambda b: b.name)
async def test_the_behaviour_answers_an_app_serving_a_candidate_spec_as_it_answers_the_projects_one(
    behaviour: Behaviour,
) -> None:
    # The candidate's operation 1 is not equal to the project's (its statuses differ), and its
    # requests are the same: a hook that read the project's spec, not the app's, would not fire.
    candidate = SPEC.patched(_one_more_status_on_operation_1)
    assert candidate.home_site != SPEC.home_site
    assert await _observe(create_app(behaviour, spec=candidate)) == await _observe(create_app(behaviour))


def test_there_are_at_least_the_16_required_faults_and_every_name_is_unique() -> None:
    assert len(of_kind(Kind.FAULT)) >= 16
    assert len({behaviour.name for behaviour in CATALOG}) == len(CATALOG)


def test_the_behaviours_command_lists_one_line_per_behaviour_with_its_kind() -> None:
    command = [sys.executable, "-m", "mock_server", "behaviours"]
    lines = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()  # noqa: S603
    assert [tuple(line.split()[:2]) for line in lines] == [(b.kind.value, b.name) for b in CATALOG]


def test_an_unknown_fault_is_one_clear_line_and_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mock_server", "serve", "--fault", "no-such-fault"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: unknown fault 'no-such-fault'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_clean_request_path_has_no_branch_for_any_behaviour() -> None:
    # A behaviour is a spec patch plus a wrapper: the clean mock only applies the patch and
    # puts the wrapper around itself; nothing in its request path asks which behaviour it is.
    allowed = {"patch", "before", "after"}
    assert allowed <= {part.name for part in dataclasses.fields(Behaviour)}  # the names a behaviour has now
    for module in ("app.py", "_limits.py", "_cache.py", "_asgi.py", "_errors.py", "data.py", "_values.py"):
        source = (Path(mock_server.__file__).parent / module).read_text()
        read = {
            node.attr
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Attribute)
            and ast.unparse(node.value) in {"self.behaviour", "behaviour", "self.fault", "fault"}
        }
        assert read <= allowed, module
        assert not [b.name for b in CATALOG if f'"{b.name}"' in source], module
