"""The contract run's settings, each declared once: a field of `Settings` with its environment variable, its type
and its help. `emabler-contract run`'s options are made from the same fields (`options()`); keys are read from the
environment alone (a command line shows in `ps` and shell history). `Settings.given` builds the settings for the
command and `pytest contract_tests` alike; a mistake is one line naming the variable and the option, never a key."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from contract_tests.masking import Masker

if TYPE_CHECKING:
    from mock_server import Behaviour


class SettingsError(click.ClickException):
    """A missing, invalid or inconsistent setting: one line `error: ...`, exit status 2."""


@dataclass(frozen=True)
class Credentials:
    """A customer's key and client id. The key never appears in a repr."""

    api_key: str = field(repr=False)
    client_id: str


class _Url(click.ParamType[Any, str]):
    name = "url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if not str(value).startswith(("http://", "https://")):
            scheme = str(value).partition(":")[0][:10]  # never the whole value: a mistaken URL may hold a key
            self.fail(f"must start with http:// or https://, not {scheme}:", param, ctx)
        return str(value).rstrip("/")


class _Ids(click.ParamType[Any, tuple[int, ...]]):
    name = "ids"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[int, ...]:
        try:
            ids = tuple(int(part) for part in str(value).replace(" ", "").split(",") if part)
        except ValueError:
            self.fail(f"must be comma-separated integers, got {value!r}", param, ctx)
        if not all(-(2**63) <= site_id < 2**63 for site_id in ids):
            self.fail("holds an id outside int64", param, ctx)
        return tuple(dict.fromkeys(ids))  # repeated ids would make requests the contract does not settle


class _Key(click.ParamType[Any, str]):
    name = "key"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if not all("!" <= ch <= "~" for ch in str(value)):
            self.fail("holds characters an HTTP header cannot carry (spaces or non-ASCII)", param, ctx)
        return str(value)


KEY, URL, IDS = _Key(), _Url(), _Ids()
COUNT, SECONDS, PATH = click.IntRange(1), click.FloatRange(0, min_open=True), click.Path(path_type=Path)


class Declared(NamedTuple):
    """How a setting is given: its variable, type and help, and whether it is a key (the environment only)."""

    envvar: str
    help: str
    type: click.ParamType[Any, Any]
    key: bool


def _setting(envvar: str, help: str, type: Any = click.STRING, default: Any = None, *, key: bool = False) -> Any:
    return field(default=default, repr=not key, metadata={"setting": Declared(envvar, help, type, key)})


