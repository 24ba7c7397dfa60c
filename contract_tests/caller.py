"""Hand-made requests of the domain tests, remembered so a failure can show its curl line."""

from __future__ import annotations

import json
import shlex
from typing import Any

import httpx

from contract_tests.settings import Credentials
from contract_tests.target import Target
from emabler_spec import CLIENT_ID_PARAMETER, DRIVERS_FOR_SITES, HOME_SITE, KEY_HEADER

MASK = "[Filtered]"
WRONG_KEY = Credentials("wrong-key-for-contract-tests", "wrong-client")


class ApiCaller:
    """Calls the two operations of the target as a given customer, or with no key."""

    def __init__(self, target: Target, http: httpx.AsyncClient) -> None:
        self.target = target
        self.http = http
        self.last: httpx.Request | None = None

    async def request(
        self, method: str, path: str, creds: Credentials | None, *, content: bytes | None = None
    ) -> httpx.Response:
        """Send one request; `creds=None` sends no key (and the own client id)."""
        headers = {"content-type": "application/json"} if content is not None else {}
        if creds is not None:
            headers[KEY_HEADER] = creds.api_key
        client_id = (creds or self.target.own).client_id
        request = self.http.build_request(
            method, path.lstrip("/"), params={CLIENT_ID_PARAMETER: client_id}, headers=headers, content=content
        )
        self.last = request
        return await self.http.send(request)

    async def home_site(self, site_id: Any, creds: Credentials | bool | None = True) -> httpx.Response:
        """Operation 1; `creds=True` means the target's own customer."""
        return await self.request(HOME_SITE.method, HOME_SITE.url_path(siteId=site_id), self._creds(creds))

    async def drivers_for(self, body: Any, creds: Credentials | bool | None = True) -> httpx.Response:
        """Operation 2 with `body`: a JSON value, or raw bytes sent as they are."""
        content = body if isinstance(body, bytes) else None if body is None else json.dumps(body).encode()
        return await self.request(DRIVERS_FOR_SITES.method, DRIVERS_FOR_SITES.path, self._creds(creds), content=content)

    def _creds(self, creds: Credentials | bool | None) -> Credentials | None:
        if creds is True:
            return self.target.own
        if creds is False:
            return None
        return creds

    def last_curl(self) -> str | None:
        """The last request as a curl line, its key masked."""
        if self.last is None:
            return None
        request = self.last
        parts = ["curl", "-X", request.method]
        for name, value in request.headers.items():
            if name.lower() in {KEY_HEADER.lower(), "content-type"}:
                shown = MASK if name.lower() == KEY_HEADER.lower() else value
                parts += ["-H", f"{name}: {shown}"]
        if request.content:
            parts += ["-d", request.content.decode(errors="replace")[:300]]
        return shlex.join([*parts, str(request.url)])
