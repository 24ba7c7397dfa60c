"""What each request of a `connect()`ed client goes through: per-call options, retries, a log line per attempt.

Three httpx transports, outermost first, each serving sync and async clients alike:

1. `_CallOptions` applies the `call_options(...)` block the call runs in, if any;
2. httpx-retries' `RetryTransport` retries connection errors, timeouts and the statuses of
   `RETRY_STATUSES` with exponential backoff and full jitter, honouring `Retry-After`
   (seconds or an HTTP date) up to `Retries.max_wait`;
3. `_Attempts` reads each answer whole, so that a connection dropped in the middle of a
   body is retried like one dropped before it, and logs each attempt to `emabler_extras.http`.
"""

from __future__ import annotations

import contextvars
import enum
import logging
import ssl
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
from httpx_retries import Retry, RetryTransport

from emabler_client.types import request_id_of

logger = logging.getLogger("emabler_extras.http")

# Both operations of the API are reads, so a POST is as safe to repeat as a GET.
RETRY_METHODS = frozenset({"GET", "POST"})
RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
_ATTEMPT = "emabler_extras.attempt"


@dataclass(frozen=True)
class Retries:
    """How a client retries: up to `retries` more attempts after the first (0: none).

    The wait before retry n is a random time up to `backoff * 2**n` seconds, or the
    server's `Retry-After`; no single wait exceeds `max_wait`, and a call's waits stop
    adding up at `max_total_wait`.
    """

    retries: int = 2
    backoff: float = 0.5
    max_wait: float = 30.0
    max_total_wait: float = 60.0

    def policy(self) -> Retry:
        """The httpx-retries policy of these settings."""
        return Retry(
            total=self.retries,
            allowed_methods=RETRY_METHODS,
            status_forcelist=RETRY_STATUSES,
            backoff_factor=self.backoff,
            backoff_jitter=1.0,
            respect_retry_after_header=True,
            max_backoff_wait=self.max_wait,
            total_timeout=self.max_total_wait,
        )


