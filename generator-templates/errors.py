"""The errors the client raises: `ApiError` is the base of all of them.

`ApiStatusError` and its subclasses are answers a call cannot return as its result: a
status the operation does not document (`UnexpectedStatus`; `RateLimitError` for 429,
`ServerError` for 5xx), a documented error status when the client was made with
`raise_on_error_status=True` (`BadRequestError`, `AuthenticationError`, `NotFoundError`),
and a body that cannot be decoded (`UndecodableBody`). Each keeps `status_code`,
`headers`, `content` (the raw body), `request_id` and `error` (the parsed error model,
when the body is one). Their text and repr never show the client's key, even when the
server echoes it back (`mask`). Transport failures raise httpx's exceptions.
"""

# Edited in generator-templates/errors.py, plain Python that ruff lints; errors.py.jinja includes it whole.

from __future__ import annotations

import datetime
import email.utils
import re
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any, Self

import httpx

from .types import request_id_of

_EXCERPT = 300  # characters of a body an error's text shows
MASK = "[redacted]"
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


class ApiError(Exception):
    """The base of every error this SDK raises."""


class ApiStatusError(ApiError):
    """An answer the call cannot return as its result."""

    def __init__(
        self,
        status_code: int,
        content: bytes,
        headers: httpx.Headers | None = None,
        *,
        error: Any = None,
        method: str = "",
        path: str = "",
        message: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.content = content
        self.headers = headers if headers is not None else httpx.Headers()
        self.error = error
        self.method = method
        self.path = path
        super().__init__(message if message is not None else _status_line(status_code, method, path, self.request_id))

    @classmethod
    def from_response(
        cls, response: httpx.Response, client: object = None, *, error: Any = None, reason: str = ""
    ) -> Self:
        """The error of `response`, its text masking `client`'s key and the request's credentials.

        The text is the status line, then the error's code and message, or else `reason` and the body.
        """
        method, path = _route(response)
        secrets = _secrets(client, response)
        detail = _error_text(error) or reason + _excerpt(response.content, secrets)
        text = f"{_status_line(response.status_code, method, path, request_id_of(response.headers))}: {detail}"
        return cls(
            response.status_code,
            response.content,
            response.headers,
            error=error,
            method=method,
            path=path,
            message=mask(text, secrets),
        )

    @property
    def request_id(self) -> str | None:
        """The request id the server sent, if any."""
        return request_id_of(self.headers)

    @property
    def content_type(self) -> str:
        """The body's content type as the server declared it ("" when it declared none)."""
        return str(self.headers.get("content-type", ""))

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from the masked text: the key the text was masked with is not kept.
        return (_rebuild, (type(self), self.args, self.__dict__))


class UnexpectedStatus(ApiStatusError):
    """A status the operation does not document (raised when Client.raise_on_unexpected_status is True)."""


class RateLimitError(UnexpectedStatus):
    """429 Too Many Requests, after the retries the client makes, if any."""

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (Retry-After in seconds or as an HTTP date), if it said."""
        return retry_after_seconds(self.headers.get("retry-after"))


class ServerError(UnexpectedStatus):
    """A 5xx answer, after the retries the client makes, if any."""


class BadRequestError(ApiStatusError):
    """400, the API's answer to a request that breaks the contract (with raise_on_error_status)."""


class AuthenticationError(ApiStatusError):
    """401, a missing or unknown key, or another customer's client id (with raise_on_error_status)."""


class NotFoundError(ApiStatusError):
    """404 where the operation documents it (with raise_on_error_status)."""


class UndecodableBody(ApiStatusError):
    """A body that is not what the operation documents for its status: an HTML page, truncated JSON, another shape."""

    @classmethod
    def of(cls, response: httpx.Response, client: object, cause: Exception) -> UndecodableBody:
        """The error for `response`, whose decoding raised `cause`."""
        content_type = response.headers.get("content-type") or "none"
        reason = f"the body is not what the API documents for this status (content-type {content_type}; "
        return cls.from_response(response, client, reason=f"{reason}{type(cause).__name__}: {cause}); ")


_CLASSES: dict[int, type[ApiStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    404: NotFoundError,
    429: RateLimitError,
}


def status_error(
    response: httpx.Response, client: object, *, documented: bool, error: Any = None, error_model: Any = None
) -> ApiStatusError:
    """The typed error of a failed answer: by status, and UnexpectedStatus (or a subclass) when undocumented.

    `error_model` parses a body of the API's error shape when `error` is not given.
    """
    if error is None and error_model is not None:
        error = _parse_leniently(response, error_model)
    code = response.status_code
    cls = _CLASSES.get(code) or (ServerError if 500 <= code <= 599 else UnexpectedStatus)
    if not documented and not issubclass(cls, UnexpectedStatus):
        cls = UnexpectedStatus
    elif documented and cls is UnexpectedStatus:
        cls = ApiStatusError
    return cls.from_response(response, client, error=error)


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header as seconds from now (0 for a date past), or None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())


def _parse_leniently(response: httpx.Response, error_model: Any) -> Any:
    try:
        body = response.json()
        return error_model.from_dict(body) if isinstance(body, dict) else None
    except (ValueError, TypeError, KeyError, AttributeError):  # not the error shape: the raw body tells
        return None


def _route(response: httpx.Response) -> tuple[str, str]:
    try:
        request = response.request
    except RuntimeError:  # a Response built by hand has none
        return "", ""
    return request.method, request.url.path


def _status_line(status_code: int, method: str, path: str, request_id: str | None) -> str:
    try:
        phrase = f" {HTTPStatus(status_code).phrase}"
    except ValueError:
        phrase = ""
    line = f"HTTP {status_code}{phrase}"
    if method:
        line += f" from {method} {path}"
    if request_id:
        line += f" (request id {request_id})"
    return line


def _error_text(error: Any) -> str:
    code, message = getattr(error, "error_code", None), getattr(error, "message", None)
    return ": ".join(str(part) for part in (code, message) if isinstance(part, str) and part)


def _excerpt(content: bytes, secrets: list[str]) -> str:
    # Masked before it is cut, so that no key is cut in half and half shown.
    text = mask(" ".join(content.decode("utf-8", errors="replace").split()), secrets)
    if not text:
        return "empty body"
    return f"body: {text[:_EXCERPT]}{'...' if len(text) > _EXCERPT else ''}"


def _secrets(client: object, response: httpx.Response) -> list[str]:
    """The client's key and the request's credential headers (and their last word: the token of "Bearer x")."""
    found: list[str] = []
    token = getattr(client, "token", None)
    if isinstance(token, str):
        found.append(token)
    try:
        headers: Iterable[tuple[str, str]] = response.request.headers.items()
    except RuntimeError:
        headers = ()
    names = _CREDENTIAL_HEADERS | {str(getattr(client, "auth_header_name", "")).lower()}
    for name, value in headers:
        if name.lower() in names:
            found += [value, value.split()[-1]] if value.strip() else []
    return found


def mask(text: str, secrets: Iterable[str]) -> str:
    """`text` with each of `secrets` replaced by MASK, in any form a server may echo it in: mask before any cut.

    Each character is matched as sent, JSON-escaped (`\\u002b`, `\\u002B`, `\\/`), percent-encoded in either
    case, or `+` for a space, so a key escaped in part (.NET writes only `+` as `\\u002B`) or whole is masked.
    """
    # The toolkit's rule (contract_tests/masking.py); the client ships alone, so it keeps its own.
    keys = sorted({secret for secret in secrets if secret}, key=len, reverse=True)  # a longer key first
    return re.sub("|".join("".join(map(_echoed, key)) for key in keys), MASK, text) if keys else text


def _echoed(char: str) -> str:
    forms = [re.escape(char), rf"\\u(?i:{ord(char):04x})"]
    if not (char.isascii() and (char.isalnum() or char in "-._~")):  # what percent-encoding leaves as it is
        forms.append("(?i:" + "".join(f"%{byte:02x}" for byte in char.encode()) + ")")
    forms += {"/": [r"\\/"], " ": [r"\+"]}.get(char, [])
    return f"(?:{'|'.join(forms)})"


def _rebuild(cls: type[ApiStatusError], args: tuple[Any, ...], state: dict[str, Any]) -> ApiStatusError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


__all__ = [
    "MASK",
    "ApiError",
    "ApiStatusError",
    "AuthenticationError",
    "BadRequestError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "UndecodableBody",
    "UnexpectedStatus",
    "mask",
    "retry_after_seconds",
    "status_error",
]
