"""Every form a key takes in text the run prints or writes, replaced by one mask.

A server may echo a key back as it came, JSON-escaped in part or whole (.NET's default
encoder writes `+` as `\\u002B` and leaves `/` and `=` alone; other encoders write `\\/`),
or URL-encoded in either case of hex digits; each character of a key is matched in any of
those forms, so every mix is masked, always before any text is cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "[Filtered]"


def _hex(digits: str) -> str:
    return "".join(f"[{d.lower()}{d.upper()}]" if d.isalpha() else d for d in digits)


def _character(ch: str) -> str:
    forms = [re.escape(ch), r"\\u" + _hex(f"{ord(ch):04x}")]
    if not (ch.isascii() and (ch.isalnum() or ch in "-._~")):  # what percent-encoding leaves as it is
        forms.append("".join("%" + _hex(f"{byte:02x}") for byte in ch.encode()))
    if ch == "/":
        forms.append(r"\\/")
    if ch == " ":
        forms.append(r"\+")
    return f"(?:{'|'.join(forms)})"


class Masker:
    """Masks the given keys in any text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        keys = sorted({secret for secret in secrets if secret}, key=len, reverse=True)  # a longer key first
        self.pattern = re.compile("|".join("".join(map(_character, key)) for key in keys)) if keys else None

    def __call__(self, text: str) -> str:
        return text if self.pattern is None else self.pattern.sub(MASK, text)

    def __repr__(self) -> str:
        return "Masker(...)"
