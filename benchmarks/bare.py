"""The stack's own limit: a bare Starlette app that answers each case with fixed bytes, served as the mock is.

`python -m benchmarks.bare FOLDER` serves `FOLDER/cases.json` (case -> status, content
type) and `FOLDER/<case>.body` at `/<case>`, on a free port of 127.0.0.1 printed on its
first line, with the mock's server stack (uvicorn with uvloop and httptools, TCP_NODELAY).
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

LISTENING = "bare app on "


def app(folder: Path) -> Starlette:
    """One route answering every case's fixed bytes."""
    cases = json.loads((folder / "cases.json").read_text())
    answers = {
        name: Response((folder / f"{name}.body").read_bytes(), case["status"], media_type=case["content_type"])
        for name, case in cases.items()
    }

    async def answer(request: Request) -> Response:
        return answers[request.path_params["case"]]

    return Starlette(routes=[Route("/{case}", answer, methods=["GET", "POST"])])


def main() -> None:
    folder = Path(sys.argv[1])
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.bind(("127.0.0.1", 0))
    listening.listen(2048)
    config = uvicorn.Config(app(folder), log_level="warning")
    print(f"{LISTENING}http://127.0.0.1:{listening.getsockname()[1]}", flush=True)
    uvicorn.Server(config).run(sockets=[listening])


if __name__ == "__main__":
    main()
