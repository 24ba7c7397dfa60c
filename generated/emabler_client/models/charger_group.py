from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.group_type import GroupType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChargerGroup")


_KNOWN_KEYS: frozenset[str] = frozenset(
    (
        "onlineSocket",
        "offlineSocket",
        "errorSocket",
        "subgroups",
        "chargers",
        "payerId",
        "costId",
        "costName",
        "paymentRecipientId",
        "id",
        "groupName",
        "groupType",
        "externalId",
    )
)


@_attrs_define
class ChargerGroup:
    """A site seen from the charger side, with its chargers and subsites, recursively.

    Attributes:
        online_socket (int | None | Unset):
        offline_socket (int | None | Unset):
        error_socket (int | None | Unset):
        subgroups (list[ChargerGroup] | Unset):
        chargers (list[Charger] | Unset):
        payer_id (int | None | Unset):
        cost_id (str | Unset):
        cost_name (str | Unset):
        payment_recipient_id (int | None | Unset):
        id (int | Unset):
        group_name (str | Unset):
        group_type (GroupType | Unset): The kind of a site. The vendor documents the values 0 to 4 but not their names.
        external_id (str | Unset):
    """

    online_socket: int | None | Unset = UNSET
    offline_socket: int | None | Unset = UNSET
    error_socket: int | None | Unset = UNSET
    subgroups: list[ChargerGroup] | Unset = UNSET
    chargers: list[Charger] | Unset = UNSET
    payer_id: int | None | Unset = UNSET
    cost_id: str | Unset = UNSET
    cost_name: str | Unset = UNSET
    payment_recipient_id: int | None | Unset = UNSET
    id: int | Unset = UNSET
    group_name: str | Unset = UNSET
    group_type: GroupType | Unset = UNSET
    external_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        online_socket: int | None | Unset
        if isinstance(self.online_socket, Unset):
            online_socket = UNSET
        else:
            online_socket = self.online_socket

        offline_socket: int | None | Unset
        if isinstance(self.offline_socket, Unset):
            offline_socket = UNSET
        else:
            offline_socket = self.offline_socket

        error_socket: int | None | Unset
        if isinstance(self.error_socket, Unset):
            error_socket = UNSET
        else:
            error_socket = self.error_socket

        subgroups: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.subgroups, Unset):
            subgroups = []
            for subgroups_item_data in self.subgroups:
                subgroups_item = subgroups_item_data.to_dict()
                subgroups.append(subgroups_item)

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

        cost_id = self.cost_id

        cost_name = self.cost_name

        payment_recipient_id: int | None | Unset
        if isinstance(self.payment_recipient_id, Unset):
            payment_recipient_id = UNSET
        else:
            payment_recipient_id = self.payment_recipient_id

        id = self.id

        group_name = self.group_name

        group_type: int | Unset = UNSET
        if not isinstance(self.group_type, Unset):
            group_type = self.group_type.value

        external_id = self.external_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if online_socket is not UNSET:
            field_dict["onlineSocket"] = online_socket
        if offline_socket is not UNSET:
            field_dict["offlineSocket"] = offline_socket
        if error_socket is not UNSET:
            field_dict["errorSocket"] = error_socket
        if subgroups is not UNSET:
            field_dict["subgroups"] = subgroups
        if chargers is not UNSET:
            field_dict["chargers"] = chargers
        if payer_id is not UNSET:
            field_dict["payerId"] = payer_id
        if cost_id is not UNSET:
            field_dict["costId"] = cost_id
        if cost_name is not UNSET:
            field_dict["costName"] = cost_name
        if payment_recipient_id is not UNSET:
            field_dict["paymentRecipientId"] = payment_recipient_id
        if id is not UNSET:
            field_dict["id"] = id
        if group_name is not UNSET:
            field_dict["groupName"] = group_name
        if group_type is not UNSET:
            field_dict["groupType"] = group_type
        if external_id is not UNSET:
            field_dict["externalId"] = external_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        online_socket = d.get("onlineSocket", UNSET)

        offline_socket = d.get("offlineSocket", UNSET)

        error_socket = d.get("errorSocket", UNSET)

        _subgroups = d.get("subgroups", UNSET)
        subgroups: list[ChargerGroup] | Unset = UNSET
        if _subgroups is not UNSET:
            subgroups = [ChargerGroup.from_dict(item_) for item_ in _subgroups]

        _chargers = d.get("chargers", UNSET)
        chargers: list[Charger] | Unset = UNSET
        if _chargers is not UNSET:
            chargers = [Charger.from_dict(item_) for item_ in _chargers]

        payer_id = d.get("payerId", UNSET)

        cost_id = d.get("costId", UNSET)

        cost_name = d.get("costName", UNSET)

        payment_recipient_id = d.get("paymentRecipientId", UNSET)

        id = d.get("id", UNSET)

        group_name = d.get("groupName", UNSET)

        _group_type = d.get("groupType", UNSET)
        group_type: GroupType | Unset
        if isinstance(_group_type, Unset):
            group_type = UNSET
        else:
            group_type = GroupType(_group_type)

        external_id = d.get("externalId", UNSET)

        charger_group = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        charger_group.online_socket = online_socket
        charger_group.offline_socket = offline_socket
        charger_group.error_socket = error_socket
        charger_group.subgroups = subgroups
        charger_group.chargers = chargers
        charger_group.payer_id = payer_id
        charger_group.cost_id = cost_id
        charger_group.cost_name = cost_name
        charger_group.payment_recipient_id = payment_recipient_id
        charger_group.id = id
        charger_group.group_name = group_name
        charger_group.group_type = group_type
        charger_group.external_id = external_id
        charger_group.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return charger_group

    @classmethod
    def _from_json(cls: type[T], d: Any) -> T:
        """from_dict for a decoded response the client alone holds: its lists are reused, in place."""
        online_socket = d.get("onlineSocket", UNSET)

        offline_socket = d.get("offlineSocket", UNSET)

        error_socket = d.get("errorSocket", UNSET)

        _subgroups = d.get("subgroups", UNSET)
        subgroups: list[ChargerGroup] | Unset = UNSET
        if _subgroups is not UNSET:
            for index_, subgroups_item_data in enumerate(_subgroups):
                subgroups_item = ChargerGroup._from_json(subgroups_item_data)

                _subgroups[index_] = subgroups_item
            subgroups = _subgroups

        _chargers = d.get("chargers", UNSET)
        chargers: list[Charger] | Unset = UNSET
        if _chargers is not UNSET:
            for index_, chargers_item_data in enumerate(_chargers):
                chargers_item = Charger._from_json(chargers_item_data)

                _chargers[index_] = chargers_item
            chargers = _chargers

        payer_id = d.get("payerId", UNSET)

        cost_id = d.get("costId", UNSET)

        cost_name = d.get("costName", UNSET)

        payment_recipient_id = d.get("paymentRecipientId", UNSET)

        id = d.get("id", UNSET)

        group_name = d.get("groupName", UNSET)

        _group_type = d.get("groupType", UNSET)
        group_type: GroupType | Unset
        if isinstance(_group_type, Unset):
            group_type = UNSET
        else:
            group_type = GroupType(_group_type)

        external_id = d.get("externalId", UNSET)

        charger_group = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        charger_group.online_socket = online_socket
        charger_group.offline_socket = offline_socket
        charger_group.error_socket = error_socket
        charger_group.subgroups = subgroups
        charger_group.chargers = chargers
        charger_group.payer_id = payer_id
        charger_group.cost_id = cost_id
        charger_group.cost_name = cost_name
        charger_group.payment_recipient_id = payment_recipient_id
        charger_group.id = id
        charger_group.group_name = group_name
        charger_group.group_type = group_type
        charger_group.external_id = external_id
        charger_group.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return charger_group

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
