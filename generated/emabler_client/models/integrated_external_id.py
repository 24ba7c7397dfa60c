from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reference_type import ReferenceType
from ..types import UNSET, Unset

T = TypeVar("T", bound="IntegratedExternalId")


_KNOWN_KEYS: frozenset[str] = frozenset(
    (
        "referenceType",
        "referenceId",
        "externalId",
        "effectiveFrom",
    )
)


@_attrs_define
class IntegratedExternalId:
    """An id of the driver in an integrated external system.

    Attributes:
        reference_type (ReferenceType | Unset): The kind of an integrated external id. The vendor documents the values 0
            and 1 but not their names.
        reference_id (str | Unset):
        external_id (str | Unset):
        effective_from (datetime.datetime | Unset):
    """

    reference_type: ReferenceType | Unset = UNSET
    reference_id: str | Unset = UNSET
    external_id: str | Unset = UNSET
    effective_from: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reference_type: int | Unset = UNSET
        if not isinstance(self.reference_type, Unset):
            reference_type = self.reference_type.value

        reference_id = self.reference_id

        external_id = self.external_id

        effective_from: str | Unset = UNSET
        if not isinstance(self.effective_from, Unset):
            effective_from = self.effective_from.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reference_type is not UNSET:
            field_dict["referenceType"] = reference_type
        if reference_id is not UNSET:
            field_dict["referenceId"] = reference_id
        if external_id is not UNSET:
            field_dict["externalId"] = external_id
        if effective_from is not UNSET:
            field_dict["effectiveFrom"] = effective_from

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        _reference_type = d.get("referenceType", UNSET)
        reference_type: ReferenceType | Unset
        if isinstance(_reference_type, Unset):
            reference_type = UNSET
        else:
            reference_type = ReferenceType(_reference_type)

        reference_id = d.get("referenceId", UNSET)

        external_id = d.get("externalId", UNSET)

        _effective_from = d.get("effectiveFrom", UNSET)
        effective_from: datetime.datetime | Unset
        if isinstance(_effective_from, Unset):
            effective_from = UNSET
        else:
            effective_from = datetime.datetime.fromisoformat(_effective_from)

        integrated_external_id = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        integrated_external_id.reference_type = reference_type
        integrated_external_id.reference_id = reference_id
        integrated_external_id.external_id = external_id
        integrated_external_id.effective_from = effective_from
        integrated_external_id.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return integrated_external_id

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
