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
            users = [User.from_dict(item_) for item_ in _users]

        group_users = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        group_users.group_id = group_id
        group_users.users = users
        group_users.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return group_users

    @classmethod
    def _from_json(cls: type[T], d: Any) -> T:
        """from_dict for a decoded response the client alone holds: its lists are reused, in place."""
        group_id = d.get("groupId", UNSET)

        _users = d.get("users", UNSET)
        users: list[User] | Unset = UNSET
        if _users is not UNSET:
            for index_, users_item_data in enumerate(_users):
                users_item = User._from_json(users_item_data)

                _users[index_] = users_item
            users = _users

        group_users = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        group_users.group_id = group_id
        group_users.users = users
        group_users.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
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
