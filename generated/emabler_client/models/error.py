from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Error")


_KNOWN_KEYS: frozenset[str] = frozenset(
    (
        "errorCode",
        "message",
        "errorNumber",
        "helpLink",
    )
)


@_attrs_define
class Error:
    """The error body of 400, 401 and 404 (the vendor's v2 error shape).

    Attributes:
        error_code (str): A stable, machine-readable code.
        message (str): What went wrong, for a person.
        error_number (int | Unset): A numeric code.
        help_link (str | Unset): Where to read more.
    """

    error_code: str
    message: str
    error_number: int | Unset = UNSET
    help_link: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error_code = self.error_code

        message = self.message

        error_number = self.error_number

        help_link = self.help_link

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errorCode": error_code,
                "message": message,
            }
        )
        if error_number is not UNSET:
            field_dict["errorNumber"] = error_number
        if help_link is not UNSET:
            field_dict["helpLink"] = help_link

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        error_code = d["errorCode"]

        message = d["message"]

        error_number = d.get("errorNumber", UNSET)

        help_link = d.get("helpLink", UNSET)

        error = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        error.error_code = error_code
        error.message = message
        error.error_number = error_number
        error.help_link = help_link
        error.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return error

    _from_json = from_dict  # nothing here to build in place

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
