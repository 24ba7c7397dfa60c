"""The mock's ASGI application: routes and request validation come from openapi.yaml.

Starlette routes are built from the spec's paths and methods, so an undeclared method
gets 405 with an `Allow` header and an unknown path 404, both from Starlette itself.
openapi-core validates every request against the same spec; the handlers only look
data up. Every answer, errors included, has the spec's `Error` body: no traceback, no
500. This is the clean mock: a behaviour (fault, variant, scenario) is a spec patch and
a wrapper around it (mock_server/behaviours.py), never a branch in here.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openapi_core import OpenAPI
from openapi_core.contrib.starlette.requests import StarletteOpenAPIRequest
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from emabler_spec import SPEC, Operation, ref_name
from mock_server._behaviour import CLEAN, Behaviour
from mock_server._errors import BAD_REQUEST, INTERNAL, SITE_NOT_FOUND, SITES_NOT_FOUND, UNAUTHORISED, error_body
from mock_server._serving import AnswerCache, Guard
from mock_server._wrapping import Wrapper
from mock_server.data import DEFAULT_SEED, Dataset, TenantData, build_dataset, group_users, user_group

Handler = Callable[["Call"], Awaitable[Response]]
CANONICAL_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)", re.ASCII)
MAX_MESSAGE = 300


def _integer_path_parameters(spec: dict[str, Any], operation: Operation) -> list[str]:
    """The operation's path parameters whose schema is an integer."""
    found = []
    for parameter in spec["paths"][operation.path][operation.method.lower()].get("parameters", []):
        if "$ref" in parameter:
            parameter = spec["components"]["parameters"][ref_name(parameter["$ref"])]
        schema = parameter.get("schema", {})
        if "$ref" in schema:
            schema = spec["components"]["schemas"][ref_name(schema["$ref"])]
        if parameter.get("in") == "path" and schema.get("type") == "integer":
            found.append(parameter["name"])
    return found


@dataclass(frozen=True)
class Call:
    """A validated request: who asks, and the unmarshalled parameters and body."""

    tenant: TenantData
    path: dict[str, Any]
    body: Any


class MockApi:
    """The state behind the app: the dataset, the behaviour, and the spec it validates with."""

    def __init__(self, dataset: Dataset, behaviour: Behaviour) -> None:
        self.dataset = dataset
        self.behaviour = behaviour
        spec = copy.deepcopy(SPEC.document)
        if behaviour.patch_spec:
            behaviour.patch_spec(spec)
        # Match requests by path alone, whatever host and port the mock is reached on.
        spec["servers"] = [{"url": SPEC.api_prefix}]
        self.spec = spec
        self.openapi = OpenAPI.from_dict(spec)
        self.handlers: dict[str, Handler] = {
            SPEC.home_site.operation_id: self.home_site,
            SPEC.drivers_for_sites.operation_id: self.drivers_for_sites,
        }
        self.integer_path_parameters = {op.operation_id: _integer_path_parameters(spec, op) for op in SPEC.operations}

    def json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
        """A JSON answer."""
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        return Response(content, status, headers=headers, media_type="application/json")

    def error(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
        """The spec's `Error` body."""
        return self.json(status, error_body(status, code, message), headers)

    def endpoint(self, operation_id: str) -> Callable[[Request], Awaitable[Response]]:
        """The Starlette endpoint of one operation: auth, validation, then its handler."""
        handler = self.handlers[operation_id]
        integers = self.integer_path_parameters[operation_id]

        async def endpoint(request: Request) -> Response:
            tenant = self.dataset.by_key(request.headers.get(SPEC.key_header, ""))
            if tenant is None:
                return self.error(401, UNAUTHORISED, "Customer not found or not authorised.")
            # int() would read "+5", "5_000" or "٥٦" as numbers; an id in a path is plain decimal digits.
            odd = [name for name in integers if not CANONICAL_INTEGER.fullmatch(request.path_params.get(name, ""))]
            if odd:
                return self.error(400, BAD_REQUEST, f"Path parameter {odd[0]} is not a decimal integer.")
            result = self.openapi.unmarshal_request(StarletteOpenAPIRequest(request, await request.body()))
            if result.errors:
                return self.error(400, BAD_REQUEST, _describe(result.errors))
            if result.parameters.query.get(SPEC.client_id_parameter) != tenant.tenant.client_id:
                return self.error(401, UNAUTHORISED, "Customer not found or not authorised.")
            return await handler(Call(tenant, dict(result.parameters.path), result.body))

        return endpoint

    def path_endpoint(self, path_item: dict[str, Any]) -> Callable[[Request], Awaitable[Response]]:
        """One endpoint per spec path, dispatching on the method to its operation."""
        by_method = {method.upper(): self.endpoint(op["operationId"]) for method, op in path_item.items()}

        async def endpoint(request: Request) -> Response:
            return await by_method[request.method](request)

        return endpoint

    async def home_site(self, call: Call) -> Response:
        """Operation 1: a home site with its drivers and subsites."""
        site_id = int(call.path["siteId"])
        if site_id in call.tenant.sites:
            return self.json(200, user_group(call.tenant.sites[site_id], call.tenant))
        # Another customer's site is answered exactly like a missing one.
        return self.error(400, SITE_NOT_FOUND, f"Site {site_id} not found for this customer.")

    async def drivers_for_sites(self, call: Call) -> Response:
        """Operation 2: the drivers with charging rights at each requested site."""
        site_ids = [int(site_id) for site_id in call.body[SPEC.id_list_property]]
        found = group_users(site_ids, call.tenant)
        if not found:
            return self.error(404, SITES_NOT_FOUND, "No site of this customer with drivers among the ids.")
        return self.json(200, found)

    async def http_error(self, request: Request, exc: Exception) -> Response:
        """Starlette's 404 and 405 (with its `Allow` header) in the spec's error shape."""
        assert isinstance(exc, HTTPException)
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "HTTP_ERROR")
        return self.error(exc.status_code, code, str(exc.detail), dict(exc.headers or {}))

    async def unexpected(self, request: Request, exc: Exception) -> Response:
        """A bug in the mock: a 500 with an error body, never a traceback."""
        return self.error(500, INTERNAL, "The mock failed; see its log.")


