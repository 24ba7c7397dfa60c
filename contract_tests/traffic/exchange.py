"""One exchange of real traffic, as the proxy saw it and a recording keeps it, and the recording itself: JSON lines
appended one exchange at a time (a killed proxy leaves every finished exchange readable), every key masked before
a line is written.

A recording never holds a key. The proxy cannot know its clients' keys in advance, so it learns each key from the
request that carries it (the spec's key header, and the `code` query parameter the vendor also accepts) and masks
it, in every form `Masker` knows, in that exchange and every later one; `credential` names the key by the order it
was first seen ("key 1"), so that a reader can tell two customers apart without the keys.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl

from contract_tests.masking import Masker
from emabler_spec import SPEC

FORMAT = 1  # the recording's format: a reader refuses a newer one
KIND = "emabler-traffic"  # the first line of a recording names it
KEY_QUERY_PARAMETER = "code"  # the vendor also accepts the key as this query parameter (docs.emabler.com)

Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Exchange:
    """A request and what came back for it: an answer, or why none did."""

    id: str  # unique within a recording, in the order exchanges started
    started: str  # ISO 8601, UTC
    method: str
    path: str  # as the client sent it to the proxy (percent-encoded as sent), without the query
    query: str  # the raw query string, without "?"
    request_headers: Headers
    request_body: bytes
    status: int | None = None  # None: no answer (`error` says why)
    response_headers: Headers = ()
    response_body: bytes | None = b""  # None: not kept (larger than the recording keeps; `response_size` has its size)
    response_size: int = 0  # bytes of the response body as sent
    elapsed_ms: float = 0.0  # from the request's arrival to the answer's last byte
    error: str | None = None  # what went wrong upstream (refused, reset, timed out), when there was no answer
    credential: str | None = None  # which key the request carried, as "key <n>" in the order first seen; None: none
    notes: tuple[str, ...] = ()  # e.g. "not validated: too large"

    def header(self, name: str, response: bool = True) -> str | None:
        """The first value of a header (names compare case-insensitively)."""
        wanted = name.lower()
        headers = self.response_headers if response else self.request_headers
        return next((value for key, value in headers if key.lower() == wanted), None)

    @property
    def query_parameters(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query, keep_blank_values=True)

    def to_json(self) -> dict[str, Any]:
        """The exchange as one JSON object of a recording (bodies as text when UTF-8, else base64)."""
        return {
            "id": self.id,
            "started": self.started,
            "elapsedMs": round(self.elapsed_ms, 3),
            "credential": self.credential,
            "request": {
                "method": self.method,
                "path": self.path,
                "query": self.query,
                "headers": [list(pair) for pair in self.request_headers],
                "body": _body(self.request_body),
            },
            "response": None
            if self.status is None
            else {
                "status": self.status,
                "headers": [list(pair) for pair in self.response_headers],
                "body": None if self.response_body is None else _body(self.response_body),
                "size": self.response_size,
            },
            "error": self.error,
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Exchange:
        request, response = data["request"], data.get("response")
        return cls(
            id=str(data["id"]),
            started=str(data["started"]),
            method=str(request["method"]),
            path=str(request["path"]),
            query=str(request.get("query", "")),
            request_headers=tuple((str(k), str(v)) for k, v in request.get("headers", [])),
            request_body=_bytes(request.get("body")),
            status=None if response is None else int(response["status"]),
            response_headers=() if response is None else tuple((str(k), str(v)) for k, v in response["headers"]),
            response_body=None if response is None or response.get("body") is None else _bytes(response["body"]),
            response_size=0 if response is None else int(response.get("size", 0)),
            elapsed_ms=float(data.get("elapsedMs", 0.0)),
            error=data.get("error"),
            credential=data.get("credential"),
            notes=tuple(data.get("notes", ())),
        )

    def masked(self, mask: Masker) -> Exchange:
        """Every text of the exchange with the keys masked (bodies too, before anything cuts them)."""
        return replace(
            self,
            path=mask(self.path),
            query=mask(self.query),
            request_headers=_masked_headers(self.request_headers, mask),
            request_body=_masked_body(self.request_body, mask),
            response_headers=_masked_headers(self.response_headers, mask),
            response_body=None if self.response_body is None else _masked_body(self.response_body, mask),
            error=None if self.error is None else mask(self.error),
            notes=tuple(mask(note) for note in self.notes),
        )


def _body(data: bytes) -> dict[str, str]:
    try:
        return {"text": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(data).decode("ascii")}


def _bytes(body: dict[str, str] | None) -> bytes:
    if not body:
        return b""
    if "base64" in body:
        return base64.b64decode(body["base64"])
    return body.get("text", "").encode("utf-8")


def _masked_headers(headers: Headers, mask: Masker) -> Headers:
    return tuple((name, mask(value)) for name, value in headers)


def _masked_body(data: bytes, mask: Masker) -> bytes:
    # Keys are ASCII: latin-1 maps every byte to one character and back, so a binary body keeps its other bytes.
    text = data.decode("latin-1")
    masked = mask(text)
    return data if masked == text else masked.encode("latin-1")


def keys_in(headers: Iterable[tuple[str, str]], query: str) -> list[str]:
    """The keys a request carries: the spec's key header and the `code` query parameter."""
    wanted = SPEC.key_header.lower()
    found = [value for name, value in headers if name.lower() == wanted and value]
    query_keys = parse_qsl(query, keep_blank_values=True)
    # Any case: ASP.NET reads query names case-insensitively, so `Code=` is a key too.
    found += [value for name, value in query_keys if name.lower() == KEY_QUERY_PARAMETER and value]
    return found


