"""How a behaviour wraps the clean mock: one ASGI middleware that can look at a request before the
mock sees it (and answer it itself, or change it) and rewrite the answer after.

The clean mock has no branch for any fault, variant or scenario: each is a spec patch plus
the two halves of this wrapper, declared in one place (mock_server/faults.py, variants.py,
scenarios.py). Wrappers buffer the request and, when they rewrite answers, the response;
they only run when a behaviour is chosen.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from emabler_spec import SPEC, Operation

if TYPE_CHECKING:
    from mock_server.app import MockApi

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _match(method: str, path: str) -> tuple[Operation | None, dict[str, str]]:
    """The spec operation a request is for, by method and path template, and its path parameters."""
    parts = path[len(SPEC.api_prefix) :].split("/") if path.startswith(SPEC.api_prefix) else []
    for operation in SPEC.operations:
        template = operation.path.split("/")
        if operation.method != method or len(template) != len(parts):
            continue
        pairs = list(zip(template, parts, strict=True))
        if all(t.startswith("{") or t == p for t, p in pairs):
            return operation, {t.strip("{}"): p for t, p in pairs if t.startswith("{")}
    return None, {}


@dataclass(frozen=True)
class Exchange:
    """A request as a wrapper sees it: method, path, query, headers (lower-case names), raw body."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    operation: Operation | None
    path_parameters: dict[str, str]

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def with_header(self, name: str, value: str | None) -> Exchange:
        """A copy with one header set, or removed for None."""
        headers = {k: v for k, v in self.headers.items() if k != name.lower()}
        return replace(self, headers=headers if value is None else {**headers, name.lower(): value})

    def with_query(self, name: str, value: str) -> Exchange:
        """A copy with one query parameter set."""
        return replace(self, query={**self.query, name: value})


@dataclass
class Answer:
    """A response as a wrapper sees it, or builds it: status, headers (lower-case names), body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    cut_at: int | None = None
    """Send the headers and only this many bytes of the body, then drop the connection (a reset mid-answer)."""

    @classmethod
    def of_json(cls, status: int, value: Any, headers: Mapping[str, str] | None = None) -> Answer:
        """A JSON answer, encoded the way the mock encodes its own."""
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        return cls(status, {"content-type": "application/json", **(headers or {})}, body)

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def with_json(self, value: Any) -> Answer:
        """The same status and headers with a new JSON body."""
        return Answer.of_json(self.status, value, {k: v for k, v in self.headers.items() if k != "content-length"})


# A `before` may be a coroutine function, e.g. to wait before the mock answers.
Before = Callable[[Exchange, "MockApi"], "Exchange | Answer | Awaitable[Exchange | Answer]"]
After = Callable[[Exchange, Answer, "MockApi"], Answer]


class Wrapper:
    """ASGI middleware: `before` may change the request or answer it; `after` may rewrite the answer."""

    def __init__(self, app: ASGIApp, api: MockApi, before: Before | None = None, after: After | None = None) -> None:
        self.app = app
        self.api = api
        self.before = before
        self.after = after

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        exchange = await _read(scope, receive)
        if self.before is not None:
            changed = self.before(exchange, self.api)
            if inspect.isawaitable(changed):
                changed = await changed
            if isinstance(changed, Answer):
                await _send(send, changed, head_only=exchange.method == "HEAD")
                return
            exchange = changed
        inner_scope = _scope(scope, exchange)
        inner_receive = _replay(exchange.body, receive)
        if self.after is None:
            await self.app(inner_scope, inner_receive, send)
            return
        answer = Answer(500)
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer.status = message["status"]
                answer.headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in message["headers"]}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(inner_scope, inner_receive, capture)
        answer.body = b"".join(chunks)
        await _send(send, self.after(exchange, answer, self.api), head_only=exchange.method == "HEAD")


async def _read(scope: Scope, receive: Receive) -> Exchange:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
    operation, path_parameters = _match(scope["method"], scope["path"])
    return Exchange(scope["method"], scope["path"], query, headers, b"".join(chunks), operation, path_parameters)


def _scope(scope: Scope, exchange: Exchange) -> Scope:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in exchange.headers.items() if k != "content-length"]
    if exchange.body:
        headers.append((b"content-length", str(len(exchange.body)).encode()))
    return {**scope, "headers": headers, "query_string": urlencode(exchange.query).encode("latin-1")}


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as the server would deliver it

    return replay


async def _send(send: Send, answer: Answer, head_only: bool) -> None:
    headers = {k: v for k, v in answer.headers.items() if k != "content-length"}
    headers["content-length"] = str(len(answer.body))
    await send(
        {
            "type": "http.response.start",
            "status": answer.status,
            "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
        }
    )
    if answer.cut_at is not None:
        # Returning with the body incomplete makes the server close the connection.
        await send({"type": "http.response.body", "body": answer.body[: answer.cut_at], "more_body": True})
        return
    await send({"type": "http.response.body", "body": b"" if head_only else answer.body})
