"""What the clean mock does with any request before and after its handlers: limits, HEAD, and a cache.

- `Guard` answers what must never reach a parser: a body over `MAX_BODY_BYTES` (400, read
  no further than the limit), JSON nested deeper than `MAX_JSON_DEPTH` (400), and turns
  `HEAD` into `GET` without the body, as HTTP says.
- `AnswerCache` keeps whole answers: the clean mock is deterministic (the same request
  always gets the same answer, and its data never changes), so a repeated request is
  answered with the bytes of the first one, without validating or encoding again.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from emabler_spec import SPEC
from mock_server._errors import BAD_REQUEST, error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The largest request this API has is 20 int64 ids, about 450 bytes; 16 KiB leaves room for
# any formatting and keeps the cost of refusing a hostile body to reading 16 KiB.
MAX_BODY_BYTES = 16 * 1024
# The request body has two levels; anything deeper than this is not this API's.
MAX_JSON_DEPTH = 32
CACHE_BYTES = 256 * 1024 * 1024
# The request headers an answer of the clean mock depends on.
ANSWER_HEADERS = (SPEC.key_header.lower().encode(), b"content-type")


def _error(status: int, message: str) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    body = json.dumps(error_body(status, BAD_REQUEST, message), separators=(",", ":")).encode()
    return status, [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())], body


async def _answer(send: Send, answer: tuple[int, list[tuple[bytes, bytes]], bytes], head: bool = False) -> None:
    status, headers, body = answer
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """True when `body`, read as JSON, nests arrays and objects deeper than `limit` (strings skipped)."""
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


class Guard:
    """ASGI middleware: the body limit, the nesting limit, and HEAD as GET without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
            await _answer(send, _error(400, f"The request body is larger than {MAX_BODY_BYTES} bytes."))
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:  # chunked, or more than it declared
                await _answer(send, _error(400, f"The request body is larger than {MAX_BODY_BYTES} bytes."))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if json_depth_exceeds(body, MAX_JSON_DEPTH):
            await _answer(send, _error(400, f"The request body nests deeper than {MAX_JSON_DEPTH} levels."))
            return
        head = scope["method"] == "HEAD"
        inner = {**scope, "method": "GET"} if head else scope

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def strip(message: Message) -> None:
            await send({**message, "body": b""} if head and message["type"] == "http.response.body" else message)

        await self.app(inner, replay, strip)


class AnswerCache:
    """ASGI middleware: whole answers by request, least recently used first out, bounded in bytes."""

    def __init__(self, app: ASGIApp, max_bytes: int = CACHE_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.size = 0
        self.answers: OrderedDict[tuple[Any, ...], tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks = [await receive()]
        while chunks[-1].get("more_body", False):  # Guard hands it over in one piece; others may not
            chunks.append(await receive())
        body = b"".join(chunk.get("body", b"") for chunk in chunks)
        # Every value of each header, in order: a request that repeats the key header must not
        # share the answer of one that sends it once (the app reads the first value).
        values = tuple(tuple(v for k, v in scope["headers"] if k.lower() == name) for name in ANSWER_HEADERS)
        key = (scope["method"], scope["path"], scope["query_string"], body, values)
        cached = self.answers.get(key)
        if cached is not None:
            self.answers.move_to_end(key)
            await _answer(send, cached)
            return
        started: dict[str, Any] = {}
        parts: list[bytes] = []

        async def keep(sent: Message) -> None:
            if sent["type"] == "http.response.start":
                started.update(sent)
            else:
                parts.append(sent.get("body", b""))
            await send(sent)

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, keep)
        answer = (started["status"], list(started.get("headers", [])), b"".join(parts))
        self._keep(key, answer)

    @staticmethod
    def _weight(key: tuple[Any, ...], answer: tuple[int, list[tuple[bytes, bytes]], bytes]) -> int:
        return len(answer[2]) + len(repr(key))

    def _keep(self, key: tuple[Any, ...], answer: tuple[int, list[tuple[bytes, bytes]], bytes]) -> None:
        weight = self._weight(key, answer)
        # Several identical requests may miss at once: the first one kept counts, once.
        if key in self.answers or weight > self.max_bytes // 4:
            return
        self.answers[key] = answer
        self.size += weight
        while self.size > self.max_bytes:
            old_key, old = self.answers.popitem(last=False)
            self.size -= self._weight(old_key, old)
