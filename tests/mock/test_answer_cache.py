"""The clean mock's cache of whole answers: a repeated request gets the same bytes, and nothing else does."""

from __future__ import annotations

import asyncio

import httpx

from emabler_spec import SPEC
from mock_server import create_app
from mock_server._cache import AnswerCache
from mock_server.data import TenantData


async def test_a_repeated_key_header_is_answered_by_the_first_value_never_from_another_requests_answer(
    tenant: TenantData,
) -> None:
    app = create_app()
    url = SPEC.home_site.url_path(siteId=tenant.roots[0].id)
    query = {SPEC.client_id_parameter: tenant.tenant.client_id}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock/api") as http:
        valid_first = [(SPEC.key_header, tenant.tenant.api_key), (SPEC.key_header, "junk")]
        wrong_first = [(SPEC.key_header, "not-a-key"), (SPEC.key_header, "junk")]
        assert (await http.get(url, params=query, headers=valid_first)).status_code == 200
        assert (await http.get(url, params=query, headers=wrong_first)).status_code == 401


async def test_identical_requests_missing_at_once_are_kept_once() -> None:
    calls = 0

    async def slow_app(scope: dict[str, object], receive: object, send: object) -> None:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b"x" * 100})  # type: ignore[operator]

    cache = AnswerCache(slow_app, vary=(), max_bytes=10_000)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cache), base_url="http://t") as http:
        await asyncio.gather(*(http.get("/same") for _ in range(4)))
        assert len(cache.answers) == 1
        assert cache.size == sum(cache._weight(k, a) for k, a in cache.answers.items())
        await http.get("/same")
    assert calls == 4  # the fifth came from the cache