@dataclass(frozen=True)
class Settings:
    """The contract run's settings (all unset: the embedded mock); the rules between them hold once it exists."""

    base_url: str | None = _setting("EMABLER_BASE_URL", "The server's URL with /api; none: the embedded mock.", URL)
    api_key: str | None = _setting("EMABLER_API_KEY", "The customer's key (with --client-id).", KEY, key=True)
    client_id: str | None = _setting("EMABLER_CLIENT_ID", "The customer's id (required with --base-url).")
    site_ids: tuple[int, ...] = _setting("EMABLER_SITE_IDS", "Comma-separated site ids of the customer.", IDS, ())
    other_api_key: str | None = _setting("EMABLER_OTHER_API_KEY", "Another customer's key.", KEY, key=True)
    other_client_id: str | None = _setting("EMABLER_OTHER_CLIENT_ID", "Another customer's id, for tenant isolation.")
    strict: bool = _setting("EMABLER_STRICT", "Fail on assumed requirements too.", click.BOOL, False)
    seed: int | None = _setting("EMABLER_SEED", "The random seed.", COUNT)
    max_examples: int | None = _setting("EMABLER_MAX_EXAMPLES", "Examples per operation to generate.", COUNT)
    rate_limit: str | None = _setting("EMABLER_RATE_LIMIT", "For live servers, e.g. 5/s or 100/m.")
    timeout: float | None = _setting("EMABLER_TIMEOUT", "Request timeout in seconds.", SECONDS)
    reports_dir: Path = _setting("EMABLER_REPORTS_DIR", "Output folder.", PATH, Path("reports"))  # noqa: RUF009
    mock_fault: str | None = _setting("EMABLER_MOCK_FAULT", "Check the embedded mock with this fault.")
    mock_variant: str | None = _setting("EMABLER_MOCK_VARIANT", "Check the embedded mock with this variant.")
    mock_api_keys: str | None = _setting("EMABLER_MOCK_API_KEYS", "Keys of a mock you serve (masked).", KEY, key=True)

    @classmethod
    def given(cls, options: Mapping[str, Any] | None = None, env: Mapping[str, str] = os.environ) -> Settings:
        """Each setting from its option when given, else from its variable in `env` (an empty one is unset)."""
        values = dict(options or {})
        for name, declared in DECLARED.items():
            if values.get(name) is None and (text := env.get(declared.envvar, "").strip()):
                try:
                    values[name] = declared.type.convert(text, None, None)
                except click.BadParameter as error:
                    raise mistake(error, name, env) from None
        return cls(**{name: value for name, value in values.items() if value is not None})

    def __post_init__(self) -> None:
        if problem := self._problem():
            raise SettingsError(problem)

    def _problem(self) -> str | None:
        """What the first rule between the settings that does not hold says; None when every one holds."""
        for key, client_id in (("api_key", "client_id"), ("other_api_key", "other_client_id")):
            if bool(getattr(self, key)) != bool(getattr(self, client_id)):
                missing, given = (client_id, key) if getattr(self, key) else (key, client_id)
                return f"{NAMED[given]} is set but {NAMED[missing]} is not: a key and its client id go together"
        if self.base_url is None:
            if stray := [name for name in ("api_key", "client_id", "site_ids", "other_api_key") if getattr(self, name)]:
                return f"{NAMED[stray[0]]} is set but {NAMED['base_url']} is not: set both, or neither for the mock"
            try:
                self.mock_behaviour  # noqa: B018 - chosen here, so that a wrong name is a setting's mistake
            except ValueError as error:
                chosen = " and ".join(NAMED[name] for name in ("mock_fault", "mock_variant") if getattr(self, name))
                return f"{chosen}: {error}"
            return None
        if self.own is None:
            return f"{NAMED['base_url']} is set: {NAMED['api_key']} and {NAMED['client_id']} are required too"
        if not self.site_ids:
            return f"{NAMED['base_url']} is set: {NAMED['site_ids']} (comma-separated site ids) is required"
        if self.mock_fault or self.mock_variant:
            where = f"{NAMED['mock_fault']} and {NAMED['mock_variant']}"
            return f"{where} apply to the embedded mock only; unset {NAMED['base_url']}"
        if self.other and self.other.api_key == self.api_key:
            return f"{NAMED['other_api_key']} must be another customer's key, not {NAMED['api_key']}"
        return None

    def variables(self) -> dict[str, str]:
        """Every setting but the keys that is not its default, as its environment variable gives it: what `given`
        reads back (a bundle keeps the run's settings so)."""
        found = {}
        for each in fields(self):
            declared, value = each.metadata["setting"], getattr(self, each.name)
            if not declared.key and value != each.default:
                text = ",".join(map(str, value)) if isinstance(value, tuple) else str(value)
                found[declared.envvar] = text.lower() if isinstance(value, bool) else text
        return found

    @property
    def own(self) -> Credentials | None:
        return Credentials(self.api_key, self.client_id) if self.api_key and self.client_id else None

    @property
    def other(self) -> Credentials | None:
        key, client_id = self.other_api_key, self.other_client_id
        return Credentials(key, client_id) if key and client_id else None

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every key the settings hold."""
        keys = ",".join(key or "" for key in (self.api_key, self.other_api_key, self.mock_api_keys)).split(",")
        return tuple(key for key in keys if key)

    @property
    def mock_behaviour(self) -> Behaviour | None:
        """The embedded mock's behaviour; None for a server reached over HTTP."""
        from mock_server import choose_behaviour  # here: a live run never asks, and never loads the mock

        return None if self.base_url else choose_behaviour(fault=self.mock_fault, variant=self.mock_variant)


DECLARED: dict[str, Declared] = {each.name: each.metadata["setting"] for each in fields(Settings)}
# How a message names each setting: its variable, and its option where it has one.
NAMED = {name: d.envvar + ("" if d.key else f" (--{name.replace('_', '-')})") for name, d in DECLARED.items()}


def options() -> list[click.Option]:
    """An option of `emabler-contract run` for each setting that is not a key, with its variable in its help."""
    return [
        click.Option(
            [f"--{each.name.replace('_', '-')}"],
            type=declared.type,
            is_flag=declared.type is click.BOOL or None,  # None, not False: then `--seed -1` is a value
            help=f"{declared.help}  [env var: {declared.envvar}{f'; default: {each.default}' if each.default else ''}]",
        )
        for each in fields(Settings)
        if not (declared := each.metadata["setting"]).key
    ]


def environment_only() -> str:
    """The keys, for a command's help: each variable and what it holds, as written (click's `\\b`)."""
    keys = {declared.envvar: declared.help for declared in DECLARED.values() if declared.key}
    lines = [f"{envvar:<{max(map(len, keys))}}  {help}" for envvar, help in keys.items()]
    return "An option wins over its variable; keys come from the environment only:\n\n\b\n" + "\n".join(lines)


def environment_keys(env: Mapping[str, str] = os.environ) -> list[str]:
    """Every key the settings read from the environment (a variable may hold several, comma-separated): what every
    command masks before it has seen a key anywhere else."""
    values = (env.get(declared.envvar, "") for declared in DECLARED.values() if declared.key)
    return [key.strip() for value in values for key in value.split(",") if key.strip()]


def mistake(error: click.ClickException, name: str | None = None, env: Mapping[str, str] = os.environ) -> SettingsError:
    """A click error as one line: the setting (`name`, or the error's option) named, every key of `env` masked."""
    name = name or getattr(getattr(error, "param", None), "name", None)
    line = f"{NAMED[name]}: {error.message}" if name in NAMED else error.format_message()
    return SettingsError(Masker(environment_keys(env))(line))
