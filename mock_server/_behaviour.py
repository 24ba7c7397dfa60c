"""What a behaviour of the mock is, a spec patch plus a wrapper around the clean mock, and the wrapper itself.

`before` sees a request before the mock does (and may answer it, or change it); `after` may
rewrite the answer. Both are typed on the data they touch, never on the app: the request (with the
app's spec), the answer and the `Dataset`. The only per-app state is `Exchange.seen`, for a behaviour that `counts`.
"""

from __future__ import annotations

import enum
import inspect
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.routing import Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from emabler_spec import Operation, Patch, Spec
from mock_server._asgi import Answer, BufferedMiddleware, call, decode_json, header_dict, raw_headers, replay
from mock_server.data import Dataset, Tenant


@dataclass(frozen=True)
class Exchange:
    """A request as a wrapper sees it, with the spec of the app it was sent to (every decision reads that spec)."""

    spec: Spec
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    operation: Operation | None
    path_parameters: dict[str, str]
    seen: int = 0
    """How many times this app has been sent this same request, this one included (0 unless the behaviour `counts`)."""

    @property
    def key(self) -> str:
        """The customer's key the request carries ("" without one)."""
        return self.headers.get(self.spec.key_header.lower(), "")

    @property
    def client_id(self) -> str:
        """The client id the request names ("" without one)."""
        return self.query.get(self.spec.client_id_parameter, "")

    @property
    def site_ids(self) -> list[Any] | None:
        """The site ids of a call of operation 2, when its body has a list of them."""
        body = decode_json(self.body)
        ids = body.get(self.spec.id_list_property) if isinstance(body, dict) else None
        return ids if self.operation == self.spec.drivers_for_sites and isinstance(ids, list) else None

    def as_customer(self, tenant: Tenant) -> Exchange:
        """A copy sent with `tenant`'s key and client id."""
        name = self.spec.key_header.lower()
        headers = {**{k: v for k, v in self.headers.items() if k != name}, name: tenant.api_key}
        return replace(self, headers=headers, query={**self.query, self.spec.client_id_parameter: tenant.client_id})


# A `before` may be a coroutine function, e.g. to wait before the mock answers.
Before = Callable[[Exchange, Dataset], "Exchange | Answer | Awaitable[Exchange | Answer]"]
After = Callable[[Exchange, Answer, Dataset], Answer]


def each_object(change: Callable[[dict[str, Any]], dict[str, Any]]) -> After:
    """An `after` that applies `change` to every object of each 200 body, innermost first."""

    def after(exchange: Exchange, answer: Answer, dataset: Dataset) -> Answer:
        return answer.with_json(decode_json(answer.body, change)) if answer.status == 200 else answer

    return after


class Kind(enum.Enum):
    """What a behaviour is for."""

    FAULT = "fault"
    VARIANT = "variant"
    SCENARIO = "scenario"


@dataclass(frozen=True)
class Behaviour:
    """One way the mock departs from the clean contract. Unset parts leave the clean mock as it is."""

    name: str
    kind: Kind
    summary: str
    patch: Patch | None = None
    """Edits the spec the mock validates requests with."""
    before: Before | None = None
    after: After | None = None
    counts: bool = False
    """The wrapper counts each distinct request for the hooks (`Exchange.seen`); other behaviours keep nothing."""
    # In the contract tests' catalog: for a fault, the requirements it breaks (each must fail at
    # its level); for a variant, the assumed requirements it differs on (the run warns about each).
    expected: frozenset[str] = frozenset()


CLEAN = Behaviour("none", Kind.VARIANT, "The contract, exactly, with the project's readings.")
"""The clean mock: no behaviour."""


@dataclass
class Wrapper(BufferedMiddleware):
    """ASGI middleware running a behaviour's `before` and `after`; the operation comes from the app's own routes."""

    app: ASGIApp
    behaviour: Behaviour
    dataset: Dataset
    spec: Spec
    routes: Sequence[Route]  # each named after its spec path
    seen: Counter[tuple[object, ...]] = field(default_factory=Counter)  # empty unless the behaviour `counts`

    def __post_init__(self) -> None:  # once per app
        self.operations = {(op.path, op.method): op for op in self.spec.operations}

    async def handle(self, scope: Scope, body: bytes, receive: Receive, send: Send) -> None:
        exchange = self._exchange(scope, body)
        if self.behaviour.before is not None:
            changed = self.behaviour.before(exchange, self.dataset)
            if inspect.isawaitable(changed):
                changed = await changed
            if isinstance(changed, Answer):
                await changed.send(send)
                return
            exchange = changed
        headers = raw_headers(exchange.headers, exchange.body or None)
        query = urlencode(exchange.query).encode("latin-1")
        inner = ({**scope, "headers": headers, "query_string": query}, replay(exchange.body, receive))
        if self.behaviour.after is None:
            await self.app(*inner, send)
            return
        started, answered = await call(self.app, *inner)
        answer = Answer(started["status"], header_dict(started.get("headers", [])), answered)
        await self.behaviour.after(exchange, answer, self.dataset).send(send)

    def _exchange(self, scope: Scope, body: bytes) -> Exchange:
        headers = header_dict(scope["headers"])
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        method, path, seen = scope["method"], scope["path"], 0
        if self.behaviour.counts:
            key = (method, path, tuple(sorted(query.items())), body, headers.get(self.spec.key_header.lower()))
            self.seen[key] += 1
            seen = self.seen[key]
        return Exchange(self.spec, method, path, query, headers, body, *self._operation(scope), seen)

    def _operation(self, scope: Scope) -> tuple[Operation | None, dict[str, str]]:
        """The operation a request is for, by the app's own routes, and its path parameters."""
        for route in self.routes:
            match, child = route.matches(scope)
            if match is Match.FULL:
                return self.operations.get((route.name, scope["method"])), child["path_params"]
        return None, {}
