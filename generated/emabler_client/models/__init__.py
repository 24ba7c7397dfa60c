"""Contains all the data models used in inputs/outputs"""

from .charger import Charger
from .charger_configuration import ChargerConfiguration
from .charger_group import ChargerGroup
from .custom_properties import CustomProperties
from .error import Error
from .group_ids_request import GroupIdsRequest
from .group_type import GroupType
from .group_users import GroupUsers
from .integrated_external_id import IntegratedExternalId
from .location_info import LocationInfo
from .reference_type import ReferenceType
from .socket import Socket
from .tag import Tag
from .user import User
from .user_group import UserGroup

__all__ = (
    "Charger",
    "ChargerConfiguration",
    "ChargerGroup",
    "CustomProperties",
    "Error",
    "GroupIdsRequest",
    "GroupType",
    "GroupUsers",
    "IntegratedExternalId",
    "LocationInfo",
    "ReferenceType",
    "Socket",
    "Tag",
    "User",
    "UserGroup",
)
