"""One masking rule, proven once: the same vectors against every masker and every place that masks.

The project keeps two maskers with one rule: the toolkit's (`contract_tests.masking.Masker`,
`[Filtered]`) and the generated client's (`emabler_client.errors.mask`, `[redacted]`), which
ships alone and so keeps its own copy; the SDK helpers use the client's. A key is masked in any
form a server echoes it in, before any text is cut.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Callable, Iterator
from urllib.parse import quote, quote_plus

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from contract_tests.masking import Masker
from emabler_client import errors
from emabler_client.api.drivers import get_authorised_users_home_group as op1
from emabler_extras import connect, drivers_for_sites
from emabler_spec import SPEC
from mock_server.launch import uvicorn_in_thread


def _function_key() -> str:
    """A key as Azure makes them, base64 (surely with `+`, `/`, `=`), plus a space and `~!` as keys of our own may."""
    text = base64.b64encode(secrets.token_bytes(33)).decode()
    return f"{text[:15]}+/{text[15:30]} ~!{text[30:]}=="


KEY = _function_key()  # new on every run

FORMS: dict[str, Callable[[str], str]] = {
    "as sent": lambda key: key,
    "JSON escapes, lower hex": lambda key: "".join(f"\\u{ord(c):04x}" for c in key),
    "JSON escapes, upper hex": lambda key: "".join(f"\\u{ord(c):04X}" for c in key),
    ".NET's partial escape": lambda key: key.replace("+", "\\u002B"),
    "escaped slashes": lambda key: key.replace("/", "\\/"),
    "escaped slashes and .NET's +": lambda key: key.replace("/", "\\/").replace("+", "\\u002b"),
    "percent-encoded, upper hex": lambda key: quote(key, safe=""),
    "percent-encoded, lower hex": lambda key: re.sub("%..", lambda hexes: hexes[0].lower(), quote(key, safe="")),
    "form-encoded": quote_plus,
}

MASKERS: dict[str, tuple[Callable[[str, list[str]], str], str]] = {
    "toolkit": (lambda text, keys: Masker(keys)(text), "[Filtered]"),
    "client": (lambda text, keys: errors.mask(text, keys), "[redacted]"),
}

SHAPES: dict[str, Callable[[str], str]] = {
    "in JSON": lambda key: f'{{"header": "{key}"}}',
    "next to other text": lambda key: f"abc{key}xyz",
    "twice": lambda key: f"{key}, again {key}",
}


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
@pytest.mark.parametrize("masker", MASKERS.values(), ids=MASKERS.keys())
def test_every_masker_masks_a_key_in_every_form_it_is_echoed_in(
    masker: tuple[Callable[[str, list[str]], str], str], form: Callable[[str], str], shape: Callable[[str], str]
) -> None:
    masked, mask = masker
    assert masked(shape(form(KEY)), ["other", KEY]) == shape(mask)


@pytest.mark.parametrize("masker", MASKERS.values(), ids=MASKERS.keys())
def test_every_masker_leaves_text_without_a_key_as_it_is(masker: tuple[Callable[[str, list[str]], str], str]) -> None:
    masked, _ = masker
    text = "GET /some/route -> 401 (the key was refused)"
    assert masked(text, [KEY, ""]) == text
    assert masked(text, []) == text


def test_the_toolkit_maskers_repr_shows_no_key() -> None:
    assert KEY not in repr(Masker([KEY]))


async def _echo(request: Request) -> PlainTextResponse:
    """418, which no operation documents: the request's key in the form it names, after `offset` dots."""
    echoed = FORMS[request.headers["x-echo-form"]](request.headers[SPEC.key_header])
    return PlainTextResponse("." * int(request.headers["x-echo-offset"]) + echoed + ".", status_code=418)


@pytest.fixture(scope="module")
def echo_url() -> Iterator[str]:
    with uvicorn_in_thread(Starlette(routes=[Route("/{path:path}", _echo, methods=["GET", "POST"])])) as url:
        yield url


def _client_error(url: str, echo: dict[str, str]) -> tuple[str, str]:
    connection = connect(KEY, "c", url, headers=echo)
    with pytest.raises(errors.UnexpectedStatus) as raised:
        op1.sync(1, client=connection.client, client_id=connection.client_id)
    return str(raised.value), repr(raised.value)


def _batch_failure(raising: bool) -> Callable[[str, dict[str, str]], tuple[str, str]]:
    def texts(url: str, echo: dict[str, str]) -> tuple[str, str]:
        connection = connect(KEY, "c", url, headers=echo, raise_on_unexpected_status=raising)
        result = drivers_for_sites(connection, [1])
        return result.failures[0].detail, repr(result)

    return texts


# Each place, and the length it cuts its text to (the error's excerpt of the body, a failure's detail).
PLACES: dict[str, tuple[Callable[[str, dict[str, str]], tuple[str, str]], int]] = {
    "UnexpectedStatus": (_client_error, 300),
    "batch failure, status returned": (_batch_failure(raising=False), 500),
    "batch failure, status raised": (_batch_failure(raising=True), 300),
}


@pytest.mark.parametrize("across_the_cut", [False, True], ids=["next to other text", "across the cut"])
@pytest.mark.parametrize("form", FORMS.keys())
@pytest.mark.parametrize("place", PLACES.values(), ids=PLACES.keys())
def test_a_key_a_server_echoes_is_masked_before_any_cut_wherever_the_sdk_reports_it(
    echo_url: str, place: tuple[Callable[[str, dict[str, str]], tuple[str, str]], int], form: str, across_the_cut: bool
) -> None:
    texts, cut = place
    echoed = FORMS[form](KEY)
    offset = cut - len(echoed) // 2 if across_the_cut else 1  # the cut falls in the middle of the echoed key
    text, representation = texts(echo_url, {"x-echo-form": form, "x-echo-offset": str(offset)})
    runs = {run for form in (echoed, echoed.replace("\\", "\\\\")) for run in _runs(form)}  # as is, and in a repr
    for shown in (text, representation):
        assert not runs & _runs(shown), f"part of the key is shown: {shown}"
    assert ("." * offset + "[redacted]" + ".")[:cut] in text  # the key's place, masked and then cut


def _runs(text: str, length: int = 6) -> set[str]:
    return {text[start : start + length] for start in range(len(text) - length + 1)}
