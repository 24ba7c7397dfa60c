"""A key echoed in any form a server or encoder gives it is masked; nothing else is."""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable
from urllib.parse import quote, quote_plus

import pytest

from contract_tests.masking import MASK, Masker

# An Azure Functions key is URL-safe base64 and may end in "=="; a key of ours may hold any visible ASCII.
KEY = base64.b64encode(secrets.token_bytes(30)).decode()[:38] + "+/==" + " ~!"

FORMS: dict[str, Callable[[str], str]] = {
    "as sent": lambda key: key,
    "JSON, as Python writes it": lambda key: json.dumps(key)[1:-1],
    ".NET's default encoder (+ only)": lambda key: key.replace("+", "\\u002B"),
    "every character escaped, lower hex": lambda key: "".join(f"\\u{ord(c):04x}" for c in key),
    "every character escaped, upper hex": lambda key: "".join(f"\\u{ord(c):04X}" for c in key),
    "slashes escaped": lambda key: key.replace("/", "\\/"),
    "percent-encoded": lambda key: quote(key, safe=""),
    "form-encoded": lambda key: quote_plus(key),
}


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_a_key_is_masked_in_every_form_it_is_echoed_in(form: Callable[[str], str]) -> None:
    echoed = form(KEY)
    assert Masker([KEY])(f'{{"header": "{echoed}"}}') == f'{{"header": "{MASK}"}}'


def test_percent_encoding_in_lower_case_hex_is_masked() -> None:
    key = "a+b/c=="
    assert Masker([key])("code=a%2bb%2fc%3d%3D&x=1") == f"code={MASK}&x=1"


def test_other_text_and_other_keys_are_left_as_they_are() -> None:
    text = "GET /some/route -> 401 (the key was refused)"
    assert Masker([KEY, ""])(text) == text
    assert Masker([])(text) == text
    assert KEY not in repr(Masker([KEY]))
