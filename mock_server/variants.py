"""The variants: the same API making other choices the vendor's documentation allows.

The contract tests must pass each one; where a variant differs from one of this project's
assumed readings, the run says so as a warning (see contract_tests and docs/conformance.md).
"""

from __future__ import annotations

from mock_server._behaviour import Behaviour

VARIANTS: tuple[Behaviour, ...] = ()
