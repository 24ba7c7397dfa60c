"""The server under test: the embedded mock in-process, or a server reached over HTTP."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from contract_tests.settings import Credentials, Settings, SettingsError
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

    def with_sites(self, site_ids: tuple[int, ...], sites_with_drivers: tuple[int, ...]) -> Target:
        """The same target with the site ids the preflight found usable."""
        return replace(self, site_ids=site_ids, sites_with_drivers=sites_with_drivers)


def resolve(settings: Settings) -> Target:
    """The target the settings name; for the mock, its demo customers and their sites."""
    if settings.live:
        assert settings.base_url is not None
        assert settings.own is not None
        ids = settings.site_ids
        return Target(settings.base_url, None, settings.own, settings.other, ids, ids, settings.base_url, "")
    # Imported here: the live route never needs the mock, and pytest should start before it loads.
    from mock_server import Kind, create_app, get_behaviour

    kind, name = settings.mock_behaviour or ("variant", None)
    try:
        behaviour = get_behaviour(name, Kind(kind))
    except ValueError as error:
        raise SettingsError(str(error)) from None
    app = create_app(behaviour)
    own, other = app.dataset.tenants[:2]
    option = "" if behaviour.name == "none" else f" {behaviour.kind.value.upper()}={behaviour.name}"
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
