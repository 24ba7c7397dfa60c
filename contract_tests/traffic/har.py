"""A recording as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the archive format other tools read
(Optic, Redocly, Schemathesis, browsers' developer tools): one entry per exchange, against the upstream the proxy
forwarded to, with the recording's own fields under `_emabler` (HAR's custom fields start with `_`).

A recording holds no key, and neither does its HAR: it is made from the recording's masked exchanges. A request that
got no answer is an entry with status 0 (as browsers export a failed request) and its error as `comment`; a body
that is not UTF-8 is base64 (`encoding` on a response's content, `_encoding` on a request's postData, which HAR
gives no encoding field); a body the recording did not keep (too large) has no text, its size only.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from contract_tests.identity import tools
from contract_tests.traffic.exchange import Exchange
from emabler_spec import SPEC

VERSION = "1.2"
CREATOR = "emabler-contract"
HTTP = "HTTP/1.1"


def _pairs(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in pairs]


def _text(data: bytes) -> tuple[str, str | None]:
    """A body as HAR text, and its encoding (None: the text itself)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return base64.b64encode(data).decode("ascii"), "base64"


def _started(started: str) -> str:
    """ISO 8601 with a time zone, as HAR requires (a recording's start is UTC)."""
    try:
        moment = datetime.fromisoformat(started)
    except ValueError:
        return started
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def url(exchange: Exchange, base_url: str) -> str:
    """The request's URL at the upstream: `base_url` (the spec's server path included) and the path after it."""
    path = exchange.path
    prefix = SPEC.api_prefix
    rest = path[len(prefix) :] if path == prefix or path.startswith(prefix + "/") else path
    return base_url.rstrip("/") + rest + (f"?{exchange.query}" if exchange.query else "")


def _request(exchange: Exchange, base_url: str) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": exchange.method,
        "url": url(exchange, base_url),
        "httpVersion": HTTP,
        "cookies": [],
        "headers": _pairs(exchange.request_headers),
        "queryString": _pairs(parse_qsl(exchange.query, keep_blank_values=True)),
        "headersSize": -1,
        "bodySize": len(exchange.request_body),
    }
    if exchange.request_body:
        text, encoding = _text(exchange.request_body)
        request["postData"] = {"mimeType": exchange.header("content-type", response=False) or "", "text": text}
        if encoding:
            request["postData"]["_encoding"] = encoding
    return request


def _response(exchange: Exchange) -> dict[str, Any]:
    content: dict[str, Any] = {
        "size": exchange.response_size,
        "mimeType": exchange.header("content-type") or "",
    }
    if exchange.response_body is not None:
        text, encoding = _text(exchange.response_body)
        content["text"] = text
        if encoding:
            content["encoding"] = encoding
    else:
        content["comment"] = "not kept by the recording (larger than it keeps)"
    return {
        "status": exchange.status or 0,
        "statusText": "",
        "httpVersion": HTTP if exchange.status is not None else "",
        "cookies": [],
        "headers": _pairs(exchange.response_headers),
        "content": content,
        "redirectURL": exchange.header("location") or "",
        "headersSize": -1,
        "bodySize": exchange.response_size if exchange.status is not None else -1,
    }


def entry(exchange: Exchange, base_url: str) -> dict[str, Any]:
    """One exchange as a HAR entry."""
    found: dict[str, Any] = {
        "startedDateTime": _started(exchange.started),
        "time": round(exchange.elapsed_ms, 3),
        "request": _request(exchange, base_url),
        "response": _response(exchange),
        "cache": {},
        # The proxy times the whole exchange only: all of it is waiting, as far as HAR can tell.
        "timings": {
            "blocked": -1,
            "dns": -1,
            "connect": -1,
            "send": 0,
            "wait": round(exchange.elapsed_ms, 3),
            "receive": 0,
        },
        "_emabler": {
            "id": exchange.id,
            "credential": exchange.credential,
            "error": exchange.error,
            "notes": list(exchange.notes),
        },
    }
    if exchange.error:
        found["comment"] = f"no answer: {exchange.error}"
    return found


def to_har(exchanges: Iterable[Exchange], base_url: str) -> dict[str, Any]:
    """The exchanges as one HAR 1.2 document (`log.version` "1.2"), their URLs at `base_url`."""
    return {
        "log": {
            "version": VERSION,
            "creator": {"name": CREATOR, "version": next(iter(tools().values()))},
            "entries": [entry(exchange, base_url) for exchange in exchanges],
        }
    }
