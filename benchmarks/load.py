"""Keep-alive load from a separate process: `wrk` when the machine has it, else a small asyncio client.

`python -m benchmarks.load URL --method POST --header k:v --body-file F --connections 10 --seconds 3`
prints one line, `<requests> <seconds>`: what the fallback client completed. It sends one
prepared request over each connection in turn and reads each answer whole (by its
Content-Length), so it measures the server, not a client library's overhead.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import click


@dataclass(frozen=True)
class Load:
    """One request to repeat: where, how, with which headers and body."""

    url: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    status: int = 200  # every answer must have it: a load that measures errors measures nothing


def requests_per_second(load: Load, connections: int, seconds: float) -> tuple[float, str]:
    """Requests per second the server answered, and which generator measured it."""
    if shutil.which("wrk"):
        return _wrk(load, connections, seconds), "wrk"
    return _fallback(load, connections, seconds), "asyncio client"


def _wrk(load: Load, connections: int, seconds: float) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "request.lua"
        lines = [f"wrk.method = {_lua(load.method)}", f"wrk.body = {_lua(load.body.decode('latin-1'))}"]
        lines += [f"wrk.headers[ {_lua(name)} ] = {_lua(value)}" for name, value in load.headers.items()]
        script.write_text("\n".join(lines) + "\n")
        command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-s", str(script), load.url]
        result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603 - wrk, fixed
    rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    total = re.search(r"(\d+) requests in", result.stdout)
    odd = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if rate is None or total is None:
        raise RuntimeError(f"wrk printed no rate: {result.stdout}")
    # wrk counts answers outside 2xx: all of them for a refusal, none for a success.
    expected_odd = int(total.group(1)) if load.status >= 300 else 0
    if (int(odd.group(1)) if odd else 0) != expected_odd:
        raise RuntimeError(f"answers of another status than {load.status}: {result.stdout}")
    return float(rate.group(1))


def _lua(text: str) -> str:
    # A long string: no escaping needed. Callers put spaces around it inside brackets, where
    # `t[[==[...` would read as a call of t with a long string.
    return "[==[" + text + "]==]"


def _fallback(load: Load, connections: int, seconds: float) -> float:
    command = [sys.executable, "-m", "benchmarks.load", load.url, "--method", load.method, "--status", str(load.status)]
    command += [arg for name, value in load.headers.items() for arg in ("--header", f"{name}:{value}")]
    command += ["--connections", str(connections), "--seconds", str(seconds)]
    with tempfile.NamedTemporaryFile() as body:
        body.write(load.body)
        body.flush()
        result = subprocess.run([*command, "--body-file", body.name], capture_output=True, text=True, check=True)  # noqa: S603
    done, elapsed = result.stdout.split()
    return int(done) / float(elapsed)


async def _connection(host: str, port: int, request: bytes, status: int, until: float) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    done = 0
    try:
        while time.perf_counter() < until:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if int(head.split(b" ", 2)[1]) != status:
                raise RuntimeError(f"an answer of another status than {status}: {head[:80]!r}")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            await reader.readexactly(int(length.group(1)) if length else 0)
            done += 1
    finally:
        writer.close()
    return done


async def _run(load: Load, connections: int, seconds: float) -> tuple[int, float]:
    parts = urlsplit(load.url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"host": parts.netloc, **load.headers, "content-length": str(len(load.body))}
    head = f"{load.method} {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    request = head.encode("latin-1") + load.body
    start = time.perf_counter()
    counts = await asyncio.gather(
        *(
            _connection(parts.hostname or "", parts.port or 80, request, load.status, start + seconds)
            for _ in range(connections)
        )
    )
    return sum(counts), time.perf_counter() - start


@click.command()
@click.argument("url")
@click.option("--method", default="GET")
@click.option("--header", "headers", multiple=True, help="name:value")
@click.option("--body-file", type=click.Path(exists=True, path_type=Path))
@click.option("--status", default=200, type=int, help="The status every answer must have.")
@click.option("--connections", default=1, type=click.IntRange(1))
@click.option("--seconds", default=3.0, type=float)
def main(
    url: str,
    method: str,
    headers: tuple[str, ...],
    body_file: Path | None,
    status: int,
    connections: int,
    seconds: float,
) -> None:
    """Repeat one request over keep-alive connections; print `<requests> <seconds>`."""
    body = body_file.read_bytes() if body_file else b""
    load = Load(url, method, dict(header.split(":", 1) for header in headers), body, status)
    done, elapsed = asyncio.run(_run(load, connections, seconds))
    click.echo(f"{done} {elapsed:.3f}")


if __name__ == "__main__":
    main()
