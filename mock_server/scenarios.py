"""The scenarios: trouble that gateways and busy servers cause, for the SDK's tests over HTTP.

Every answer of a scenario carries an `x-request-id`, as gateways send one. Scenarios that
answer "the first times each distinct request is seen" count requests (`Behaviour.counts`) and
read `Exchange.seen`, which each app counts for itself: two apps of one process share no count.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import uuid
from collections.abc import Callable
from dataclasses import replace

from emabler_spec import SPEC
from mock_server._asgi import Answer
from mock_server._behaviour import Before, Behaviour, Exchange, Kind
from mock_server._errors import INTERNAL, error_body
from mock_server.data import Dataset

LIMIT = SPEC.max_ids  # for the summaries: a request's decisions read the app's spec, `exchange.spec`
REQUEST_ID = "x-request-id"
RETRY_TIMES = 2  # how many times each distinct request is refused before it is served
SLOW_SECONDS = 2.0
UNKNOWN_ERROR = b"Web server is returning an unknown error"
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n"
    b"<body><h1>Sign in to continue</h1><form method='post'><input name='user'></form></body></html>\n"
)


def _stamped(answer: Answer) -> Answer:
    answer.headers.setdefault(REQUEST_ID, uuid.uuid4().hex)
    return answer


def _short_batch_or_home_site(exchange: Exchange) -> bool:
    """Operation 1, or operation 2 for fewer ids than the limit: the last batch of a long list."""
    ids = exchange.site_ids
    return exchange.operation == exchange.spec.home_site or (ids is not None and len(ids) < exchange.spec.max_ids)


def _first_times(name: str, summary: str, times: int, answer: Callable[[], Answer]) -> Behaviour:
    """A scenario answering `answer()` the first `times` times the app is sent each distinct request."""

    def before(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
        return _stamped(answer()) if exchange.seen <= times else exchange

    return replace(_scenario(name, summary, before), counts=True)


def _unavailable() -> Answer:
    return Answer(503, {"content-type": "text/plain; charset=utf-8", "retry-after": "1"}, b"Service Unavailable")


def _rate_limited() -> Answer:
    # An HTTP date has whole seconds: two ahead make a wait of one to two seconds.
    when = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2), usegmt=True)
    return Answer.of_json(429, error_body(429, "TOO_MANY_REQUESTS", "Slow down."), {"retry-after": when})


def _reset() -> Answer:
    body = b'[{"groupId":1,"users":[' + b" " * 200 + b"]}]"
    return Answer(200, {"content-type": "application/json"}, body, cut_at=24)


def _html_page(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    if _short_batch_or_home_site(exchange):
        return _stamped(Answer(200, {"content-type": "text/html; charset=utf-8"}, HTML_PAGE))
    return exchange


async def _slowly(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    if _short_batch_or_home_site(exchange):
        await asyncio.sleep(SLOW_SECONDS)
    return exchange


def _unusual_status(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    if exchange.operation is None:
        return exchange
    status = 520 if exchange.operation == exchange.spec.home_site else 299
    return _stamped(Answer(status, {"content-type": "text/plain; charset=utf-8"}, UNKNOWN_ERROR))


def _echo_headers(exchange: Exchange, dataset: Dataset) -> Exchange | Answer:
    echoed = dict(exchange.headers)
    body = {**error_body(500, INTERNAL, f"Failed while handling {json.dumps(echoed)}"), "requestHeaders": echoed}
    return _stamped(Answer.of_json(500, body))


def _scenario(name: str, summary: str, before: Before) -> Behaviour:
    return Behaviour(name, Kind.SCENARIO, summary, before=before, after=lambda _, answer, __: _stamped(answer))


SCENARIOS: tuple[Behaviour, ...] = (
    _first_times(
        "unavailable-twice",
        f"Answers 503 with Retry-After: 1 the first {RETRY_TIMES} times it sees each distinct request.",
        RETRY_TIMES,
        _unavailable,
    ),
    _first_times(
        "rate-limited-twice",
        f"Answers 429 with Retry-After as an HTTP date the first {RETRY_TIMES} times it sees each distinct request.",
        RETRY_TIMES,
        _rate_limited,
    ),
    _first_times(
        "reset-once",
        "Drops the connection in the middle of a 200 the first time it sees each distinct request.",
        1,
        _reset,
    ),
    _scenario(
        "slow",
        f"Answers operation 1, and operation 2 for fewer than {LIMIT} site ids, after {SLOW_SECONDS:g} seconds.",
        _slowly,
    ),
    _scenario(
        "html-page",
        f"Answers 200 with an HTML sign-in page to operation 1, and to operation 2 for fewer than {LIMIT} site ids.",
        _html_page,
    ),
    _scenario(
        "unusual-status",
        "Answers 520, a CDN's unknown error, to operation 1 and 299 to operation 2.",
        _unusual_status,
    ),
    _scenario(
        "echo-headers",
        "Answers 500 with the request's headers, the key included, in its body, as echo services do.",
        _echo_headers,
    ),
)
