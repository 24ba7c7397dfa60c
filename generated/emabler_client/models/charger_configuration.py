from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChargerConfiguration")


_KNOWN_KEYS: frozenset[str] = frozenset(
    (
        "configName",
        "configValue",
        "canBeChanged",
    )
)


@_attrs_define
class ChargerConfiguration:
    """One configuration key of a charger.

    Attributes:
        config_name (str | Unset):
        config_value (str | Unset):
        can_be_changed (bool | Unset):
    """

    config_name: str | Unset = UNSET
    config_value: str | Unset = UNSET
    can_be_changed: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        config_name = self.config_name

        config_value = self.config_value

        can_be_changed = self.can_be_changed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if config_name is not UNSET:
            field_dict["configName"] = config_name
        if config_value is not UNSET:
            field_dict["configValue"] = config_value
        if can_be_changed is not UNSET:
            field_dict["canBeChanged"] = can_be_changed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        config_name = d.get("configName", UNSET)

        config_value = d.get("configValue", UNSET)

        can_be_changed = d.get("canBeChanged", UNSET)

        charger_configuration = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        charger_configuration.config_name = config_name
        charger_configuration.config_value = config_value
        charger_configuration.can_be_changed = can_be_changed
        charger_configuration.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return charger_configuration

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
