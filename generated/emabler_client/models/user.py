from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="User")


_KNOWN_KEYS: frozenset[str] = frozenset(
    (
        "id",
        "name",
        "homeGroupId",
        "homeGroupName",
        "externalId",
        "tags",
        "chargerGroups",
        "chargers",
        "payerId",
        "integratedExternalIds",
    )
)


@_attrs_define
class User:
    """A driver.

    Attributes:
        id (int | Unset):
        name (str | Unset):
        home_group_id (int | Unset):
        home_group_name (str | Unset):
        external_id (str | Unset):
        tags (list[Tag] | Unset):
        charger_groups (list[ChargerGroup] | Unset):
        chargers (list[Charger] | Unset):
        payer_id (int | None | Unset):
        integrated_external_ids (list[IntegratedExternalId] | Unset):
    """

    id: int | Unset = UNSET
    name: str | Unset = UNSET
    home_group_id: int | Unset = UNSET
    home_group_name: str | Unset = UNSET
    external_id: str | Unset = UNSET
    tags: list[Tag] | Unset = UNSET
    charger_groups: list[ChargerGroup] | Unset = UNSET
    chargers: list[Charger] | Unset = UNSET
    payer_id: int | None | Unset = UNSET
    integrated_external_ids: list[IntegratedExternalId] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        home_group_id = self.home_group_id

        home_group_name = self.home_group_name

        external_id = self.external_id

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        charger_groups: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.charger_groups, Unset):
            charger_groups = []
            for charger_groups_item_data in self.charger_groups:
                charger_groups_item = charger_groups_item_data.to_dict()
                charger_groups.append(charger_groups_item)

        chargers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.chargers, Unset):
            chargers = []
            for chargers_item_data in self.chargers:
                chargers_item = chargers_item_data.to_dict()
                chargers.append(chargers_item)

        payer_id: int | None | Unset
        if isinstance(self.payer_id, Unset):
            payer_id = UNSET
        else:
            payer_id = self.payer_id

        integrated_external_ids: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.integrated_external_ids, Unset):
            integrated_external_ids = []
            for integrated_external_ids_item_data in self.integrated_external_ids:
                integrated_external_ids_item = integrated_external_ids_item_data.to_dict()
                integrated_external_ids.append(integrated_external_ids_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if home_group_id is not UNSET:
            field_dict["homeGroupId"] = home_group_id
        if home_group_name is not UNSET:
            field_dict["homeGroupName"] = home_group_name
        if external_id is not UNSET:
            field_dict["externalId"] = external_id
        if tags is not UNSET:
            field_dict["tags"] = tags
        if charger_groups is not UNSET:
            field_dict["chargerGroups"] = charger_groups
        if chargers is not UNSET:
            field_dict["chargers"] = chargers
        if payer_id is not UNSET:
            field_dict["payerId"] = payer_id
        if integrated_external_ids is not UNSET:
            field_dict["integratedExternalIds"] = integrated_external_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        id = d.get("id", UNSET)

        name = d.get("name", UNSET)

        home_group_id = d.get("homeGroupId", UNSET)

        home_group_name = d.get("homeGroupName", UNSET)

        external_id = d.get("externalId", UNSET)

        _tags = d.get("tags", UNSET)
        tags: list[Tag] | Unset = UNSET
        if _tags is not UNSET:
            tags = [Tag.from_dict(item_) for item_ in _tags]

        _charger_groups = d.get("chargerGroups", UNSET)
        charger_groups: list[ChargerGroup] | Unset = UNSET
        if _charger_groups is not UNSET:
            charger_groups = [ChargerGroup.from_dict(item_) for item_ in _charger_groups]

        _chargers = d.get("chargers", UNSET)
        chargers: list[Charger] | Unset = UNSET
        if _chargers is not UNSET:
            chargers = [Charger.from_dict(item_) for item_ in _chargers]

        payer_id = d.get("payerId", UNSET)

        _integrated_external_ids = d.get("integratedExternalIds", UNSET)
        integrated_external_ids: list[IntegratedExternalId] | Unset = UNSET
        if _integrated_external_ids is not UNSET:
            integrated_external_ids = [IntegratedExternalId.from_dict(item_) for item_ in _integrated_external_ids]

        user = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        user.id = id
        user.name = name
        user.home_group_id = home_group_id
        user.home_group_name = home_group_name
        user.external_id = external_id
        user.tags = tags
        user.charger_groups = charger_groups
        user.chargers = chargers
        user.payer_id = payer_id
        user.integrated_external_ids = integrated_external_ids
        user.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return user

    @classmethod
    def _from_json(cls: type[T], d: Any) -> T:
        """from_dict for a decoded response the client alone holds: its lists are reused, in place."""
        id = d.get("id", UNSET)

        name = d.get("name", UNSET)

        home_group_id = d.get("homeGroupId", UNSET)

        home_group_name = d.get("homeGroupName", UNSET)

        external_id = d.get("externalId", UNSET)

        _tags = d.get("tags", UNSET)
        tags: list[Tag] | Unset = UNSET
        if _tags is not UNSET:
            for index_, tags_item_data in enumerate(_tags):
                tags_item = Tag._from_json(tags_item_data)

                _tags[index_] = tags_item
            tags = _tags

        _charger_groups = d.get("chargerGroups", UNSET)
        charger_groups: list[ChargerGroup] | Unset = UNSET
        if _charger_groups is not UNSET:
            for index_, charger_groups_item_data in enumerate(_charger_groups):
                charger_groups_item = ChargerGroup._from_json(charger_groups_item_data)

                _charger_groups[index_] = charger_groups_item
            charger_groups = _charger_groups

        _chargers = d.get("chargers", UNSET)
        chargers: list[Charger] | Unset = UNSET
        if _chargers is not UNSET:
            for index_, chargers_item_data in enumerate(_chargers):
                chargers_item = Charger._from_json(chargers_item_data)

                _chargers[index_] = chargers_item
            chargers = _chargers

        payer_id = d.get("payerId", UNSET)

        _integrated_external_ids = d.get("integratedExternalIds", UNSET)
        integrated_external_ids: list[IntegratedExternalId] | Unset = UNSET
        if _integrated_external_ids is not UNSET:
            for index_, integrated_external_ids_item_data in enumerate(_integrated_external_ids):
                integrated_external_ids_item = IntegratedExternalId._from_json(integrated_external_ids_item_data)

                _integrated_external_ids[index_] = integrated_external_ids_item
            integrated_external_ids = _integrated_external_ids

        user = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        user.id = id
        user.name = name
        user.home_group_id = home_group_id
        user.home_group_name = home_group_name
        user.external_id = external_id
        user.tags = tags
        user.charger_groups = charger_groups
        user.chargers = chargers
        user.payer_id = payer_id
        user.integrated_external_ids = integrated_external_ids
        user.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return user

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


# Imported after the class, once, rather than inside from_dict on every call (as the stock
# template does): the models refer to each other, and by now this module's class exists.
from ..models.charger import Charger  # noqa: E402
from ..models.charger_group import ChargerGroup  # noqa: E402
from ..models.integrated_external_id import IntegratedExternalId  # noqa: E402
from ..models.tag import Tag  # noqa: E402
