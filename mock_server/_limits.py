"""The limits every request of the mock passes first: no parser ever sees a body it should refuse; HEAD is GET."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server._asgi import Answer, read_body, replay
from mock_server._errors import BAD_REQUEST, error_body

# The largest request this API has is 20 int64 ids, about 450 bytes; 16 KiB leaves room for
# any formatting and keeps the cost of refusing a hostile body to reading 16 KiB.
MAX_BODY_BYTES = 16 * 1024
# The request body has two levels; anything deeper than this is not this API's.
MAX_JSON_DEPTH = 32
TOO_LARGE = f"The request body is larger than {MAX_BODY_BYTES} bytes."


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


async def _refuse(send: Send, message: str) -> None:
    await Answer.of_json(400, error_body(400, BAD_REQUEST, message)).send(send)


class Guard:
    """ASGI middleware: 400 for a body no parser should see (the limits above); HEAD is GET without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        # Too large by its declaration: refused unread; by what comes (chunked, or more than declared): at the limit.
        body = (
            await read_body(receive, MAX_BODY_BYTES) if declared.isdigit() and int(declared) <= MAX_BODY_BYTES else None
        )
        if body is None:  # too large, or the client left (then nobody reads the answer)
            await _refuse(send, TOO_LARGE)
            return
        if json_depth_exceeds(body, MAX_JSON_DEPTH):
            await _refuse(send, f"The request body nests deeper than {MAX_JSON_DEPTH} levels.")
            return
        head = scope["method"] == "HEAD"

        async def strip(message: Message) -> None:
            await send({**message, "body": b""} if head and message["type"] == "http.response.body" else message)

        await self.app({**scope, "method": "GET"} if head else scope, replay(body, receive), strip)
