"""What shows a failure: what happened, the request as a curl line, the answer (status, headers, the start of its
body) and where the spec says otherwise. Every report shows the first of each requirement x operation; it is masked,
then cut, before any report holds it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schemathesis import Response
from schemathesis.core.jsonschema.bundler import unbundle_path

from contract_tests.checks import JSON
from emabler_spec import SPEC, SPEC_FILENAME, pointer

BODY_EXCERPT = 2000  # characters of a response body a report shows


@dataclass(frozen=True)
class Evidence:
    """One failure as a reader needs it; texts unmasked until `masked`."""

    message: str  # what happened, in plain words
    curl: str | None = None  # the request, as Schemathesis' curl line (the key header already `[Filtered]`)
    status: int | None = None  # None: no answer (or none known)
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    location: str | None = None  # where in the spec the answer breaks it

    @classmethod
    def of(cls, message: str, curl: str | None, response: Response | None, location: str | None) -> Evidence:
        """The evidence of an answer (or of a request that got none)."""
        if response is None:
            return cls(message, curl, location=location)
        headers = tuple((name, value) for name, values in response.headers.items() for value in values)
        return cls(message, curl, response.status_code, headers, response.text_lossy(), location)

    @property
    def text(self) -> str:
        """Plain text: what happened, then the request that shows it."""
        return self.message if self.curl is None else f"{self.message}\n\nReproduce with:\n    {self.curl}"

    def masked(self, mask: Callable[[str], str]) -> Evidence:
        """Every text masked, and the body cut after it was masked (a key crossing the cut is masked whole)."""
        body = None if self.body is None else mask(self.body)
        if body is not None and len(body) > BODY_EXCERPT:
            body = f"{body[:BODY_EXCERPT]}\n... (the first {BODY_EXCERPT} of {len(body)} characters)"
        return Evidence(
            mask(self.message),
            None if self.curl is None else mask(self.curl),
            self.status,
            tuple((mask(name), mask(value)) for name, value in self.headers),
            body,
            None if self.location is None else mask(self.location),
        )


def location(operation: str, failure: Any = None, status: int | None = None) -> str:
    """Where in openapi.yaml an answer of `operation` (a label) breaks the spec: the schema keyword a schema failure
    names (a JSON pointer into the document), else the operation's documented responses."""
    spec_operation = next((op for op in SPEC.operations if op.label == operation), None)
    if spec_operation is None:
        return SPEC_FILENAME
    responses = pointer("paths", spec_operation.path, spec_operation.method.lower(), "responses")
    schema_path = getattr(failure, "schema_path", None)
    if not schema_path or status is None:
        return f"{SPEC_FILENAME}#{responses}"
    # Schemathesis validates a bundle of the schema; its own mapping leads back to the document's components.
    path = [str(part) for part in unbundle_path(schema_path, getattr(failure, "_name_to_uri", None) or {})]
    if path[0] == "components":
        return f"{SPEC_FILENAME}#{pointer(*path)}"
    return f"{SPEC_FILENAME}#{responses}{pointer(str(status), 'content', JSON, 'schema', *path)}"
