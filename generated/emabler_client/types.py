"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar

from attrs import define, field


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")

# Where servers and gateways put the id of a request, the first found wins.
REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-ms-request-id", "x-correlation-id")


def request_id_of(headers: Mapping[str, str]) -> str | None:
    """The request id among `headers`, if the server sent one"""
    for name in REQUEST_ID_HEADERS:
        if value := headers.get(name):
            return value
    return None


def http_status(code: int) -> HTTPStatus | int:
    """The HTTPStatus member of `code`, or `code` itself for a status HTTPStatus does not list"""
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus | int = field(converter=http_status)
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None

    @property
    def request_id(self) -> str | None:
        """The request id the server sent (see REQUEST_ID_HEADERS), if any"""
        return request_id_of(self.headers)


__all__ = [
    "REQUEST_ID_HEADERS",
    "UNSET",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "Unset",
    "http_status",
    "request_id_of",
]
