from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GroupUsers")


_KNOWN_KEYS: frozenset[str] = frozenset(
    (
        "groupId",
        "users",
    )
)


@_attrs_define
class GroupUsers:
    """The drivers that may charge at one requested site.

    Attributes:
        group_id (int | Unset):
        users (list[User] | Unset):
    """

    group_id: int | Unset = UNSET
    users: list[User] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        group_id = self.group_id

        users: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.users, Unset):
            users = []
            for users_item_data in self.users:
                users_item = users_item_data.to_dict()
                users.append(users_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if group_id is not UNSET:
            field_dict["groupId"] = group_id
        if users is not UNSET:
            field_dict["users"] = users

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        group_id = d.get("groupId", UNSET)

        _users = d.get("users", UNSET)
        users: list[User] | Unset = UNSET
        if _users is not UNSET:
            users = []
            for users_item_data in _users:
                users_item = User.from_dict(users_item_data)

                users.append(users_item)

        group_users = cls(  # positionally, in the order the class declares its fields
            group_id,
            users,
        )

        if not d.keys() <= _KNOWN_KEYS:  # else __init__'s empty dict stands
            group_users.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        return group_users

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
from ..models.user import User  # noqa: E402
