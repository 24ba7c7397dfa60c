"""The proxy's ASGI app: each request under the spec's server path forwarded to the upstream, each answer back, byte
for byte, and a copy of the exchange judged, logged and recorded.

What the client receives is what upstream sent: its status, its end-to-end headers in their order (the hop-by-hop
ones dropped, RFC 9110 §7.6.1, those named in `Connection` too) and its body as it came (never decompressed), with
two exceptions the mode asks for: annotate and strict add one header (`x-emabler-contract: <exchange>; <ids>|ok`),
and strict answers 400 for a request that breaks the contract (it never reaches upstream) and 502 for an answer whose
findings fail the run. Upstream refused, reset, silent or with a certificate not trusted: 502, 502, 504, 502, each
with a JSON `Error` body saying which; a failure after the status has gone cuts the client's connection.

Observe streams the answer and judges it after its last byte; annotate and strict must know the findings before the
headers go, so they hold the answer back up to the validation bound. An answer larger than the bound is forwarded
unchanged in every mode, noted "not validated: too large" and judged on its status and headers only (its body is not
recorded). A request body larger than REQUEST_BOUND, or nested deeper than MAX_JSON_DEPTH, is forwarded unjudged: no
parser sees what the mock itself would refuse unread, and the proxy never answers a 5xx of its own to a client's input;
strict refuses it with 400 instead (it forwards only what it can judge). A client that disconnects before its body is
whole is not forwarded further: the body's stream raises, so aiohttp closes that upstream connection rather than pool
a connection whose upstream would read the next request as the rest of this one.

The recording always holds what upstream did (status None and `error` set when it did not answer); what the proxy
answered instead, when it differs, is a note of the exchange ("answered by the proxy: 502 ...").
"""

from __future__ import annotations

import asyncio
import enum
import itertools
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import IO, Any, Protocol

import aiohttp
from multidict import CIMultiDict
from yarl import URL

from contract_tests.masking import Masker
from contract_tests.requirements import Level
from contract_tests.traffic.exchange import Exchange, Headers, Keys, Recorder
from emabler_spec import SPEC
from mock_server import MAX_JSON_DEPTH, json_depth_exceeds

ANNOTATION = "x-emabler-contract"  # the one header annotate and strict add
DEFAULT_BOUND = 8 * 1024 * 1024  # bytes of an answer held for validation; a larger one is forwarded unvalidated
# The largest request this API has is 20 int64 ids, about 450 bytes: a request body beyond this streams on unjudged.
REQUEST_BOUND = 64 * 1024
TOO_LARGE = "not validated: too large"
REQUEST_TOO_LARGE = "request not validated: too large"
# As the mock refuses it: no body of this API nests deeper, and no parser should be handed a body that does.
TOO_DEEP = f"request not validated: JSON nested deeper than {MAX_JSON_DEPTH} levels"
UNJUDGED = (REQUEST_TOO_LARGE, TOO_DEEP)  # a request with one of these notes is forwarded, never judged
LOG_LINE = 2000  # characters of a log line, after masking (a finding's curl line repeats what a client sent)
# RFC 9110 §7.6.1: meaningful for one connection only. `host` is the upstream's (the client sets it from the URL) and
# `expect` is answered by the proxy's own server, which reads the whole request before forwarding it.
HOP_BY_HOP = frozenset(
    {"connection", "proxy-connection", "keep-alive", "te", "transfer-encoding", "upgrade", "trailer", "host", "expect"}
)


class Mode(enum.Enum):
    """What the proxy does with its findings (see the module's docstring)."""

    OBSERVE = "observe"
    ANNOTATE = "annotate"
    STRICT = "strict"


class Finding(Protocol):
    """What the proxy reads of a judge's finding (contract_tests.traffic.judge.Finding)."""

    @property
    def requirement(self) -> str: ...
    @property
    def level(self) -> Level: ...
    @property
    def side(self) -> str: ...
    def line(self) -> str: ...


class Judging(Protocol):
    """What the proxy asks of its judge (contract_tests.traffic.judge.Judge)."""

    def request_findings(
        self, method: str, path: str, query: str, headers: Headers, body: bytes, exchange: str
    ) -> Sequence[Finding]: ...
    def judge(self, exchange: Exchange) -> Sequence[Finding]: ...


@dataclass(frozen=True)
class Failure:
    """Why upstream gave no answer: the status the proxy answers, the Error code and the recorded reason."""

    status: int
    code: str
    reason: str


