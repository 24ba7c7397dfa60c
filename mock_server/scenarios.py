"""The scenarios: trouble that gateways and busy servers cause, for the SDK's tests over HTTP."""

from __future__ import annotations

from mock_server._behaviour import Behaviour

SCENARIOS: tuple[Behaviour, ...] = ()