class _Keep(enum.Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP
"""Leave a setting as the client has it (the default of `call_options`)."""

TimeoutSetting = httpx.Timeout | float | None
RetriesSetting = Retries | int | None


def as_timeout(value: TimeoutSetting) -> httpx.Timeout:
    """A timeout setting as httpx takes it: seconds for every phase, None for no timeout."""
    return value if isinstance(value, httpx.Timeout) else httpx.Timeout(value)


def as_retries(value: RetriesSetting) -> Retries:
    """A retries setting as `Retries`: a number of retries, None or 0 for none."""
    return value if isinstance(value, Retries) else Retries(retries=value or 0)


@dataclass(frozen=True)
class _Options:
    timeout: httpx.Timeout | _Keep = KEEP
    retries: Retries | _Keep = KEEP


_current: contextvars.ContextVar[_Options | None] = contextvars.ContextVar("emabler_extras_call_options", default=None)


@contextmanager
def call_options(*, timeout: TimeoutSetting | _Keep = KEEP, retries: RetriesSetting | _Keep = KEEP) -> Iterator[None]:
    """Calls made within the block, in this thread or task, use this timeout or these retries.

    For clients made by `connect()`. `timeout` as there (seconds, an `httpx.Timeout`, or None
    for none); `retries` a number of retries or a `Retries`. What is not given stays as set.
    """
    outer = _current.get() or _Options()
    token = _current.set(
        _Options(
            outer.timeout if isinstance(timeout, _Keep) else as_timeout(timeout),
            outer.retries if isinstance(retries, _Keep) else as_retries(retries),
        )
    )
    try:
        yield
    finally:
        _current.reset(token)


def _apply_call_options(request: httpx.Request) -> None:
    options = _current.get()
    if options is None:
        return
    if not isinstance(options.timeout, _Keep):
        request.extensions["timeout"] = options.timeout.as_dict()
    if not isinstance(options.retries, _Keep):
        request.extensions["retry"] = options.retries.policy()


class _CallOptions(httpx.BaseTransport, httpx.AsyncBaseTransport):
    def __init__(self, inner: RetryTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        _apply_call_options(request)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        _apply_call_options(request)
        return await self.inner.handle_async_request(request)

    def close(self) -> None:
        self.inner.close()

    async def aclose(self) -> None:
        await self.inner.aclose()


class _Attempts(httpx.BaseTransport, httpx.AsyncBaseTransport):
    def __init__(self, sync: httpx.BaseTransport | None, async_: httpx.AsyncBaseTransport | None) -> None:
        self.sync = sync
        self.async_ = async_

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.sync is None:
            raise RuntimeError("this transport serves async clients only")
        attempt, started = _begin(request)
        try:
            response = self.sync.handle_request(request)
            if _already_read(response):
                return _read(response, request, attempt, started)
            body = b"".join(response.iter_raw())  # raw: httpx decodes any content-encoding later, once
        except httpx.HTTPError as error:
            _log(request, attempt, started, error)
            raise
        return _whole(response, body, request, attempt, started)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.async_ is None:
            raise RuntimeError("this transport serves sync clients only")
        attempt, started = _begin(request)
        try:
            response = await self.async_.handle_async_request(request)
            if _already_read(response):
                return _read(response, request, attempt, started)
            body = b"".join([chunk async for chunk in response.aiter_raw()])
        except httpx.HTTPError as error:
            _log(request, attempt, started, error)
            raise
        return _whole(response, body, request, attempt, started)

    def close(self) -> None:
        if self.sync is not None:
            self.sync.close()

    async def aclose(self) -> None:
        if self.async_ is not None:
            await self.async_.aclose()


def _already_read(response: httpx.Response) -> bool:
    """True for an answer made whole in memory (httpx.MockTransport's): its stream is read already."""
    return response.is_stream_consumed


def _read(response: httpx.Response, request: httpx.Request, attempt: int, started: float) -> httpx.Response:
    _log(request, attempt, started, response)
    return response


def _begin(request: httpx.Request) -> tuple[int, float]:
    # The retry transport sends the same Request object again, so the count lives on it.
    attempt = int(request.extensions.get(_ATTEMPT, 0)) + 1
    request.extensions[_ATTEMPT] = attempt
    return attempt, time.perf_counter()


def _whole(
    response: httpx.Response, body: bytes, request: httpx.Request, attempt: int, started: float
) -> httpx.Response:
    _log(request, attempt, started, response)
    return httpx.Response(
        response.status_code, headers=response.headers, stream=httpx.ByteStream(body), extensions=response.extensions
    )


def _log(request: httpx.Request, attempt: int, started: float, outcome: httpx.Response | Exception) -> None:
    # Method, path, status and timing only: no header, query or body reaches the log, so no key does.
    if not logger.isEnabledFor(logging.DEBUG):
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    if isinstance(outcome, httpx.Response):
        result, request_id = str(outcome.status_code), request_id_of(outcome.headers)
    else:
        result, request_id = type(outcome).__name__, None
    logger.debug(
        "%s %s -> %s (attempt %d, %.0f ms%s)",
        request.method,
        request.url.path,
        result,
        attempt,
        elapsed_ms,
        f", request id {request_id}" if request_id else "",
    )


def environment_proxy(url: str) -> str | None:
    """The proxy the environment names for `url` (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`).

    httpx reads these itself only for a client without a transport of its own, and `connect()`
    gives its client one (the retries), so `connect()` reads them here, with the standard library.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.hostname and urllib.request.proxy_bypass(parts.hostname):
        return None
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if proxy and "://" not in proxy:  # `proxy.corp:3128`, which httpx reads as http://
        proxy = f"http://{proxy}"
    return proxy or None


def build_transport(
    retries: Retries,
    verify: ssl.SSLContext | str | bool = True,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
    proxy: httpx.Proxy | str | None = None,
) -> httpx.BaseTransport:
    """The transport `connect()` gives its client: `transport` (default: httpx's own, through `proxy`
    if given) with retries and logging."""
    if transport is None:
        sync: httpx.BaseTransport | None = httpx.HTTPTransport(verify=verify, proxy=proxy)
        async_: httpx.AsyncBaseTransport | None = httpx.AsyncHTTPTransport(verify=verify, proxy=proxy)
    else:
        sync = transport if isinstance(transport, httpx.BaseTransport) else None
        async_ = transport if isinstance(transport, httpx.AsyncBaseTransport) else None
    return _CallOptions(RetryTransport(_Attempts(sync, async_), retry=retries.policy()))
