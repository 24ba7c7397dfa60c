"""The server under test: the embedded mock in-process, or a live server over HTTP."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.applications import Starlette

from contract_tests.settings import Credentials, Settings
from mock_server import create_app

MOCK_BASE_URL = "http://mock.local/api"  # never resolved: requests go to the ASGI app in-process


@dataclass(frozen=True)
class Target:
    """Where requests go, with which credentials, and which site ids are known to exist."""

    base_url: str
    app: Starlette | None
    own: Credentials
    other: Credentials | None
    site_ids: tuple[int, ...]
    live: bool

    @property
    def name(self) -> str:
        """How the report names the target."""
        if self.live:
            return self.base_url
        behaviour = self.app.state.api.behaviour if self.app is not None else None
        return f"embedded mock ({behaviour.kind.value}: {behaviour.name})" if behaviour else "embedded mock"


def resolve(settings: Settings) -> Target:
    """The target the settings name. For the mock, its demo customers and sites are used."""
    if settings.live:
        assert settings.base_url is not None
        assert settings.own is not None
        return Target(settings.base_url, None, settings.own, settings.other, settings.site_ids, live=True)
    app = create_app(settings.fault)
    own, other = app.state.api.dataset.tenants[:2]
    # Sites whose drivers operation 2 returns: positive cases of both operations use them.
    site_ids = tuple(own.sites_with_drivers)
    return Target(
        MOCK_BASE_URL,
        app,
        Credentials(own.tenant.api_key, own.tenant.client_id),
        Credentials(other.tenant.api_key, other.tenant.client_id),
        site_ids,
        live=False,
    )
