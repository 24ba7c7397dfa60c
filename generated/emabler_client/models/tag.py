from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Tag")


_KNOWN_KEYS: frozenset[str] = frozenset(
    (
        "id",
        "idTag",
        "expiringDate",
        "startDate",
        "lastUpdated",
        "tokenName",
        "invoicable",
    )
)


@_attrs_define
class Tag:
    """An RFID card or other charging token of a driver.

    Attributes:
        id (int | Unset):
        id_tag (str | Unset):
        expiring_date (datetime.datetime | Unset):
        start_date (datetime.datetime | None | Unset):
        last_updated (datetime.datetime | None | Unset):
        token_name (str | Unset):
        invoicable (bool | Unset): Meaningful only when the customer uses the invoicing service. Default: False.
    """

    id: int | Unset = UNSET
    id_tag: str | Unset = UNSET
    expiring_date: datetime.datetime | Unset = UNSET
    start_date: datetime.datetime | None | Unset = UNSET
    last_updated: datetime.datetime | None | Unset = UNSET
    token_name: str | Unset = UNSET
    invoicable: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        id_tag = self.id_tag

        expiring_date: str | Unset = UNSET
        if not isinstance(self.expiring_date, Unset):
            expiring_date = self.expiring_date.isoformat()

        start_date: None | str | Unset
        if isinstance(self.start_date, Unset):
            start_date = UNSET
        elif isinstance(self.start_date, datetime.datetime):
            start_date = self.start_date.isoformat()
        else:
            start_date = self.start_date

        last_updated: None | str | Unset
        if isinstance(self.last_updated, Unset):
            last_updated = UNSET
        elif isinstance(self.last_updated, datetime.datetime):
            last_updated = self.last_updated.isoformat()
        else:
            last_updated = self.last_updated

        token_name = self.token_name

        invoicable = self.invoicable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if id_tag is not UNSET:
            field_dict["idTag"] = id_tag
        if expiring_date is not UNSET:
            field_dict["expiringDate"] = expiring_date
        if start_date is not UNSET:
            field_dict["startDate"] = start_date
        if last_updated is not UNSET:
            field_dict["lastUpdated"] = last_updated
        if token_name is not UNSET:
            field_dict["tokenName"] = token_name
        if invoicable is not UNSET:
            field_dict["invoicable"] = invoicable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        id = d.get("id", UNSET)

        id_tag = d.get("idTag", UNSET)

        _expiring_date = d.get("expiringDate", UNSET)
        expiring_date: datetime.datetime | Unset
        if isinstance(_expiring_date, Unset):
            expiring_date = UNSET
        else:
            expiring_date = datetime.datetime.fromisoformat(_expiring_date)

        start_date_data = d.get("startDate", UNSET)
        start_date: datetime.datetime | None | Unset
        if start_date_data is None or isinstance(start_date_data, Unset):
            start_date = start_date_data
        else:
            try:
                if not isinstance(start_date_data, str):
                    raise TypeError()
                start_date_type_0 = datetime.datetime.fromisoformat(start_date_data)

                start_date = start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                start_date = start_date_data

        last_updated_data = d.get("lastUpdated", UNSET)
        last_updated: datetime.datetime | None | Unset
        if last_updated_data is None or isinstance(last_updated_data, Unset):
            last_updated = last_updated_data
        else:
            try:
                if not isinstance(last_updated_data, str):
                    raise TypeError()
                last_updated_type_0 = datetime.datetime.fromisoformat(last_updated_data)

                last_updated = last_updated_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                last_updated = last_updated_data

        token_name = d.get("tokenName", UNSET)

        invoicable = d.get("invoicable", UNSET)

        tag = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        tag.id = id
        tag.id_tag = id_tag
        tag.expiring_date = expiring_date
        tag.start_date = start_date
        tag.last_updated = last_updated
        tag.token_name = token_name
        tag.invoicable = invoicable
        tag.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return tag

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
