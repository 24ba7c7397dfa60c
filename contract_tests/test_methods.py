"""Methods an operation does not declare: HTTP's answer is 405 with an Allow header naming the declared ones."""

from __future__ import annotations

import pytest

from contract_tests.calls import Caller
from contract_tests.expect import each_operation, status
from contract_tests.requirements import OP1
from contract_tests.target import Target
from emabler_spec import SPEC

METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")


@pytest.mark.parametrize("operation", each_operation("A-405"))
def test_an_undeclared_method_is_answered_405_with_allow(api: Caller, target: Target, operation: str) -> None:
    # Schemathesis' unsupported_method leaves a 404 unjudged on a path with an id (the id may be
    # unknown); a known site's path leaves no doubt.
    declared = SPEC.home_site if operation == OP1 else SPEC.drivers_for_sites
    path = {"path_parameters": {"siteId": target.site_ids[0]}} if declared is SPEC.home_site else {}
    for method in (m for m in METHODS if m != declared.method):
        call = api.call(declared.operation_id, checked=False, method=method, **path)
        status(call, 405)
        allow = {m.strip() for m in (call.response.headers.get("allow") or [""])[0].split(",") if m.strip()}
        assert declared.method in allow, f"{method}: Allow names {sorted(allow)}, not {declared.method}"
        # HEAD and OPTIONS are what servers and gateways commonly answer beside any route.
        extra = allow - {declared.method, "HEAD", "OPTIONS"}
        assert not extra, f"{method}: Allow names methods the operation does not declare: {sorted(extra)}"
