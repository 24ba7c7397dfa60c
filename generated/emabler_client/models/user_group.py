from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.group_type import GroupType
from ..types import UNSET, Unset

T = TypeVar("T", bound="UserGroup")


_KNOWN_KEYS: frozenset[str] = frozenset(
    (
        "isSpare",
        "subgroups",
        "users",
        "id",
        "groupName",
        "groupType",
        "externalId",
    )
)


@_attrs_define
class UserGroup:
    """A site (user group) with its drivers and its subsites, recursively.

    Attributes:
        is_spare (bool | Unset):
        subgroups (list[UserGroup] | Unset):
        users (list[User] | Unset):
        id (int | Unset):
        group_name (str | Unset):
        group_type (GroupType | Unset): The kind of a site. The vendor documents the values 0 to 4 but not their names.
        external_id (str | Unset):
    """

    is_spare: bool | Unset = UNSET
    subgroups: list[UserGroup] | Unset = UNSET
    users: list[User] | Unset = UNSET
    id: int | Unset = UNSET
    group_name: str | Unset = UNSET
    group_type: GroupType | Unset = UNSET
    external_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_spare = self.is_spare

        subgroups: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.subgroups, Unset):
            subgroups = []
            for subgroups_item_data in self.subgroups:
                subgroups_item = subgroups_item_data.to_dict()
                subgroups.append(subgroups_item)

        users: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.users, Unset):
            users = []
            for users_item_data in self.users:
                users_item = users_item_data.to_dict()
                users.append(users_item)

        id = self.id

        group_name = self.group_name

        group_type: int | Unset = UNSET
        if not isinstance(self.group_type, Unset):
            group_type = self.group_type.value

        external_id = self.external_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if is_spare is not UNSET:
            field_dict["isSpare"] = is_spare
        if subgroups is not UNSET:
            field_dict["subgroups"] = subgroups
        if users is not UNSET:
            field_dict["users"] = users
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
        is_spare = d.get("isSpare", UNSET)

        _subgroups = d.get("subgroups", UNSET)
        subgroups: list[UserGroup] | Unset = UNSET
        if _subgroups is not UNSET:
            subgroups = [UserGroup.from_dict(item_) for item_ in _subgroups]

        _users = d.get("users", UNSET)
        users: list[User] | Unset = UNSET
        if _users is not UNSET:
            users = [User.from_dict(item_) for item_ in _users]

        id = d.get("id", UNSET)

        group_name = d.get("groupName", UNSET)

        _group_type = d.get("groupType", UNSET)
        group_type: GroupType | Unset
        if isinstance(_group_type, Unset):
            group_type = UNSET
        else:
            group_type = GroupType(_group_type)

        external_id = d.get("externalId", UNSET)

        user_group = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        user_group.is_spare = is_spare
        user_group.subgroups = subgroups
        user_group.users = users
        user_group.id = id
        user_group.group_name = group_name
        user_group.group_type = group_type
        user_group.external_id = external_id
        user_group.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return user_group

    @classmethod
    def _from_json(cls: type[T], d: Any) -> T:
        """from_dict for a decoded response the client alone holds: its lists are reused, in place."""
        is_spare = d.get("isSpare", UNSET)

        _subgroups = d.get("subgroups", UNSET)
        subgroups: list[UserGroup] | Unset = UNSET
        if _subgroups is not UNSET:
            for index_, subgroups_item_data in enumerate(_subgroups):
                subgroups_item = UserGroup._from_json(subgroups_item_data)

                _subgroups[index_] = subgroups_item
            subgroups = _subgroups

        _users = d.get("users", UNSET)
        users: list[User] | Unset = UNSET
        if _users is not UNSET:
            for index_, users_item_data in enumerate(_users):
                users_item = User._from_json(users_item_data)

                _users[index_] = users_item
            users = _users

        id = d.get("id", UNSET)

        group_name = d.get("groupName", UNSET)

        _group_type = d.get("groupType", UNSET)
        group_type: GroupType | Unset
        if isinstance(_group_type, Unset):
            group_type = UNSET
        else:
            group_type = GroupType(_group_type)

        external_id = d.get("externalId", UNSET)

        user_group = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        user_group.is_spare = is_spare
        user_group.subgroups = subgroups
        user_group.users = users
        user_group.id = id
        user_group.group_name = group_name
        user_group.group_type = group_type
        user_group.external_id = external_id
        user_group.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return user_group

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
