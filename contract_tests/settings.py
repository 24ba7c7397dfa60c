"""The contract run's settings, declared once in `PARAMETERS` (option, environment variable, type, default, help)
with the rules between them in `check`, for `emabler-contract run` and `pytest contract_tests` alike. Keys come from
the environment only (a command line shows in `ps` and shell history). A mistake is one line naming the option and
its variable, never a key."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from contract_tests.masking import Masker

if TYPE_CHECKING:
    from mock_server import Behaviour


class SettingsError(click.ClickException):
    """A missing, invalid or inconsistent setting: one line `error: ...`, exit status 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


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
    mock_behaviour: Behaviour | None  # the embedded mock's; None for a server reached over HTTP
    strict: bool
    seed: int | None
    max_examples: int | None
    rate_limit: str | None
    timeout: float | None
    reports_dir: Path
    secrets: tuple[str, ...] = field(repr=False)  # every key the settings hold

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings from the environment (`env`, default os.environ) alone: the pytest route's."""
        context = SettingsCommand("run", params=[*PARAMETERS]).make_context("run", [], obj=env)
        settings: Settings = context.params["settings"]
        return settings


class _Setting(click.Option):
    """A setting: an option showing its environment variable, which `ctx.obj` may hold instead of os.environ."""

    def __init__(self, name: str, envvar: str, help: str, **options: Any) -> None:
        super().__init__([name], envvar=envvar, show_envvar=True, help=help, **options)

    def resolve_envvar_value(self, ctx: click.Context) -> str | None:
        environ = ctx.obj if isinstance(ctx.obj, Mapping) else os.environ
        return environ.get(str(self.envvar), "").strip() or None