def _describe(errors: Iterable[Exception]) -> str:
    """One line naming what was wrong: where, and which rule of the schema it broke."""
    parts = []
    for error in errors:
        what = _headline(error)
        rules = [
            f"{'/'.join(map(str, e.absolute_path)) or 'value'} breaks {e.validator}"
            + (f" {e.validator_value}" if e.validator in {"maxItems", "minItems", "format", "type"} else "")
            for e in getattr(error.__cause__, "schema_errors", ())
        ]
        if not rules and error.__cause__:
            rules = [_headline(error.__cause__)]
        parts.append(what + (f" ({'; '.join(rules)})" if rules else ""))
    text = "; ".join(parts)
    # A message names the rule broken, never echoes the request: at most an excerpt.
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _headline(error: BaseException) -> str:
    """An error's message; for a wrapped error only the part before the colon, where values follow."""
    try:
        text = str(error)
    except ValueError:  # openapi-core formats a non-UTF-8 body into its message, and fails
        return "Request body is not UTF-8 text"
    return text.split(":", 1)[0] if error.__cause__ is not None else text


class MockApp(Starlette):
    """The mock's ASGI app, and the dataset it serves."""

    def __init__(self, dataset: Dataset, **options: Any) -> None:
        super().__init__(**options)
        self.dataset = dataset


def create_app(
    behaviour: Behaviour = CLEAN, *, seed: int = DEFAULT_SEED, scale: int = 1, api_keys: Sequence[str] = ()
) -> MockApp:
    """The mock as an ASGI app, with a behaviour (a fault, variant or scenario; see `get_behaviour`) or none.

    `api_keys` replace the demo customers' keys, in order.
    """
    chosen = behaviour
    api = MockApi(build_dataset(seed, scale, api_keys), chosen)
    routes = [
        Route(SPEC.api_prefix + path, api.path_endpoint(item), methods=[method.upper() for method in item])
        for path, item in api.spec["paths"].items()
    ]
    wrapper = [Middleware(Wrapper, api=api, before=chosen.before, after=chosen.after)] if chosen.wraps else []
    return MockApp(
        api.dataset,
        routes=routes,
        # The limits first, for every behaviour too; the cache innermost, for the clean answers only.
        middleware=[Middleware(Guard), *wrapper, Middleware(AnswerCache)],
        exception_handlers={HTTPException: api.http_error, Exception: api.unexpected},
    )
