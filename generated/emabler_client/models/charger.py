from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Charger")


_KNOWN_KEYS: frozenset[str] = frozenset(
    (
        "id",
        "chargerId",
        "chargerName",
        "groupId",
        "groupName",
        "firmwareVersion",
        "publicGroupName",
        "manufacturer",
        "serialNumber",
        "chargerModel",
        "amountOfSockets",
        "lastSeen",
        "lastMessage",
        "activeConnection",
        "chargerStatus",
        "locationInfo",
        "pushIntegrationEnabled",
        "chargerSpecificMessageStructure",
        "chargerConfigurations",
        "sockets",
        "evseId",
        "splitEvseBySocket",
        "capabilities",
        "physicalReference",
        "integrationRelays",
        "iccid",
        "imsi",
        "meterSerialNumber",
        "meterType",
        "customProperties",
    )
)


@_attrs_define
class Charger:
    """A charge point.

    Attributes:
        id (int | None | Unset):
        charger_id (str | Unset):
        charger_name (str | Unset):
        group_id (int | Unset):
        group_name (str | Unset):
        firmware_version (None | str | Unset):
        public_group_name (None | str | Unset):
        manufacturer (None | str | Unset):
        serial_number (None | str | Unset):
        charger_model (None | str | Unset):
        amount_of_sockets (int | Unset): Deprecated by the vendor; count `sockets` instead.
        last_seen (datetime.datetime | Unset):
        last_message (None | str | Unset):
        active_connection (bool | Unset):
        charger_status (str | Unset):
        location_info (LocationInfo | Unset): Where a charger stands.
        push_integration_enabled (bool | Unset):
        charger_specific_message_structure (bool | Unset):
        charger_configurations (list[ChargerConfiguration] | None | Unset):
        sockets (list[Socket] | None | Unset):
        evse_id (str | Unset): EVSE id in eMI3 syntax, for example FRA23E45B*78C.
        split_evse_by_socket (bool | Unset): If false, the EVSE UID is the chargerId; if true, it is chargerId +
            socketId.
        capabilities (list[str] | Unset):
        physical_reference (str | Unset):
        integration_relays (list[str] | Unset):
        iccid (str | Unset):
        imsi (str | Unset):
        meter_serial_number (str | Unset):
        meter_type (str | Unset):
        custom_properties (CustomProperties | None | Unset): Free-form properties set by the customer.
    """

    id: int | None | Unset = UNSET
    charger_id: str | Unset = UNSET
    charger_name: str | Unset = UNSET
    group_id: int | Unset = UNSET
    group_name: str | Unset = UNSET
    firmware_version: None | str | Unset = UNSET
    public_group_name: None | str | Unset = UNSET
    manufacturer: None | str | Unset = UNSET
    serial_number: None | str | Unset = UNSET
    charger_model: None | str | Unset = UNSET
    amount_of_sockets: int | Unset = UNSET
    last_seen: datetime.datetime | Unset = UNSET
    last_message: None | str | Unset = UNSET
    active_connection: bool | Unset = UNSET
    charger_status: str | Unset = UNSET
    location_info: LocationInfo | Unset = UNSET
    push_integration_enabled: bool | Unset = UNSET
    charger_specific_message_structure: bool | Unset = UNSET
    charger_configurations: list[ChargerConfiguration] | None | Unset = UNSET
    sockets: list[Socket] | None | Unset = UNSET
    evse_id: str | Unset = UNSET
    split_evse_by_socket: bool | Unset = UNSET
    capabilities: list[str] | Unset = UNSET
    physical_reference: str | Unset = UNSET
    integration_relays: list[str] | Unset = UNSET
    iccid: str | Unset = UNSET
    imsi: str | Unset = UNSET
    meter_serial_number: str | Unset = UNSET
    meter_type: str | Unset = UNSET
    custom_properties: CustomProperties | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: int | None | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        charger_id = self.charger_id

        charger_name = self.charger_name

        group_id = self.group_id

        group_name = self.group_name

        firmware_version: None | str | Unset
        if isinstance(self.firmware_version, Unset):
            firmware_version = UNSET
        else:
            firmware_version = self.firmware_version

        public_group_name: None | str | Unset
        if isinstance(self.public_group_name, Unset):
            public_group_name = UNSET
        else:
            public_group_name = self.public_group_name

        manufacturer: None | str | Unset
        if isinstance(self.manufacturer, Unset):
            manufacturer = UNSET
        else:
            manufacturer = self.manufacturer

        serial_number: None | str | Unset
        if isinstance(self.serial_number, Unset):
            serial_number = UNSET
        else:
            serial_number = self.serial_number

        charger_model: None | str | Unset
        if isinstance(self.charger_model, Unset):
            charger_model = UNSET
        else:
            charger_model = self.charger_model

        amount_of_sockets = self.amount_of_sockets

        last_seen: str | Unset = UNSET
        if not isinstance(self.last_seen, Unset):
            last_seen = self.last_seen.isoformat()

        last_message: None | str | Unset
        if isinstance(self.last_message, Unset):
            last_message = UNSET
        else:
            last_message = self.last_message

        active_connection = self.active_connection

        charger_status = self.charger_status

        location_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.location_info, Unset):
            location_info = self.location_info.to_dict()

        push_integration_enabled = self.push_integration_enabled

        charger_specific_message_structure = self.charger_specific_message_structure

        charger_configurations: list[dict[str, Any]] | None | Unset
        if isinstance(self.charger_configurations, Unset):
            charger_configurations = UNSET
        elif isinstance(self.charger_configurations, list):
            charger_configurations = []
            for charger_configurations_type_0_item_data in self.charger_configurations:
                charger_configurations_type_0_item = charger_configurations_type_0_item_data.to_dict()
                charger_configurations.append(charger_configurations_type_0_item)

        else:
            charger_configurations = self.charger_configurations

        sockets: list[dict[str, Any]] | None | Unset
        if isinstance(self.sockets, Unset):
            sockets = UNSET
        elif isinstance(self.sockets, list):
            sockets = []
            for sockets_type_0_item_data in self.sockets:
                sockets_type_0_item = sockets_type_0_item_data.to_dict()
                sockets.append(sockets_type_0_item)

        else:
            sockets = self.sockets

        evse_id = self.evse_id

        split_evse_by_socket = self.split_evse_by_socket

        capabilities: list[str] | Unset = UNSET
        if not isinstance(self.capabilities, Unset):
            capabilities = self.capabilities

        physical_reference = self.physical_reference

        integration_relays: list[str] | Unset = UNSET
        if not isinstance(self.integration_relays, Unset):
            integration_relays = self.integration_relays

        iccid = self.iccid

        imsi = self.imsi

        meter_serial_number = self.meter_serial_number

        meter_type = self.meter_type

        custom_properties: dict[str, Any] | None | Unset
        if isinstance(self.custom_properties, Unset):
            custom_properties = UNSET
        elif isinstance(self.custom_properties, CustomProperties):
            custom_properties = self.custom_properties.to_dict()
        else:
            custom_properties = self.custom_properties

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if charger_id is not UNSET:
            field_dict["chargerId"] = charger_id
        if charger_name is not UNSET:
            field_dict["chargerName"] = charger_name
        if group_id is not UNSET:
            field_dict["groupId"] = group_id
        if group_name is not UNSET:
            field_dict["groupName"] = group_name
        if firmware_version is not UNSET:
            field_dict["firmwareVersion"] = firmware_version
        if public_group_name is not UNSET:
            field_dict["publicGroupName"] = public_group_name
        if manufacturer is not UNSET:
            field_dict["manufacturer"] = manufacturer
        if serial_number is not UNSET:
            field_dict["serialNumber"] = serial_number
        if charger_model is not UNSET:
            field_dict["chargerModel"] = charger_model
        if amount_of_sockets is not UNSET:
            field_dict["amountOfSockets"] = amount_of_sockets
        if last_seen is not UNSET:
            field_dict["lastSeen"] = last_seen
        if last_message is not UNSET:
            field_dict["lastMessage"] = last_message
        if active_connection is not UNSET:
            field_dict["activeConnection"] = active_connection
        if charger_status is not UNSET:
            field_dict["chargerStatus"] = charger_status
        if location_info is not UNSET:
            field_dict["locationInfo"] = location_info
        if push_integration_enabled is not UNSET:
            field_dict["pushIntegrationEnabled"] = push_integration_enabled
        if charger_specific_message_structure is not UNSET:
            field_dict["chargerSpecificMessageStructure"] = charger_specific_message_structure
        if charger_configurations is not UNSET:
            field_dict["chargerConfigurations"] = charger_configurations
        if sockets is not UNSET:
            field_dict["sockets"] = sockets
        if evse_id is not UNSET:
            field_dict["evseId"] = evse_id
        if split_evse_by_socket is not UNSET:
            field_dict["splitEvseBySocket"] = split_evse_by_socket
        if capabilities is not UNSET:
            field_dict["capabilities"] = capabilities
        if physical_reference is not UNSET:
            field_dict["physicalReference"] = physical_reference
        if integration_relays is not UNSET:
            field_dict["integrationRelays"] = integration_relays
        if iccid is not UNSET:
            field_dict["iccid"] = iccid
        if imsi is not UNSET:
            field_dict["imsi"] = imsi
        if meter_serial_number is not UNSET:
            field_dict["meterSerialNumber"] = meter_serial_number
        if meter_type is not UNSET:
            field_dict["meterType"] = meter_type
        if custom_properties is not UNSET:
            field_dict["customProperties"] = custom_properties

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        id = d.get("id", UNSET)

        charger_id = d.get("chargerId", UNSET)

        charger_name = d.get("chargerName", UNSET)

        group_id = d.get("groupId", UNSET)

        group_name = d.get("groupName", UNSET)

        firmware_version = d.get("firmwareVersion", UNSET)

        public_group_name = d.get("publicGroupName", UNSET)

        manufacturer = d.get("manufacturer", UNSET)

        serial_number = d.get("serialNumber", UNSET)

        charger_model = d.get("chargerModel", UNSET)

        amount_of_sockets = d.get("amountOfSockets", UNSET)

        _last_seen = d.get("lastSeen", UNSET)
        last_seen: datetime.datetime | Unset
        if isinstance(_last_seen, Unset):
            last_seen = UNSET
        else:
            last_seen = datetime.datetime.fromisoformat(_last_seen)

        last_message = d.get("lastMessage", UNSET)

        active_connection = d.get("activeConnection", UNSET)

        charger_status = d.get("chargerStatus", UNSET)

        _location_info = d.get("locationInfo", UNSET)
        location_info: LocationInfo | Unset
        if _location_info is UNSET:
            location_info = UNSET
        else:
            location_info = LocationInfo.from_dict(_location_info)

        push_integration_enabled = d.get("pushIntegrationEnabled", UNSET)

        charger_specific_message_structure = d.get("chargerSpecificMessageStructure", UNSET)

        charger_configurations_data = d.get("chargerConfigurations", UNSET)
        charger_configurations: list[ChargerConfiguration] | None | Unset
        if charger_configurations_data is None or isinstance(charger_configurations_data, Unset):
            charger_configurations = charger_configurations_data
        else:
            try:
                if not isinstance(charger_configurations_data, list):
                    raise TypeError()
                _charger_configurations_type_0 = charger_configurations_data
                charger_configurations_type_0 = [
                    ChargerConfiguration.from_dict(item_) for item_ in _charger_configurations_type_0
                ]

                charger_configurations = charger_configurations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                charger_configurations = charger_configurations_data

        sockets_data = d.get("sockets", UNSET)
        sockets: list[Socket] | None | Unset
        if sockets_data is None or isinstance(sockets_data, Unset):
            sockets = sockets_data
        else:
            try:
                if not isinstance(sockets_data, list):
                    raise TypeError()
                _sockets_type_0 = sockets_data
                sockets_type_0 = [Socket.from_dict(item_) for item_ in _sockets_type_0]

                sockets = sockets_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                sockets = sockets_data

        evse_id = d.get("evseId", UNSET)

        split_evse_by_socket = d.get("splitEvseBySocket", UNSET)

        capabilities = cast(list[str], d.get("capabilities", UNSET))

        physical_reference = d.get("physicalReference", UNSET)

        integration_relays = cast(list[str], d.get("integrationRelays", UNSET))

        iccid = d.get("iccid", UNSET)

        imsi = d.get("imsi", UNSET)

        meter_serial_number = d.get("meterSerialNumber", UNSET)

        meter_type = d.get("meterType", UNSET)

        custom_properties_data = d.get("customProperties", UNSET)
        custom_properties: CustomProperties | None | Unset
        if custom_properties_data is None or isinstance(custom_properties_data, Unset):
            custom_properties = custom_properties_data
        else:
            try:
                if not isinstance(custom_properties_data, dict):
                    raise TypeError()
                custom_properties_type_0 = CustomProperties.from_dict(custom_properties_data)

                custom_properties = custom_properties_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                custom_properties = custom_properties_data

        charger = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        charger.id = id
        charger.charger_id = charger_id
        charger.charger_name = charger_name
        charger.group_id = group_id
        charger.group_name = group_name
        charger.firmware_version = firmware_version
        charger.public_group_name = public_group_name
        charger.manufacturer = manufacturer
        charger.serial_number = serial_number
        charger.charger_model = charger_model
        charger.amount_of_sockets = amount_of_sockets
        charger.last_seen = last_seen
        charger.last_message = last_message
        charger.active_connection = active_connection
        charger.charger_status = charger_status
        charger.location_info = location_info
        charger.push_integration_enabled = push_integration_enabled
        charger.charger_specific_message_structure = charger_specific_message_structure
        charger.charger_configurations = charger_configurations
        charger.sockets = sockets
        charger.evse_id = evse_id
        charger.split_evse_by_socket = split_evse_by_socket
        charger.capabilities = capabilities
        charger.physical_reference = physical_reference
        charger.integration_relays = integration_relays
        charger.iccid = iccid
        charger.imsi = imsi
        charger.meter_serial_number = meter_serial_number
        charger.meter_type = meter_type
        charger.custom_properties = custom_properties
        charger.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return charger

    @classmethod
    def _from_json(cls: type[T], d: Any) -> T:
        """from_dict for a decoded response the client alone holds: its lists are reused, in place."""
        id = d.get("id", UNSET)

        charger_id = d.get("chargerId", UNSET)

        charger_name = d.get("chargerName", UNSET)

        group_id = d.get("groupId", UNSET)

        group_name = d.get("groupName", UNSET)

        firmware_version = d.get("firmwareVersion", UNSET)

        public_group_name = d.get("publicGroupName", UNSET)

        manufacturer = d.get("manufacturer", UNSET)

        serial_number = d.get("serialNumber", UNSET)

        charger_model = d.get("chargerModel", UNSET)

        amount_of_sockets = d.get("amountOfSockets", UNSET)

        _last_seen = d.get("lastSeen", UNSET)
        last_seen: datetime.datetime | Unset
        if isinstance(_last_seen, Unset):
            last_seen = UNSET
        else:
            last_seen = datetime.datetime.fromisoformat(_last_seen)

        last_message = d.get("lastMessage", UNSET)

        active_connection = d.get("activeConnection", UNSET)

        charger_status = d.get("chargerStatus", UNSET)

        _location_info = d.get("locationInfo", UNSET)
        location_info: LocationInfo | Unset
        if _location_info is UNSET:
            location_info = UNSET
        else:
            location_info = LocationInfo._from_json(_location_info)

        push_integration_enabled = d.get("pushIntegrationEnabled", UNSET)

        charger_specific_message_structure = d.get("chargerSpecificMessageStructure", UNSET)

        charger_configurations_data = d.get("chargerConfigurations", UNSET)
        charger_configurations: list[ChargerConfiguration] | None | Unset
        if charger_configurations_data is None or isinstance(charger_configurations_data, Unset):
            charger_configurations = charger_configurations_data
        else:
            try:
                if not isinstance(charger_configurations_data, list):
                    raise TypeError()
                _charger_configurations_type_0 = charger_configurations_data
                _charger_configurations_type_0[:] = [
                    ChargerConfiguration.from_dict(item_) for item_ in _charger_configurations_type_0
                ]
                charger_configurations_type_0: list[ChargerConfiguration] = _charger_configurations_type_0

                charger_configurations = charger_configurations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                charger_configurations = charger_configurations_data

        sockets_data = d.get("sockets", UNSET)
        sockets: list[Socket] | None | Unset
        if sockets_data is None or isinstance(sockets_data, Unset):
            sockets = sockets_data
        else:
            try:
                if not isinstance(sockets_data, list):
                    raise TypeError()
                _sockets_type_0 = sockets_data
                _sockets_type_0[:] = [Socket.from_dict(item_) for item_ in _sockets_type_0]
                sockets_type_0: list[Socket] = _sockets_type_0

                sockets = sockets_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                sockets = sockets_data

        evse_id = d.get("evseId", UNSET)

        split_evse_by_socket = d.get("splitEvseBySocket", UNSET)

        capabilities = cast(list[str], d.get("capabilities", UNSET))

        physical_reference = d.get("physicalReference", UNSET)

        integration_relays = cast(list[str], d.get("integrationRelays", UNSET))

        iccid = d.get("iccid", UNSET)

        imsi = d.get("imsi", UNSET)

        meter_serial_number = d.get("meterSerialNumber", UNSET)

        meter_type = d.get("meterType", UNSET)

        custom_properties_data = d.get("customProperties", UNSET)
        custom_properties: CustomProperties | None | Unset
        if custom_properties_data is None or isinstance(custom_properties_data, Unset):
            custom_properties = custom_properties_data
        else:
            try:
                if not isinstance(custom_properties_data, dict):
                    raise TypeError()
                custom_properties_type_0 = CustomProperties.from_dict(custom_properties_data)

                custom_properties = custom_properties_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                custom_properties = custom_properties_data

        charger = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        charger.id = id
        charger.charger_id = charger_id
        charger.charger_name = charger_name
        charger.group_id = group_id
        charger.group_name = group_name
        charger.firmware_version = firmware_version
        charger.public_group_name = public_group_name
        charger.manufacturer = manufacturer
        charger.serial_number = serial_number
        charger.charger_model = charger_model
        charger.amount_of_sockets = amount_of_sockets
        charger.last_seen = last_seen
        charger.last_message = last_message
        charger.active_connection = active_connection
        charger.charger_status = charger_status
        charger.location_info = location_info
        charger.push_integration_enabled = push_integration_enabled
        charger.charger_specific_message_structure = charger_specific_message_structure
        charger.charger_configurations = charger_configurations
        charger.sockets = sockets
        charger.evse_id = evse_id
        charger.split_evse_by_socket = split_evse_by_socket
        charger.capabilities = capabilities
        charger.physical_reference = physical_reference
        charger.integration_relays = integration_relays
        charger.iccid = iccid
        charger.imsi = imsi
        charger.meter_serial_number = meter_serial_number
        charger.meter_type = meter_type
        charger.custom_properties = custom_properties
        charger.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return charger

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
from ..models.charger_configuration import ChargerConfiguration  # noqa: E402
from ..models.custom_properties import CustomProperties  # noqa: E402
from ..models.location_info import LocationInfo  # noqa: E402
from ..models.socket import Socket  # noqa: E402