class _Secret(_Setting):
    """A key: read from its environment variable alone (never a command line), and listed in --help by that name."""

    def add_to_parser(self, parser: Any, ctx: click.Context) -> None:
        """Not on the command line (`--api-key` is answered: no such option)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str]:
        return str(self.envvar), f"{self.help}.  [environment only]"


class _Parsed(click.ParamType[Any, Any]):
    """A type `parse` defines: it returns the value, or raises ValueError saying what is wrong (never with a key)."""

    def __init__(self, parse: Callable[[str], Any]) -> None:
        self.name, self.parse = parse.__name__.strip("_"), parse

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return self.parse(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def _url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise ValueError(f"must start with http:// or https://, got {text!r}")
    return text.rstrip("/")


def _ids(text: str) -> tuple[int, ...]:
    try:
        ids = tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise ValueError(f"must be comma-separated integers, got {text!r}") from None
    if not all(-(2**63) <= site_id < 2**63 for site_id in ids):
        raise ValueError("holds an id outside int64")
    return tuple(dict.fromkeys(ids))  # repeated ids would make requests the contract does not settle


def _key(text: str) -> str:
    if not all("!" <= ch <= "~" for ch in text):
        raise ValueError("holds characters an HTTP header cannot carry (spaces or non-ASCII)")
    return text


KEY, URL, IDS, PATH = (*(_Parsed(parse) for parse in (_key, _url, _ids)), click.Path(path_type=Path))
PARAMETERS: tuple[_Setting, ...] = (
    _Secret("--api-key", "EMABLER_API_KEY", "The customer's key (with --client-id)", type=KEY),
    _Secret("--other-api-key", "EMABLER_OTHER_API_KEY", "Another customer's key", type=KEY),
    _Secret("--mock-api-keys", "EMABLER_MOCK_API_KEYS", "Keys of a mock you serve (masked)", type=KEY),
    _Setting("--base-url", "EMABLER_BASE_URL", "The server's URL with /api; none: the embedded mock.", type=URL),
    _Setting("--client-id", "EMABLER_CLIENT_ID", "The customer's id (required with --base-url)."),
    _Setting("--site-ids", "EMABLER_SITE_IDS", "Comma-separated site ids of the customer.", default="", type=IDS),
    _Setting("--other-client-id", "EMABLER_OTHER_CLIENT_ID", "Another customer's id, for tenant isolation."),
    _Setting("--strict", "EMABLER_STRICT", "Fail on assumed requirements too.", is_flag=True),
    _Setting("--seed", "EMABLER_SEED", "The random seed.", type=click.IntRange(1)),
    _Setting("--max-examples", "EMABLER_MAX_EXAMPLES", "Examples per operation to generate.", type=click.IntRange(1)),
    _Setting("--rate-limit", "EMABLER_RATE_LIMIT", "For live servers, e.g. 5/s or 100/m."),
    _Setting("--timeout", "EMABLER_TIMEOUT", "Request timeout in seconds.", type=click.FloatRange(0, min_open=True)),
    _Setting("--reports-dir", "EMABLER_REPORTS_DIR", "Output folder.", default="reports", type=PATH, show_default=True),
    _Setting("--mock-fault", "EMABLER_MOCK_FAULT", "Check the embedded mock with this fault."),
    _Setting("--mock-variant", "EMABLER_MOCK_VARIANT", "Check the embedded mock with this variant."),
)
# How a message names each setting: its variable, and its option where it has one.
NAMED = {str(p.name): str(p.envvar) + ("" if isinstance(p, _Secret) else f" ({p.opts[0]})") for p in PARAMETERS}


def check(values: Mapping[str, Any]) -> Settings:
    """The settings, once the rules between them hold; SettingsError naming the first that does not."""
    own = _credentials(values, "api_key", "client_id")
    other = _credentials(values, "other_api_key", "other_client_id")
    base_url, site_ids, named = values["base_url"], values["site_ids"], NAMED
    behaviour = None
    if base_url is None:
        given = next((name for name in ("api_key", "client_id", "site_ids", "other_api_key") if values[name]), None)
        if given is not None:
            raise SettingsError(
                f"{named[given]} is set but {named['base_url']} is not: set both, or neither for the mock"
            )
        from mock_server import choose_behaviour  # here: a live run never loads the mock

        try:
            behaviour = choose_behaviour(fault=values["mock_fault"], variant=values["mock_variant"])
        except ValueError as error:
            chosen = " and ".join(named[name] for name in ("mock_fault", "mock_variant") if values[name])
            raise SettingsError(f"{chosen}: {error}") from None
    elif own is None:
        raise SettingsError(f"{named['base_url']} is set: {named['api_key']} and {named['client_id']} are required too")
    elif not site_ids:
        raise SettingsError(f"{named['base_url']} is set: {named['site_ids']} (comma-separated site ids) is required")
    elif values["mock_fault"] or values["mock_variant"]:
        where = f"{named['mock_fault']} and {named['mock_variant']}"
        raise SettingsError(f"{where} apply to the embedded mock only; unset {named['base_url']}")
    elif other and other.api_key == own.api_key:
        raise SettingsError(f"{named['other_api_key']} must be another customer's key, not {named['api_key']}")
    keys = [key for name in ("api_key", "other_api_key", "mock_api_keys") for key in (values[name] or "").split(",")]
    direct = {name: value for name, value in values.items() if name in Settings.__dataclass_fields__}
    return Settings(own=own, other=other, mock_behaviour=behaviour, secrets=tuple(key for key in keys if key), **direct)


def _credentials(values: Mapping[str, Any], key: str, client_id: str) -> Credentials | None:
    if bool(values[key]) != bool(values[client_id]):
        missing, given = (client_id, key) if values[key] else (key, client_id)
        raise SettingsError(f"{NAMED[given]} is set but {NAMED[missing]} is not: a key and its client id go together")
    return Credentials(values[key], values[client_id]) if values[key] else None


class SettingsCommand(click.Command):
    """A command with the settings (`params=[*PARAMETERS]`): its callback gets them checked, as `settings`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            rest = super().parse_args(ctx, args)
        except click.UsageError as error:
            param = getattr(error, "param", None)
            what = f"{NAMED[param.name]}: {error.message}" if isinstance(param, _Setting) else error.format_message()
            keys = ",".join(p.resolve_envvar_value(ctx) or "" for p in PARAMETERS if isinstance(p, _Secret))
            raise SettingsError(Masker(keys.split(","))(what)) from None  # a key may stand in the wrong setting
        ctx.params["settings"] = check({str(p.name): ctx.params.pop(str(p.name)) for p in PARAMETERS})
        return rest
