"""Every form a key takes in text the run prints or writes, replaced by one mask.

A server may echo a key back as it came, JSON-escaped (.NET's default encoder writes `+`
as `\\u002B`), or URL-encoded; each of those forms is masked, always before any text is cut.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "[Filtered]"


def _forms(secret: str) -> set[str]:
    escaped = {"".join(ch if ch.isalnum() else f"\\u{ord(ch):04{case}}" for ch in secret) for case in "xX"}
    return {secret, json.dumps(secret)[1:-1], quote(secret, safe=""), quote_plus(secret), *escaped}


class Masker:
    """Masks the given keys in any text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        forms = {form for secret in secrets if secret for form in _forms(secret)}
        self.forms = sorted(forms, key=len, reverse=True)  # longer forms first: none hides a part of another

    def __call__(self, text: str) -> str:
        for form in self.forms:
            text = text.replace(form, MASK)
        return text

    def __repr__(self) -> str:
        return f"Masker({len(self.forms)} forms)"