@dataclass
class Keys:
    """The keys seen so far (and any known beforehand), each named by the order it was first seen; the masker of all.
    Lives only in memory: a recording holds the names, never the keys."""

    known: list[str] = field(default_factory=list)
    _names: dict[str, str] = field(default_factory=dict)
    _masker: Masker = field(default_factory=lambda: Masker([]))

    def __post_init__(self) -> None:
        self._masker = Masker(self.known)

    def learn(self, headers: Iterable[tuple[str, str]], query: str) -> str | None:
        """Note the keys of a request; the name of the first (its credential), or None when it carries none."""
        keys = keys_in(headers, query)
        new = [key for key in keys if key not in self._names]
        for key in new:
            self._names[key] = f"key {len(self._names) + 1}"
        if new:
            self._masker = Masker([*self.known, *self._names])
        return self._names[keys[0]] if keys else None

    @property
    def masker(self) -> Masker:
        return self._masker


class Recorder:
    """Appends exchanges to a recording, one JSON line each, flushed to the disk before `write` returns."""

    def __init__(self, path: Path, upstream: str | None = None) -> None:
        self.path = path
        _drop_cut_line(path)
        new = not path.exists() or path.stat().st_size == 0
        self._file: IO[str] = path.open("a", encoding="utf-8")
        if new:
            head: dict[str, Any] = {"kind": KIND, "format": FORMAT, "spec": SPEC.version}
            if upstream is not None:  # where the exchanges went (a HAR export names their URLs there)
                head["upstream"] = upstream
            self._line(head)

    def _line(self, data: dict[str, Any]) -> None:
        self._file.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def write(self, exchange: Exchange, mask: Masker) -> None:
        """Append one exchange, masked."""
        self._line(exchange.masked(mask).to_json())

    def close(self) -> None:
        self._file.close()


def _drop_cut_line(path: Path) -> None:
    """A recording appended to again: a last line cut short (a writer killed mid-line) was never a finished exchange;
    it goes, so that the next line starts on a line of its own and the file stays readable."""
    try:
        handle = path.open("rb+")
    except FileNotFoundError:
        return
    with handle:
        end = handle.seek(0, os.SEEK_END)
        at = end
        while at > 0:  # backwards, a block at a time: a recording can be large, its lines too
            start = max(0, at - 65536)
            handle.seek(start)
            block = handle.read(at - start)
            if at == end and block.endswith(b"\n"):
                return
            newline = block.rfind(b"\n")
            if newline >= 0:
                handle.truncate(start + newline + 1)
                return
            at = start
        handle.truncate(0)


class RecordingError(ValueError):
    """A file that is not a recording this tool can read; the message says why, in one line."""


def upstream(path: Path) -> str | None:
    """The upstream a recording names in its first line (`Recorder(..., upstream=)`), if any; RecordingError for a file
    that is not a recording."""
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.readline()
    except (OSError, UnicodeDecodeError) as error:
        raise RecordingError(f"{path} cannot be read: {getattr(error, 'strerror', None) or error}") from None
    try:
        head = json.loads(first)
    except ValueError:
        head = None
    if not isinstance(head, dict) or head.get("kind") != KIND:
        raise RecordingError(f"{path} is not a recording of emabler-contract: its first line does not name one")
    found = head.get("upstream")
    return str(found) if found else None


def read(path: Path) -> Iterator[Exchange]:
    """The exchanges of a recording in order. A last line cut short (a proxy killed while writing) is left out."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise RecordingError(f"{path} cannot be read: {error.strerror}") from None
    with handle:
        lines = handle.read().split("\n")
    complete, last = lines[:-1], lines[-1]  # a complete line ends with "\n": `last` is empty, or cut short
    if not complete:
        raise RecordingError(f"{path} is not a recording of emabler-contract: it is empty")
    try:
        head = json.loads(complete[0])
    except ValueError:
        head = None
    if not isinstance(head, dict) or head.get("kind") != KIND:
        raise RecordingError(f"{path} is not a recording of emabler-contract: its first line does not name one")
    version = head.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RecordingError(f"{path} is not a recording of emabler-contract: its first line names no format")
    if version > FORMAT:
        raise RecordingError(f"{path} is a recording of format {version}, newer than this tool reads ({FORMAT})")
    del last
    for number, line in enumerate(complete[1:], start=2):
        if not line.strip():
            continue
        try:
            yield Exchange.from_json(json.loads(line))
        except (ValueError, KeyError, TypeError) as error:
            raise RecordingError(f"{path}, line {number}, is not an exchange: {type(error).__name__}") from None
