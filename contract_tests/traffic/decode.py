"""`python -m contract_tests.traffic.decode PACKAGE`: recorded answers decoded through a generated client, in a process
of their own.

The contract tests may not import the SDK they judge (import-linter: "The mock, the contract tests and spec_changes
take facts from emabler_spec, not from the SDK"), and a client generated from a candidate spec must not meet the
project's own in one interpreter. So `check.py` runs this module in a child process, with the client's folder first
on PYTHONPATH, and this module imports the client by name with importlib: nothing of it is imported statically.

Input (stdin): a JSON list of answers, each `{"key", "operation", "method", "url", "status", "headers", "body"}`
(`operation` the spec's operationId, `body` base64). Output (stdout): one JSON object, `{"client": <the package's
file>, "results": [{"key", "outcome", "error"}]}`, where `outcome` is
- "decoded": the endpoint module's `_build_response` returned (a documented error status returns its Error model);
- "error status": it raised the typed error of a documented error status whose body is not the Error shape (what the
  SDK does for a gateway's empty 401): the SDK's documented behaviour, not a failure to decode;
- "undocumented status": it raised `UnexpectedStatus` (or a subclass): a status the spec does not document;
- "undecodable": it raised `UndecodableBody`, or anything else (the client's own failure): the SDK would fail.
Exit 2 with one line on stderr when the client cannot be imported.
"""

from __future__ import annotations

import base64
import importlib
import importlib.util
import json
import pkgutil
import re
import sys
from types import ModuleType
from typing import Any

import httpx

DELIMITERS = r"\. _-"


def module_name(operation_id: str) -> str:
    """The module openapi-python-client writes an operation into: its operationId in snake case (the generator's
    `PythonIdentifier`: characters other than letters, digits and delimiters dropped, words split at capitals)."""
    value = "".join(c for c in operation_id if c.isidentifier() or c.isdecimal() or c in DELIMITERS)
    if any(c.isupper() for c in value):
        value = " ".join(re.split("([A-Z]?[a-z]+)", value))
    return "_".join(re.findall(rf"[^{re.escape(DELIMITERS)}]+", value)).lower()


def endpoint(package: str, operation_id: str) -> ModuleType | None:
    """The endpoint module of `operation_id` in the client `package` (under any tag), or None."""
    api = importlib.import_module(f"{package}.api")
    name = module_name(operation_id)
    for tag in pkgutil.iter_modules(api.__path__):
        full = f"{package}.api.{tag.name}.{name}"
        if tag.ispkg and importlib.util.find_spec(full) is not None:
            return importlib.import_module(full)
    return None


def decode(package: str, answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each answer through its endpoint's `_build_response`, as the SDK decodes it after a call."""
    errors = importlib.import_module(f"{package}.errors")
    client = importlib.import_module(f"{package}.client").Client(
        base_url="http://recorded.invalid", raise_on_unexpected_status=True
    )
    # The project's templates define these; a client of stock templates raises other errors for the same cases.
    undecodable = getattr(errors, "UndecodableBody", ())
    unexpected = getattr(errors, "UnexpectedStatus", ())
    status_error = getattr(errors, "ApiStatusError", ())
    modules: dict[str, ModuleType | None] = {}
    results = []
    for answer in answers:
        operation = str(answer["operation"])
        if operation not in modules:
            modules[operation] = endpoint(package, operation)
        module = modules[operation]
        outcome, error = "decoded", None
        if module is None:
            outcome, error = "undecodable", f"the client has no module for operation {operation}"
        else:
            request = httpx.Request(str(answer["method"]), str(answer["url"]))
            response = httpx.Response(
                int(answer["status"]),
                headers=[(str(name), str(value)) for name, value in answer["headers"]],
                content=base64.b64decode(answer["body"]),
                request=request,
            )
            try:
                module._build_response(client=client, response=response)
            except undecodable as raised:
                outcome, error = "undecodable", _line(raised)
            except unexpected as raised:
                outcome, error = "undocumented status", _line(raised)
            except status_error as raised:
                outcome, error = "error status", _line(raised)
            except Exception as raised:  # any other failure of the client is one to report too
                outcome, error = "undecodable", f"{type(raised).__name__}: {_line(raised)}"
        results.append({"key": answer["key"], "outcome": outcome, "error": error})
    return results


def _line(error: BaseException) -> str:
    return " ".join(str(error).split())


def main() -> None:
    if len(sys.argv) != 2:
        print("usage: python -m contract_tests.traffic.decode PACKAGE < answers.json", file=sys.stderr)
        sys.exit(2)
    package = sys.argv[1]
    try:
        found = importlib.import_module(package)
    except ImportError as error:
        why = f"the generated client {package} cannot be imported here ({error})"
        print(f"{why}: install the SDK beside the toolkit, or run in a checkout", file=sys.stderr)
        sys.exit(2)
    answers = json.load(sys.stdin)
    json.dump({"client": str(found.__file__), "results": decode(package, answers)}, sys.stdout)


if __name__ == "__main__":
    main()
