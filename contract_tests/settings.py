"""What the contract run targets and how hard it tries, read from the environment.

Without `EMABLER_BASE_URL` the run targets the embedded mock; with it, a live server
reached with `EMABLER_API_KEY`, `EMABLER_CLIENT_ID` and `EMABLER_SITE_IDS`. Every
mistake in these settings is reported as one `SettingsError` line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T", int, float)


class SettingsError(ValueError):
    """A missing or inconsistent setting; its message is one line for the user."""


@dataclass(frozen=True)
class Credentials:
    """A customer's key and client id. The key never appears in a repr."""

    api_key: str = field(repr=False)
    client_id: str


@dataclass(frozen=True)
class Settings:
    """The contract run's settings."""

    base_url: str | None
    own: Credentials | None
    other: Credentials | None
    site_ids: tuple[int, ...]
    mock_behaviour: tuple[str, str] | None  # the embedded mock's ("fault" or "variant", name)
    strict: bool
    seed: int | None
    max_examples: int | None
    rate_limit: str | None
    timeout: float | None
    reports_dir: Path

    @property
    def live(self) -> bool:
        """True when a live server is the target, False for the embedded mock."""
        return self.base_url is not None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings; raise SettingsError naming the first problem."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        base_url = get("EMABLER_BASE_URL")
        own = _credentials(get("EMABLER_API_KEY"), get("EMABLER_CLIENT_ID"), "EMABLER_API_KEY", "EMABLER_CLIENT_ID")
        other = _credentials(
            get("EMABLER_OTHER_API_KEY"),
            get("EMABLER_OTHER_CLIENT_ID"),
            "EMABLER_OTHER_API_KEY",
            "EMABLER_OTHER_CLIENT_ID",
        )
        site_ids = _site_ids(get("EMABLER_SITE_IDS"))
        named = {"fault": get("EMABLER_MOCK_FAULT"), "variant": get("EMABLER_MOCK_VARIANT")}
        behaviours = [(kind, name) for kind, name in named.items() if name]
        if len(behaviours) > 1:
            raise SettingsError("EMABLER_MOCK_FAULT and EMABLER_MOCK_VARIANT are both set: choose one")
        if base_url is None:
            for name in ("EMABLER_API_KEY", "EMABLER_CLIENT_ID", "EMABLER_SITE_IDS", "EMABLER_OTHER_API_KEY"):
                if get(name):
                    raise SettingsError(f"{name} is set but EMABLER_BASE_URL is not: set both, or neither for the mock")
        else:
            if not base_url.startswith(("http://", "https://")):
                raise SettingsError(f"EMABLER_BASE_URL must start with http:// or https://, got {base_url!r}")
            if own is None:
                raise SettingsError("EMABLER_BASE_URL is set: EMABLER_API_KEY and EMABLER_CLIENT_ID are required too")
            if not site_ids:
                raise SettingsError("EMABLER_BASE_URL is set: EMABLER_SITE_IDS (comma-separated site ids) is required")
            if behaviours:
                raise SettingsError(
                    "EMABLER_MOCK_FAULT and EMABLER_MOCK_VARIANT apply to the embedded mock only; "
                    "unset EMABLER_BASE_URL"
                )
            if other and other.api_key == own.api_key:
                raise SettingsError("EMABLER_OTHER_API_KEY must be another customer's key, not EMABLER_API_KEY")
        return cls(
            base_url=base_url.rstrip("/") if base_url else None,
            own=own,
            other=other,
            site_ids=site_ids,
            mock_behaviour=behaviours[0] if behaviours else None,
            strict=_flag(get("EMABLER_STRICT"), "EMABLER_STRICT"),
            seed=_number(get("EMABLER_SEED"), "EMABLER_SEED", int),
            max_examples=_number(get("EMABLER_MAX_EXAMPLES"), "EMABLER_MAX_EXAMPLES", int),
            rate_limit=get("EMABLER_RATE_LIMIT"),
            timeout=_number(get("EMABLER_TIMEOUT"), "EMABLER_TIMEOUT", float),
            reports_dir=Path(get("EMABLER_REPORTS_DIR") or "reports"),
        )


def _credentials(key: str | None, client_id: str | None, key_name: str, id_name: str) -> Credentials | None:
    if (key is None) != (client_id is None):
        missing, given = (id_name, key_name) if client_id is None else (key_name, id_name)
        raise SettingsError(f"{given} is set but {missing} is not: a key and its client id go together")
    if key and not all("!" <= ch <= "~" for ch in key):  # the key is never shown, not even in this line
        raise SettingsError(f"{key_name} holds characters an HTTP header cannot carry (spaces or non-ASCII)")
    return Credentials(key, client_id) if key and client_id else None


def _site_ids(raw: str | None) -> tuple[int, ...]:
    if raw is None:
        return ()
    try:
        ids = tuple(int(part) for part in raw.replace(" ", "").split(",") if part)
    except ValueError:
        raise SettingsError(f"EMABLER_SITE_IDS must be comma-separated integers, got {raw!r}") from None
    if not all(-(2**63) <= site_id < 2**63 for site_id in ids):
        raise SettingsError("EMABLER_SITE_IDS holds an id outside int64")
    # Repeated ids would make requests with repeated ids, which the contract does not settle.
    return tuple(dict.fromkeys(ids))


def _flag(raw: str | None, name: str) -> bool:
    if raw is None or raw.lower() in {"0", "false", "no", "off"}:
        return False
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    raise SettingsError(f"{name} must be 1 or 0, got {raw!r}")


def _number(raw: str | None, name: str, kind: type[T]) -> T | None:
    if raw is None:
        return None
    try:
        value = kind(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a {kind.__name__}, got {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be positive, got {raw!r}")
    return value
