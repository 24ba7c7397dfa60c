"""`python -m emabler_spec sdk-facts`: print the SDK helpers' facts module (`make generate` writes it)."""

from __future__ import annotations

import sys

from emabler_spec import SPEC
from emabler_spec._sdk_facts import render_sdk_facts


def main(argv: list[str]) -> int:
    if argv != ["sdk-facts"]:
        print("usage: python -m emabler_spec sdk-facts", file=sys.stderr)
        return 2
    sys.stdout.write(render_sdk_facts(SPEC))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