REFUSED = Failure(502, "UPSTREAM_REFUSED", "upstream refused the connection")
RESET = Failure(502, "UPSTREAM_RESET", "upstream closed the connection without an answer")
SILENT = Failure(504, "UPSTREAM_TIMEOUT", "upstream did not answer in time")
UNTRUSTED = Failure(502, "UPSTREAM_TLS", "upstream's TLS certificate is not trusted (see --ca-bundle)")
BROKEN = Failure(502, "UPSTREAM_ERROR", "upstream's answer could not be read")


UPSTREAM_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError)  # what the upstream's client raises for its troubles


def failure_of(error: BaseException) -> Failure:
    """Which failure an error of the upstream's client is."""
    if isinstance(error, asyncio.TimeoutError):  # aiohttp's timeouts are TimeoutErrors, its connect timeout too
        return SILENT
    if isinstance(error, aiohttp.ClientSSLError):
        return UNTRUSTED
    if isinstance(error, aiohttp.ClientConnectorError):
        return REFUSED
    if isinstance(error, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError | aiohttp.ClientPayloadError):
        return RESET
    return BROKEN


def error_answer(status: int, code: str, message: str) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """The headers and body of an answer of the proxy's own: the spec's `Error` shape."""
    body = json.dumps({"errorCode": code, "message": message, "errorNumber": status}).encode()
    return [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())], body


class Log:
    """The proxy's stderr: one line per finding or failure, masked with the keys known so far."""

    def __init__(self, keys: Keys, stream: IO[str] | None = None) -> None:
        self.keys = keys
        self.stream = stream or sys.stderr

    def line(self, text: str) -> None:
        masked = self.keys.masker(text)  # masked before it is cut, so that no key is left half visible
        if len(masked) > LOG_LINE:
            masked = masked[:LOG_LINE] + f"... ({len(masked) - LOG_LINE} more characters)"
        self.stream.write(masked + "\n")
        self.stream.flush()


