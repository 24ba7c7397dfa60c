"""The facts the SDK helpers need, rendered as a Python module they ship with (they cannot read the spec)."""

from __future__ import annotations

import json

from emabler_spec._facts import CLIENT_ID_PARAMETER, ID_LIST_PROPERTY, KEY_HEADER, MAX_IDS_PER_CALL, SERVER_URL, VERSION

SDK_FACTS = {
    "VERSION": VERSION,
    "KEY_HEADER": KEY_HEADER,
    "CLIENT_ID_PARAMETER": CLIENT_ID_PARAMETER,
    "ID_LIST_PROPERTY": ID_LIST_PROPERTY,
    "MAX_IDS_PER_CALL": MAX_IDS_PER_CALL,
    "DEFAULT_BASE_URL": SERVER_URL,
}


def render_sdk_facts() -> str:
    """The module's text: one constant per fact, with a header saying where it comes from."""
    lines = [
        '"""Facts of openapi.yaml the helpers need, written by `make generate`: do not edit."""',
        "",
        "from typing import Final",
        "",
        *(f"{name}: Final = {json.dumps(value)}" for name, value in SDK_FACTS.items()),
    ]
    return "\n".join(lines) + "\n"
