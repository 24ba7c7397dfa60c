"""The facts the SDK helpers need, rendered as a Python module they ship with (they cannot read the spec)."""

from __future__ import annotations

import json

from emabler_spec._spec import Spec


def sdk_facts(spec: Spec) -> dict[str, object]:
    """The facts by the names the helpers use."""
    return {
        "VERSION": spec.version,
        "KEY_HEADER": spec.key_header,
        "CLIENT_ID_PARAMETER": spec.client_id_parameter,
        "ID_LIST_PROPERTY": spec.id_list_property,
        "MAX_IDS_PER_CALL": spec.max_ids,
        "DEFAULT_BASE_URL": spec.server_url,
    }


def render_sdk_facts(spec: Spec) -> str:
    """The module's text: one constant per fact, with a header saying where it comes from."""
    lines = [
        '"""Facts of openapi.yaml the helpers need, written by `make generate`: do not edit."""',
        "",
        "from typing import Final",
        "",
        *(f"{name}: Final = {json.dumps(value)}" for name, value in sdk_facts(spec).items()),
    ]
    return "\n".join(lines) + "\n"
