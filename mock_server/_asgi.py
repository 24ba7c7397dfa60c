"""The mock's ASGI plumbing, each piece written once: JSON, reading a request body, answers."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

RawHeaders = list[tuple[bytes, bytes]]


def header_dict(raw: RawHeaders) -> dict[str, str]:
    """Headers as wrappers read them: lower-case names (a repeated header: its last value)."""
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw}


def raw_headers(headers: Mapping[str, str], body: bytes | None) -> RawHeaders:
    """Headers as ASGI sends them, with the Content-Length of `body` last (None: none)."""
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items() if k != "content-length"]
    return raw if body is None else [*raw, (b"content-length", str(len(body)).encode())]


def encode_json(value: Any) -> bytes:
    """JSON as the mock sends it: compact, and UTF-8 rather than `\\u` escapes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def decode_json(body: bytes, change: Callable[[dict[str, Any]], Any] | None = None) -> Any:
    """`body` as JSON (`change` applied to every object in it, innermost first), or None when it is not JSON."""
    try:
        return json.loads(body, object_hook=change)
    except ValueError:
        return None


async def read_body(receive: Receive, limit: float = math.inf) -> bytes | None:
    """The whole request body; None when the client leaves before its end or it grows past `limit` bytes."""
    chunks, size = [], 0
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if message["type"] == "http.disconnect" or size > limit:  # past the limit: chunked, or more than declared
            return None
        if not message.get("more_body", False):
            return b"".join(chunks)


class BufferedMiddleware:
    """ASGI middleware that `handle`s each HTTP request with its body read whole; other scopes pass through."""

    app: ASGIApp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif (body := await read_body(receive)) is not None:  # None: the client left
            await self.handle(scope, body, receive, send)

    async def handle(self, scope: Scope, body: bytes, receive: Receive, send: Send) -> None: ...


def replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands over `body` read before, in one message, then defers to `receive`."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # after the body: the disconnect, when the server delivers it
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


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
        """A JSON answer."""
        return cls(status, {"content-type": "application/json", **(headers or {})}, encode_json(value))

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        return decode_json(self.body)

    def with_json(self, value: Any) -> Answer:
        """The same status and headers with a new JSON body."""
        return Answer.of_json(self.status, value, self.headers)

    @property
    def error_code(self) -> Any:
        """The `errorCode` of an `Error` body, else None."""
        body = self.json()
        return body.get("errorCode") if isinstance(body, dict) else None

    async def send(self, send: Send) -> None:
        """Send it, with a Content-Length of its body; a cut one drops the connection."""
        await send(
            {"type": "http.response.start", "status": self.status, "headers": raw_headers(self.headers, self.body)}
        )
        cut = self.cut_at is not None  # returning with the body incomplete makes the server close the connection
        await send({"type": "http.response.body", "body": self.body[: self.cut_at], "more_body": cut})


async def call(app: ASGIApp, scope: Scope, receive: Receive, send: Send | None = None) -> tuple[Message, bytes]:
    """Run `app` on one request; its `http.response.start` message and whole body (each message also to `send`)."""
    started: Message = {}
    parts: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            started.update(message)
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))
        if send is not None:
            await send(message)

    await app(scope, receive, keep)
    return started, b"".join(parts)
