"""The server under test: the embedded mock in-process, or a server reached over HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contract_tests.settings import Credentials, Settings
from emabler_spec import SPEC


@dataclass(frozen=True)
class Target:
    """Where requests go, as whom, and which site ids each operation can use."""

    base_url: str
    app: Any | None  # the embedded mock's ASGI app; None for a server reached over HTTP
    own: Credentials
    other: Credentials | None
    site_ids: tuple[int, ...]  # sites of `own` that operation 1 answers
    sites_with_drivers: tuple[int, ...]  # those of them operation 2 answers with drivers
    name: str
    reproduce: str  # how a reader of the report reaches the same server

    @property
    def secrets(self) -> tuple[str, ...]:
        """The keys requests go with."""
        return tuple(credentials.api_key for credentials in (self.own, self.other) if credentials is not None)


def resolve(settings: Settings) -> Target:
    """The target the settings name; for the mock, its demo customers and their sites."""
    if settings.base_url is not None:
        assert settings.own is not None
        ids = settings.site_ids
        return Target(settings.base_url, None, settings.own, settings.other, ids, ids, settings.base_url, "")
    # Imported here: the live route never needs the mock, and pytest should start before it loads.
    from mock_server import CLEAN, create_app

    behaviour = settings.mock_behaviour or CLEAN
    app = create_app(behaviour)
    own, other = app.dataset.tenants[:2]
    option = "" if behaviour == CLEAN else f" {behaviour.kind.value.upper()}={behaviour.name}"
    return Target(
        # Requests go to the app in-process; evidence names where `make mock` serves the same mock,
        # so every curl line of a report runs against it.
        SPEC.local_server_url,
        app,
        Credentials(own.tenant.api_key, own.tenant.client_id),
        Credentials(other.tenant.api_key, other.tenant.client_id),
        tuple(own.sites),
        tuple(own.sites_with_drivers),
        f"embedded mock ({behaviour.kind.value}: {behaviour.name})",
        f"serve the same mock with `make mock{option}` (the key is the demo key of {own.tenant.name})",
    )
