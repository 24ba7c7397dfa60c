"""The facts of openapi.yaml that code acts on: operations, the key header, the client id, the id limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from emabler_spec._document import load_spec, ref_name

# HTTP methods an OpenAPI path item can hold (its other keys are parameters, summary, ...).
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    """One operation of the spec: how to reach it and what it answers."""

    operation_id: str
    method: str  # upper case, as on the wire
    path: str  # relative to the server URL, with `{parameter}` templates
    statuses: tuple[str, ...]  # the documented response statuses, in spec order

    @property
    def label(self) -> str:
        """`GET /sites/{siteId}/drivers`: how Schemathesis and the reports name it."""
        return f"{self.method} {self.path}"

    def url_path(self, **path_parameters: object) -> str:
        """The path with its parameters filled in (not URL-encoded: callers pass ids)."""
        return self.path.format(**path_parameters)

    def definition(self) -> dict[str, Any]:
        """The operation object of openapi.yaml."""
        operation: dict[str, Any] = load_spec()["paths"][self.path][self.method.lower()]
        return operation


def operations() -> tuple[Operation, ...]:
    """Every operation, in spec order."""
    return tuple(
        Operation(op["operationId"], method.upper(), path, tuple(op["responses"]))
        for path, item in load_spec()["paths"].items()
        for method, op in item.items()
        if method in _METHODS
    )


def operation(operation_id: str) -> Operation:
    """The operation with this operationId; KeyError if the spec has none."""
    for each in operations():
        if each.operation_id == operation_id:
            return each
    raise KeyError(operation_id)


def _security_scheme() -> dict[str, Any]:
    (requirement,) = load_spec()["security"]
    (name,) = requirement
    scheme: dict[str, Any] = load_spec()["components"]["securitySchemes"][name]
    return scheme


def _client_id() -> dict[str, Any]:
    parameter: dict[str, Any] = load_spec()["components"]["parameters"]["ClientId"]
    return parameter


def _id_list() -> tuple[str, dict[str, Any]]:
    """The request body's one property: the list of site ids, and its schema."""
    body = load_spec()["paths"][DRIVERS_FOR_SITES.path]["post"]["requestBody"]["content"]["application/json"]
    schema = load_spec()["components"]["schemas"][ref_name(body["schema"]["$ref"])]
    (name,) = schema["required"]
    prop: dict[str, Any] = schema["properties"][name]
    return name, prop


HOME_SITE = operation("getAuthorisedUsersHomeGroup")
"""Operation 1: a home site with its drivers and subsites."""
DRIVERS_FOR_SITES = operation("getAuthorisedUsersForChargerGroups")
"""Operation 2: the drivers with charging rights at up to MAX_IDS_PER_CALL sites."""

KEY_SCHEME: str = next(iter(load_spec()["security"][0]))
"""The name of the only security scheme."""
KEY_HEADER: str = _security_scheme()["name"]
"""The header that carries the customer's key (the only security scheme)."""
CLIENT_ID_PARAMETER: str = _client_id()["name"]
"""The query parameter that names the customer on every call."""
ID_LIST_PROPERTY, _ID_LIST = _id_list()
"""Operation 2's body property: the list of site ids."""
MIN_IDS_PER_CALL: int = _ID_LIST["minItems"]
MAX_IDS_PER_CALL: int = _ID_LIST["maxItems"]
"""At most this many site ids per call of operation 2."""
SERVER_URL: str = load_spec()["servers"][0]["url"]
"""The vendor's server, the default base URL."""


def _local_server() -> dict[str, str]:
    (local,) = [server for server in load_spec()["servers"] if "variables" in server]
    return {name: str(variable["default"]) for name, variable in local["variables"].items()} | {"url": local["url"]}


LOCAL_HOST: str = _local_server()["host"]
LOCAL_PORT: int = int(_local_server()["port"])
LOCAL_SERVER_URL: str = _local_server()["url"].format(**_local_server())
"""The local server with its defaults filled in: where `make mock` serves (http://127.0.0.1:8765/api)."""
API_PREFIX: str = urlsplit(SERVER_URL).path.rstrip("/")
"""The path every operation's path is under (`/api`)."""
VERSION: str = load_spec()["info"]["version"]
"""`info.version`: the contract's and the SDK's version."""