class Proxy:
    """The ASGI app. `stop` is called once, when `max_exchanges` exchanges have finished."""

    def __init__(
        self,
        *,
        upstream: str,
        session: Callable[[], aiohttp.ClientSession],
        via: str | None = None,
        judge: Judging,
        mode: Mode = Mode.OBSERVE,
        strict: bool = False,
        keys: Keys | None = None,
        recorder: Recorder | None = None,
        bound: int = DEFAULT_BOUND,
        log: Log | None = None,
        max_exchanges: int | None = None,
        stop: Callable[[], None] = lambda: None,
    ) -> None:
        self.upstream = upstream.rstrip("/")  # scheme, host and base path: `/api/<rest>` goes to `<upstream>/<rest>`
        self.prefix = SPEC.api_prefix.encode()
        self.new_session = session
        self.via = via  # the HTTP proxy to reach upstream through
        self._session: aiohttp.ClientSession | None = None
        self.judge = judge
        self.mode = mode
        self.strict = strict  # assumed requirements fail too (a strict mode answer's 502, and the verdict)
        self.keys = keys or Keys()
        self.recorder = recorder
        self.bound = bound
        self.log = log or Log(self.keys)
        self.max_exchanges = max_exchanges
        self.record_errors = 0
        self.stop = stop
        self.finished = 0  # exchanges judged or recorded
        self.too_large = 0  # of them, requests or answers forwarded without validation: too large
        self.judge_errors = 0
        self._ids = itertools.count(1)
        self._run = os.urandom(3).hex()  # exchange ids stay unique when runs append to one recording

    # ---- ASGI -------------------------------------------------------------------------------------------------
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            if self._session is not None:
                await self._session.close()
            await send({"type": "lifespan.shutdown.complete"})

    @property
    def session(self) -> aiohttp.ClientSession:
        """The upstream's client, made in the server's event loop on the first request."""
        if self._session is None:
            self._session = self.new_session()
        return self._session

    async def _http(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        arrived = time.perf_counter()
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        prefix = self.prefix
        if not (raw_path == prefix or raw_path.startswith(prefix + b"/")):
            headers, body = error_answer(404, "NOT_PROXIED", f"The proxy forwards {SPEC.api_prefix}/... only.")
            await _answer(send, 404, headers, body)
            return
        method: str = scope["method"]
        query_bytes: bytes = scope["query_string"]
        request_headers: list[tuple[bytes, bytes]] = scope["headers"]
        declared = _declared_length(request_headers)
        try:
            # A body declared larger than the bound is not waited for: it goes upstream as it comes, unjudged.
            body, complete = (b"", False) if declared > REQUEST_BOUND else await _read(receive, REQUEST_BOUND)
        except ClientGone:
            return  # nothing to answer, and nothing half-sent upstream
        if not complete:
            self.too_large += 1
        exchange_id = f"{self._run}-{next(self._ids)}"
        path, query = raw_path.decode("latin-1"), query_bytes.decode("latin-1")
        text_headers = tuple((name.decode("latin-1"), value.decode("latin-1")) for name, value in request_headers)
        credential = self.keys.learn(text_headers, query)
        started = datetime.now(UTC).isoformat()
        record = Exchange(
            id=exchange_id,
            started=started,
            method=method,
            path=path,
            query=query,
            request_headers=text_headers,
            request_body=body if complete else b"",
            credential=credential,
            notes=(TOO_DEEP,) if complete and _too_deep(body) else () if complete else (REQUEST_TOO_LARGE,),
        )
        if self.mode is Mode.STRICT and (refused := await self._refused(record, send)):
            self._finish(refused)
            return
        forwarded = _end_to_end_request(text_headers)
        target = self.upstream + path[len(SPEC.api_prefix) :]
        url = URL(f"{target}?{query}" if query else target, encoded=True)  # as the client encoded it
        content: bytes | AsyncIterator[bytes] | None = (body or None) if complete else _rest(body, receive)
        try:
            response = await self.session.request(
                method, url, headers=CIMultiDict(forwarded), data=content, allow_redirects=False, proxy=self.via
            )
        except ClientGone:
            return  # the client left mid-body: aiohttp closed that upstream connection, never to be reused
        except UPSTREAM_ERRORS as error:
            await self._unanswered(record, failure_of(error), send, arrived)
            return
        try:
            if self.mode is Mode.OBSERVE:
                await self._stream(record, response, send, arrived)
            else:
                await self._held(record, response, send, arrived)
        finally:
            response.release()

    # ---- the modes --------------------------------------------------------------------------------------------
    async def _refused(self, record: Exchange, send: Any) -> Exchange | None:
        """Strict: a request that breaks the contract by itself is answered 400 here; the exchange, or None."""
        headers = record.request_headers
        if record.notes:  # a body too large or too deep to judge: strict refuses what it cannot vouch for
            what = "; ".join(record.notes)
            message = f"The proxy refused this request: strict mode forwards only what it can judge ({what})."
            answer_headers, body = error_answer(400, "CONTRACT_REQUEST", f"{message} Exchange {record.id}.")
            await _answer(send, 400, answer_headers, body)
            self.log.line(f"exchange {record.id}: refused with 400 (strict: {what})")
            return _with_note(record, f"answered by the proxy: 400 (strict: {what})")
        try:
            findings = self.judge.request_findings(
                record.method, record.path, record.query, headers, record.request_body, record.id
            )
        except Exception as error:  # a judge's bug must not become the proxy's 5xx: logged, counted, refused
            self._judge_failed(record, error)
            text = f"The proxy could not judge exchange {record.id}; strict mode forwards only what it can judge."
            answer_headers, body = error_answer(400, "CONTRACT_REQUEST", text)
            await _answer(send, 400, answer_headers, body)
            return _with_note(record, "answered by the proxy: 400 (strict: the request could not be judged)")
        if not findings:
            return None
        self._log(findings)
        ids = _ids(findings)
        message = f"The proxy refused this request: it breaks the contract ({', '.join(ids)}). Exchange {record.id}."
        answer_headers, body = error_answer(400, "CONTRACT_REQUEST", message)
        answer_headers.append((ANNOTATION.encode(), f"{record.id}; {', '.join(ids)}".encode()))
        await _answer(send, 400, answer_headers, body)
        self.log.line(f"exchange {record.id}: refused with 400 before upstream (strict: {', '.join(ids)})")
        return _with_note(record, f"answered by the proxy: 400 (strict: the request breaks {', '.join(ids)})")

    async def _unanswered(self, record: Exchange, failure: Failure, send: Any, arrived: float) -> None:
        message = f"{failure.reason} (exchange {record.id})."
        headers, body = error_answer(failure.status, failure.code, message)
        if self.mode is not Mode.OBSERVE:
            headers.append((ANNOTATION.encode(), f"{record.id}; C-NO-SERVER-ERROR".encode()))
        await _answer(send, failure.status, headers, body)
        self.log.line(f"exchange {record.id}: {failure.reason}: {record.method} {record.path} -> {failure.status}")
        note = f"answered by the proxy: {failure.status} {failure.code}"
        done = _with_note(record, note, error=failure.reason, elapsed_ms=_ms(arrived))
        self._finish(done, self._judged(done))

    async def _stream(self, record: Exchange, response: aiohttp.ClientResponse, send: Any, arrived: float) -> None:
        """Observe: every chunk to the client as it comes, a copy kept up to the bound, judged after the last."""
        headers = _end_to_end(response.raw_headers)
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        kept: list[bytes] | None = []
        size = 0
        try:
            async for chunk in response.content.iter_any():
                size += len(chunk)
                if kept is not None:
                    kept.append(chunk)
                    if size > self.bound:
                        kept = None
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        except UPSTREAM_ERRORS as error:
            self._cut(record, response, failure_of(error), size, arrived)
            return  # the status has gone: returning before the last body message makes uvicorn cut the client's
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        done = self._answered(record, response, kept, size, arrived)
        self._finish(done, self._judged(done))

    async def _held(self, record: Exchange, response: aiohttp.ClientResponse, send: Any, arrived: float) -> None:
        """Annotate and strict: the answer held up to the bound and judged before its headers go."""
        kept: list[bytes] = []
        size = 0
        chunks = response.content.iter_any()
        try:
            async for chunk in chunks:
                kept.append(chunk)
                size += len(chunk)
                if size > self.bound:
                    break
        except UPSTREAM_ERRORS as error:
            await self._unanswered(record, failure_of(error), send, arrived)
            return
        headers = _end_to_end(response.raw_headers)
        if size > self.bound:  # too large to judge: forwarded unchanged, streamed from here on
            headers.append((ANNOTATION.encode(), f"{record.id}; {TOO_LARGE}".encode()))
            await send({"type": "http.response.start", "status": response.status, "headers": headers})
            for chunk in kept:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            try:
                async for chunk in chunks:
                    size += len(chunk)
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            except UPSTREAM_ERRORS as error:
                self._cut(record, response, failure_of(error), size, arrived)
                return
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            done = self._answered(record, response, None, size, arrived)
            self._finish(done, self._judged(done))
            return
        done = self._answered(record, response, kept, size, arrived)
        findings = self._judged(done)
        body = done.response_body or b""
        failing = [f for f in findings or () if f.side == "response" and f.level.fails_run(self.strict)]
        if self.mode is Mode.STRICT and failing:
            ids = _ids(failing)
            message = (
                f"Upstream answered {response.status}, which breaks the contract ({', '.join(ids)}); "
                f"the proxy (strict) does not pass it on. Exchange {done.id}; its findings are in the proxy's log."
            )
            headers, body = error_answer(502, "CONTRACT_RESPONSE", message)
            headers.append((ANNOTATION.encode(), f"{done.id}; {', '.join(ids)}".encode()))
            await _answer(send, 502, headers, body)
            self._finish(_with_note(done, f"answered by the proxy: 502 (strict: the answer breaks {', '.join(ids)})"))
            return
        shown = ", ".join(_ids(findings)) if findings else ("not validated" if findings is None else "ok")
        headers.append((ANNOTATION.encode(), f"{done.id}; {shown}".encode()))
        await _answer(send, response.status, headers, body)
        self._finish(done)

    def _cut(
        self, record: Exchange, response: aiohttp.ClientResponse, failure: Failure, size: int, arrived: float
    ) -> None:
        """Upstream failed after its status went to the client: the client's connection is cut as upstream cut the
        proxy's. For the contract it is no answer (status None); the note says how far it came."""
        reason = f"{failure.reason} during the body of a {response.status}"
        self.log.line(f"exchange {record.id}: {reason}: the client's connection is cut")
        note = f"the client received the status {response.status}, the headers and {size} bytes, then a cut"
        done = _with_note(record, note, error=reason, elapsed_ms=_ms(arrived))
        self._finish(done, self._judged(done))

    # ---- judging and recording --------------------------------------------------------------------------------
    def _answered(
        self,
        record: Exchange,
        response: aiohttp.ClientResponse,
        kept: list[bytes] | None,
        size: int,
        arrived: float,
    ) -> Exchange:
        too_large = kept is None
        if too_large:
            self.too_large += 1
        return replace(  # the request as recorded, and what came back
            record,
            status=response.status,
            response_headers=tuple(
                (name.decode("latin-1"), value.decode("latin-1")) for name, value in response.raw_headers
            ),
            response_body=None if kept is None else b"".join(kept),
            response_size=size,
            elapsed_ms=_ms(arrived),
            notes=(*record.notes, TOO_LARGE) if too_large else record.notes,
        )

    def _judged(self, exchange: Exchange) -> Sequence[Finding] | None:
        """The exchange's findings, logged at once; None when it was not judged. An answer too large is judged on
        its status and headers (the note tells the judge its body was not kept); a request too large is not judged
        (what it asked is unknown)."""
        if any(note in UNJUDGED for note in exchange.notes):
            return None
        try:
            findings = self.judge.judge(exchange)
        except Exception as error:  # a judge's bug must not become the proxy's 5xx: logged, counted
            self._judge_failed(exchange, error)
            return None
        if findings:
            self._log(findings)
        return findings

    def _judge_failed(self, exchange: Exchange, error: Exception) -> None:
        self.judge_errors += 1
        self.log.line(f"exchange {exchange.id}: not validated: the judge failed ({type(error).__name__})")

    def _log(self, findings: Sequence[Finding]) -> None:
        for finding in findings:
            self.log.line(finding.line())

    def _finish(self, exchange: Exchange, findings: Sequence[Finding] | None = None) -> None:
        del findings  # judged and logged already
        if self.recorder is not None:
            try:
                self.recorder.write(exchange, self.keys.masker)
            except OSError as error:  # a full disk loses this line, said once per exchange; the proxy goes on
                self.record_errors += 1
                self.log.line(f"exchange {exchange.id}: not recorded: {error.strerror or error}")
        self.finished += 1
        if self.max_exchanges is not None and self.finished == self.max_exchanges:
            self.stop()

    @property
    def masker(self) -> Masker:
        return self.keys.masker


def _ids(findings: Sequence[Finding]) -> list[str]:
    """The findings' requirement ids, each once, in the order found."""
    return list(dict.fromkeys(finding.requirement for finding in findings))


def _with_note(record: Exchange, note: str, *, error: str | None = None, elapsed_ms: float | None = None) -> Exchange:
    changes: dict[str, Any] = {"notes": (*record.notes, note)}
    if error is not None:
        changes["error"] = error
    if elapsed_ms is not None:
        changes["elapsed_ms"] = elapsed_ms
    return replace(record, **changes)


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def _named(values: Iterable[str]) -> frozenset[str]:
    """The header names `Connection` values list (hop-by-hop too)."""
    return frozenset(option.strip().lower() for value in values for option in value.split(","))


def _end_to_end_request(headers: Headers) -> list[tuple[str, str]]:
    """A request's headers, in order, without the hop-by-hop ones."""
    named = _named(value for name, value in headers if name.lower() == "connection")
    return [(name, value) for name, value in headers if (low := name.lower()) not in HOP_BY_HOP and low not in named]


def _end_to_end(raw: Sequence[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """An answer's headers, in order, without the hop-by-hop ones."""
    named = _named(value.decode("latin-1") for name, value in raw if name.lower() == b"connection")
    return [
        (name, value)
        for name, value in raw
        if (low := name.decode("latin-1").lower()) not in HOP_BY_HOP and low not in named
    ]


def _too_deep(body: bytes) -> bool:
    """A body that nests arrays and objects deeper than the mock accepts, read as JSON (the mock's own reading).
    Counting the brackets first (in C) leaves every body of this API to one cheap look."""
    return body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and json_depth_exceeds(body, MAX_JSON_DEPTH)


class ClientGone(Exception):
    """The client disconnected before its request body was whole."""


def _declared_length(headers: list[tuple[bytes, bytes]]) -> int:
    for name, value in headers:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0  # the server rejected a malformed length before the app saw the request
    return 0


async def _read(receive: Any, bound: int) -> tuple[bytes, bool]:
    """The request body up to `bound` bytes, and whether that is all of it (else the rest is still to receive)."""
    message = await receive()
    if message["type"] == "http.disconnect":
        raise ClientGone
    body: bytes = message.get("body", b"")
    if not message.get("more_body", False):
        return body, True
    chunks = [body]
    size = len(body)
    while size <= bound:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True
    return b"".join(chunks), False


async def _rest(first: bytes, receive: Any) -> AsyncIterator[bytes]:
    """A request body too large to judge: what was read, then the rest as it comes."""
    yield first
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            # Raised, not returned: a body ended short of its declared length would leave upstream reading the next
            # request on that connection as its rest. aiohttp closes a connection whose body failed.
            raise ClientGone
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


async def _answer(send: Any, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
