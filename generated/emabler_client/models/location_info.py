from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LocationInfo")


_KNOWN_KEYS: frozenset[str] = frozenset(
    (
        "latitude",
        "longitude",
        "streetAddress",
        "streetNumber",
        "houseLetter",
        "postalNumber",
        "city",
        "area",
        "country",
    )
)


@_attrs_define
class LocationInfo:
    """Where a charger stands.

    Attributes:
        latitude (float | Unset):
        longitude (float | Unset):
        street_address (None | str | Unset):
        street_number (str | Unset):
        house_letter (None | str | Unset):
        postal_number (str | Unset):
        city (None | str | Unset):
        area (None | str | Unset):
        country (None | str | Unset):
    """

    latitude: float | Unset = UNSET
    longitude: float | Unset = UNSET
    street_address: None | str | Unset = UNSET
    street_number: str | Unset = UNSET
    house_letter: None | str | Unset = UNSET
    postal_number: str | Unset = UNSET
    city: None | str | Unset = UNSET
    area: None | str | Unset = UNSET
    country: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        latitude = self.latitude

        longitude = self.longitude

        street_address: None | str | Unset
        if isinstance(self.street_address, Unset):
            street_address = UNSET
        else:
            street_address = self.street_address

        street_number = self.street_number

        house_letter: None | str | Unset
        if isinstance(self.house_letter, Unset):
            house_letter = UNSET
        else:
            house_letter = self.house_letter

        postal_number = self.postal_number

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        area: None | str | Unset
        if isinstance(self.area, Unset):
            area = UNSET
        else:
            area = self.area

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude
        if street_address is not UNSET:
            field_dict["streetAddress"] = street_address
        if street_number is not UNSET:
            field_dict["streetNumber"] = street_number
        if house_letter is not UNSET:
            field_dict["houseLetter"] = house_letter
        if postal_number is not UNSET:
            field_dict["postalNumber"] = postal_number
        if city is not UNSET:
            field_dict["city"] = city
        if area is not UNSET:
            field_dict["area"] = area
        if country is not UNSET:
            field_dict["country"] = country

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        latitude = d.get("latitude", UNSET)

        longitude = d.get("longitude", UNSET)

        street_address = d.get("streetAddress", UNSET)

        street_number = d.get("streetNumber", UNSET)

        house_letter = d.get("houseLetter", UNSET)

        postal_number = d.get("postalNumber", UNSET)

        city = d.get("city", UNSET)

        area = d.get("area", UNSET)

        country = d.get("country", UNSET)

        location_info = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        location_info.latitude = latitude
        location_info.longitude = longitude
        location_info.street_address = street_address
        location_info.street_number = street_number
        location_info.house_letter = house_letter
        location_info.postal_number = postal_number
        location_info.city = city
        location_info.area = area
        location_info.country = country
        location_info.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return location_info

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
