"""`python -m emabler_spec sdk-facts`: print the SDK helpers' facts module (`make generate` writes it).

`python -m emabler_spec apply-overlay OVERLAY [--spec PATH]`: apply an OpenAPI Overlay 1.0 (a proposal of
`emabler-contract evidence`) to the spec file (default: openapi.yaml in the current folder), in place, its comments
and layout kept (`make apply-overlay OVERLAY=...`). An overlay that does not apply leaves the file as it was and
says why in one line (exit 2).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from emabler_spec import SPEC, SPEC_FILENAME, Spec
from emabler_spec._overlay import OverlayError, apply_overlay
from emabler_spec._sdk_facts import render_sdk_facts

USAGE = "usage: python -m emabler_spec sdk-facts | apply-overlay OVERLAY [--spec PATH]"


def _apply_overlay(overlay_path: Path, spec_path: Path) -> int:
    try:
        overlay = yaml.safe_load(overlay_path.read_text(encoding="utf-8"))
        text = spec_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        reason = error.strerror if isinstance(error, OSError) else type(error).__name__
        print(f"error: {overlay_path} cannot be applied to {spec_path}: {reason}", file=sys.stderr)
        return 2
    try:
        applied, count = apply_overlay(overlay, text)
        Spec.from_text(applied).operations  # noqa: B018 - still a spec whose operations read (a proposal's sanity)
    except OverlayError as error:
        print(f"error: {overlay_path} does not apply to {spec_path}: {error}", file=sys.stderr)
        return 2
    except (KeyError, TypeError, AttributeError, yaml.YAMLError) as error:
        print(f"error: {overlay_path} leaves {spec_path} without readable operations ({error!r})", file=sys.stderr)
        return 2
    spec_path.write_text(applied, encoding="utf-8")
    print(f"applied {count} action(s) of {overlay_path} to {spec_path}")
    return 0


def main(argv: list[str]) -> int:
    if argv == ["sdk-facts"]:
        sys.stdout.write(render_sdk_facts(SPEC))
        return 0
    if argv[:1] == ["apply-overlay"] and len(argv) in (2, 4) and (len(argv) == 2 or argv[2] == "--spec"):
        return _apply_overlay(Path(argv[1]), Path(argv[3]) if len(argv) == 4 else Path(SPEC_FILENAME))
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
