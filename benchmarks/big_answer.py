"""A tiny upstream for the proxy's memory figure: one large answer the mock cannot serve whole.

`python -m benchmarks.big_answer FILE` answers every POST, whatever its path, with 200,
`application/json` and FILE's bytes streamed in 1 MiB chunks with a Content-Length (any
other method gets an empty 404, so that a launcher's probe stays cheap), on a free port of
127.0.0.1 printed on its first line. It is a raw ASGI app under uvicorn, so what a proxy in
front of it holds at once is the proxy's doing, not this server's.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Any

import uvicorn

LISTENING = "big answer on "
CHUNK = 1024 * 1024


def app(body: bytes) -> Any:
    """An ASGI app that sends `body` to every POST, chunk by chunk."""
    view = memoryview(body)
    missing = {"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]}
    start = {
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    }

    async def answer(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):  # the request's body is not needed, only read
            pass
        if scope["method"] != "POST":
            await send(missing)
            await send({"type": "http.response.body", "body": b""})
            return
        await send(start)
        for offset in range(0, len(body), CHUNK):
            await send({"type": "http.response.body", "body": bytes(view[offset : offset + CHUNK]), "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    return answer


def main() -> None:
    body = Path(sys.argv[1]).read_bytes()
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.bind(("127.0.0.1", 0))
    listening.listen(128)
    config = uvicorn.Config(app(body), log_level="warning", lifespan="off")
    print(f"{LISTENING}http://127.0.0.1:{listening.getsockname()[1]}", flush=True)
    uvicorn.Server(config).run(sockets=[listening])


if __name__ == "__main__":
    main()
