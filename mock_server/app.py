"""The mock's ASGI application: routes and request validation come from the spec.

Starlette's routes are built from the spec's paths and methods, so an undeclared method gets
405 with an `Allow` header and an unknown path 404, from Starlette itself; openapi-core
validates every request; the handlers only look data up. Every answer has the spec's `Error`
body, never a traceback. A behaviour is a spec patch and a wrapper around this clean mock.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from itertools import groupby
from typing import Any

from openapi_core import OpenAPI
from openapi_core.contrib.starlette.requests import StarletteOpenAPIRequest
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from emabler_spec import SPEC, Operation, Spec
from mock_server._asgi import encode_json
from mock_server._behaviour import CLEAN, Behaviour, Wrapper
from mock_server._cache import AnswerCache
from mock_server._errors import BAD_REQUEST, INTERNAL, SITE_NOT_FOUND, SITES_NOT_FOUND, UNAUTHORISED, error_body
from mock_server._limits import Guard
from mock_server.data import DEFAULT_SEED, Dataset, TenantData, build_dataset, group_users, user_group

Handler = Callable[[TenantData, dict[str, Any], Any], Response]  # (customer, path parameters, body) of a valid call
CANONICAL_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)", re.ASCII)
MAX_MESSAGE = 300


class _Api:
    """The clean mock's endpoints: one dataset, the spec it serves, and the (patched) one it validates requests with
    and whose `x-missing-site-status` it answers a missing site with (a variant patches that choice)."""

    def __init__(self, dataset: Dataset, spec: Spec, validating: Spec) -> None:
        self.dataset = dataset
        self.spec = spec
        self.openapi = OpenAPI.from_dict(validating.document)
        self.missing_site_status = validating.missing_site_status
        self.handlers: dict[str, Handler] = {
            spec.home_site.operation_id: self.home_site,
            spec.drivers_for_sites.operation_id: self.drivers_for_sites,
        }

    def json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
        """A JSON answer."""
        return Response(encode_json(body), status, headers=headers, media_type="application/json")

    def error(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
        """The spec's `Error` body."""
        return self.json(status, error_body(status, code, message), headers)

    def route(self, path: str, operations: Sequence[Operation]) -> Route:
        """The Starlette route of one spec path, named after it, dispatching on the method to its operation."""
        by_method = {operation.method: self.endpoint(operation) for operation in operations}

        async def endpoint(request: Request) -> Response:
            return await by_method[request.method](request)

        return Route(self.spec.api_prefix + path, endpoint, methods=list(by_method), name=path)

    def endpoint(self, operation: Operation) -> Callable[[Request], Awaitable[Response]]:
        """The endpoint of one operation: auth, validation, then its handler."""
        handler = self.handlers[operation.operation_id]
        parameters = [self.spec.resolve(parameter) for parameter in operation.definition.get("parameters", [])]
        integers = [
            parameter["name"]
            for parameter in parameters
            if parameter.get("in") == "path" and self.spec.resolve(parameter.get("schema", {})).get("type") == "integer"
        ]
        key_header, client_id = self.spec.key_header, self.spec.client_id_parameter

        async def endpoint(request: Request) -> Response:
            tenant = self.dataset.by_key(request.headers.get(key_header, ""))
            if tenant is None:
                return self.error(401, UNAUTHORISED, "Customer not found or not authorised.")
            # int() would read "+5", "5_000" or "٥٦" as numbers; an id in a path is plain decimal digits.
            odd = [name for name in integers if not CANONICAL_INTEGER.fullmatch(request.path_params.get(name, ""))]
            if odd:
                return self.error(400, BAD_REQUEST, f"Path parameter {odd[0]} is not a decimal integer.")
            result = self.openapi.unmarshal_request(StarletteOpenAPIRequest(request, await request.body()))
            if result.errors:
                return self.error(400, BAD_REQUEST, _describe(result.errors))
            if result.parameters.query.get(client_id) != tenant.tenant.client_id:
                return self.error(401, UNAUTHORISED, "Customer not found or not authorised.")
            return handler(tenant, dict(result.parameters.path), result.body)

        return endpoint

    def home_site(self, tenant: TenantData, path: dict[str, Any], body: Any) -> Response:
        """Operation 1: a home site with its drivers and subsites."""
        site_id = int(path["siteId"])
        if site_id in tenant.sites:
            return self.json(200, user_group(tenant.sites[site_id], tenant))
        # Another customer's site is answered exactly like a missing one, with the status the spec chose for both.
        if self.missing_site_status == 401:  # the customer is "not authorised" for it, in the 401's own words
            return self.error(401, UNAUTHORISED, "Customer not found or not authorised.")
        return self.error(self.missing_site_status, SITE_NOT_FOUND, f"Site {site_id} not found for this customer.")

    def drivers_for_sites(self, tenant: TenantData, path: dict[str, Any], body: Any) -> Response:
        """Operation 2: the drivers with charging rights at each requested site."""
        found = group_users([int(site_id) for site_id in body[self.spec.id_list_property]], tenant)
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
    behaviour: Behaviour = CLEAN,
    *,
    seed: int = DEFAULT_SEED,
    scale: int = 1,
    api_keys: Sequence[str] = (),
    spec: Spec = SPEC,
) -> MockApp:
    """The mock of `spec` as an ASGI app with a behaviour (`get_behaviour`); `api_keys` replace demo keys, in order."""

    def served(patched: Spec) -> None:
        if behaviour.patch is not None:
            behaviour.patch(patched)
        # Match requests by path alone, whatever host and port the mock is reached on.
        patched.document["servers"] = [{"url": spec.api_prefix}]

    api = _Api(build_dataset(seed, scale, api_keys, spec=spec), spec, spec.patched(served))
    # A path's operations stand together in the document: one route each path.
    routes = [api.route(path, list(operations)) for path, operations in groupby(spec.operations, lambda op: op.path)]
    wrapper = [Middleware(Wrapper, behaviour, api.dataset, spec, routes)] if behaviour.before or behaviour.after else []
    return MockApp(
        api.dataset,
        routes=routes,
        # The limits first, for every behaviour too; the cache innermost, for the clean answers only.
        middleware=[Middleware(Guard), *wrapper, Middleware(AnswerCache, vary=(spec.key_header, "content-type"))],
        exception_handlers={HTTPException: api.http_error, Exception: api.unexpected},
    )
