"""Hand-made requests of the preflight and the domain tests, sent through Schemathesis' own `Case`: so they go
the way generated ones go (in-process to the embedded mock, over HTTP to a server), get the same checks, and
show as Schemathesis' curl line with the key header masked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemathesis import Case, Response
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi import checks as openapi

from contract_tests import checks
from contract_tests.evidence import Evidence, location
from contract_tests.masking import Masker
from contract_tests.outcomes import Outcomes
from contract_tests.recording import Recording
from contract_tests.settings import Credentials
from contract_tests.target import Target
from emabler_spec import SPEC

WRONG_KEY = Credentials("wrong-key-for-contract-tests", "wrong-client")
# What every hand-made answer is checked for, beside what its test asserts: Schemathesis' own
# response checks and the suite's (a 404 on operation 1 is then a C-STATUS failure too).
SCHEMATHESIS_CHECKS = (
    not_a_server_error,
    openapi.status_code_conformance,
    openapi.content_type_conformance,
    openapi.response_schema_conformance,
)
OWN = object()  # the target's own customer


@dataclass(frozen=True)
class Call:
    """A request sent and its answer."""

    case: Case[Any]
    response: Response
    masker: Masker

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def content_type(self) -> str:
        return (self.response.headers.get("content-type") or [""])[0]

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return self.response.json()
        except ValueError:
            return None

    def curl(self) -> str:
        """The request as Schemathesis' curl line, its key header masked."""
        return self.case.as_curl_command(headers=dict(self.response.request.headers))

    def describe(self) -> str:
        """Status, content type and the start of the body (masked before it is cut), for a failure message."""
        return f"{self.status} {self.content_type or '(no content type)'}: {self.masker(self.response.text)[:200]}"

    def evidence(self, message: str, where: str | None = None) -> Evidence:
        """This call as the evidence of a failure, `where` it breaks the spec (default: its operation's responses)."""
        return Evidence.of(message, self.curl(), self.response, where or location(self.case.operation.label))


class Unexpected(AssertionError):
    """An answer a domain test did not expect, with the call that got it: the evidence of the failure."""

    def __init__(self, message: str, call: Call) -> None:
        super().__init__(message)
        self.call = call


class Caller:
    """Calls the two operations of the target as a customer, with no key, or with a wrong one."""

    def __init__(
        self,
        schema: BaseSchema,
        target: Target,
        masker: Masker,
        outcomes: Outcomes | None = None,
        recording: Recording | None = None,
    ) -> None:
        self.schema = schema
        self.target = target
        self.masker = masker  # the run's
        # Where each answer counts (its checks, the coverage) and is recorded; None: neither (the preflight's calls).
        self.outcomes = outcomes
        self.recording = recording
        self.test = ""  # the domain test whose calls these are (set by the plugin): a replay re-runs it
        self.last_curl: str | None = None  # the last request sent, answered or not
        self.last: Call | None = None  # the last answered call

    def forget(self) -> None:
        """Start a test: the calls before it show nothing of its failure."""
        self.last_curl, self.last = None, None

    def _creds(self, creds: object) -> Credentials | None:
        return self.target.own if creds is OWN else creds if isinstance(creds, Credentials) else None

    def call(self, operation_id: str, creds: object = OWN, *, checked: bool = True, **parts: Any) -> Call:
        """Send one request; `creds=None` sends no key (and the own client id). `checked=False` leaves out the
        response checks, for a method the operation does not declare."""
        who = self._creds(creds)
        headers = {SPEC.key_header: who.api_key} if who is not None else {}
        client_id = (who or self.target.own).client_id
        operation = SPEC.operation(operation_id)
        api_operation = self.schema[operation.path][operation.method]
        case = api_operation.Case(query={SPEC.client_id_parameter: client_id}, headers=headers, **parts)
        # Before sending: a request the server never answers is still the one the evidence shows.
        self.last_curl, self.last = case.as_curl_command(headers=headers), None
        call = Call(case, case.call(), self.masker)
        self.last_curl, self.last = call.curl(), call
        if self.recording is not None:
            self.recording.call(case, call.response)
        if self.outcomes is not None:
            self.outcomes.coverage.answered(case, call.response)
            if checked:
                self._run_checks(call)
        return call

    def evidence(self, message: str, operation: str) -> Evidence:
        """What the last request of a test and its answer show of its failure (on `operation`, a label)."""
        if self.last is not None:
            return self.last.evidence(message, location(operation))
        return Evidence.of(message, self.last_curl, None, location(operation))

    def home_site(self, site_id: Any, creds: object = OWN) -> Call:
        """Operation 1 for `site_id`."""
        return self.call(SPEC.home_site.operation_id, creds, path_parameters={"siteId": site_id})

    def drivers_for(self, body: Any, creds: object = OWN) -> Call:
        """Operation 2 with `body`: a JSON value, raw bytes sent as JSON, or None for no body."""
        parts: dict[str, Any] = {} if body is None else {"body": body, "media_type": "application/json"}
        return self.call(SPEC.drivers_for_sites.operation_id, creds, **parts)

    def _run_checks(self, call: Call) -> None:
        assert self.outcomes is not None
        for check in (*SCHEMATHESIS_CHECKS, *checks.CUSTOM_CHECKS):
            evidence = None
            try:
                if check not in checks.CUSTOM_CHECKS:
                    call.case.validate_response(call.response, checks=[check])
                elif check(None, call.response, call.case) is True:  # type: ignore[arg-type]
                    continue  # the suite's own use no context; True means: not about this answer
            except FailureGroup as failures:
                first = failures.exceptions[0]
                message = "\n".join(f"{f.title}\n{f.message}" for f in failures.exceptions)
                evidence = call.evidence(message, location(call.case.operation.label, first, call.status))
            except AssertionError as error:
                evidence = call.evidence(str(error))
            label = call.case.operation.label
            self.outcomes.record_check(check.__name__, label, evidence is None, evidence, self.test)
