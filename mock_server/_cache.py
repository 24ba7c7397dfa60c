"""The clean mock's cache of whole answers."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server._asgi import BufferedMiddleware, call, replay

CACHE_BYTES = 256 * 1024 * 1024
Kept = tuple[Message, bytes]  # an answer's `http.response.start` message and its whole body


class AnswerCache(BufferedMiddleware):
    """ASGI middleware: whole answers by request, least recently used first out, bounded in bytes.

    The clean mock is deterministic (the same request always gets the same answer, and its data
    never changes), so a repeated request gets the bytes of the first answer, not validated again.

    `vary`: the request headers an answer depends on, besides the method, path, query and body.
    """

    def __init__(self, app: ASGIApp, vary: Sequence[str], max_bytes: int = CACHE_BYTES) -> None:
        self.app = app
        self.vary = tuple(name.lower().encode() for name in vary)
        self.max_bytes = max_bytes
        self.size = 0
        self.answers: OrderedDict[tuple[Any, ...], Kept] = OrderedDict()

    async def handle(self, scope: Scope, body: bytes, receive: Receive, send: Send) -> None:
        # Every value of each header, in order: a request that repeats the key header must not
        # share the answer of one that sends it once (the app reads the first value).
        values = tuple(tuple(v for k, v in scope["headers"] if k.lower() == name) for name in self.vary)
        key = (scope["method"], scope["path"], scope["query_string"], body, values)
        cached = self.answers.get(key)
        if cached is not None:
            self.answers.move_to_end(key)
            await send(cached[0])
            await send({"type": "http.response.body", "body": cached[1]})
            return
        self._keep(key, await call(self.app, scope, replay(body, receive), send))

    @staticmethod
    def _weight(key: tuple[Any, ...], answer: Kept) -> int:
        return len(answer[1]) + len(repr(key))

    def _keep(self, key: tuple[Any, ...], answer: Kept) -> None:
        weight = self._weight(key, answer)
        # Several identical requests may miss at once: the first one kept counts, once.
        if key in self.answers or weight > self.max_bytes // 4:
            return
        self.answers[key] = answer
        self.size += weight
        while self.size > self.max_bytes:
            old_key, old = self.answers.popitem(last=False)
            self.size -= self._weight(old_key, old)
