from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Socket")


_KNOWN_KEYS: frozenset[str] = frozenset(
    (
        "type",
        "maxPower",
        "status",
        "id",
        "name",
        "deviceEvseId",
        "deviceConnectorId",
        "format",
        "socketPowerType",
        "maxWatts",
        "maxVoltage",
        "maxAmperage",
        "phaseRotation",
        "termsAndConditions",
        "lastUpdated",
        "chargingStationEvseId",
    )
)


@_attrs_define
class Socket:
    """One socket (connector) of a charger.

    Attributes:
        type_ (None | str | Unset):
        max_power (None | str | Unset):
        status (str | Unset):
        id (int | Unset):
        name (str | Unset):
        device_evse_id (int | None | Unset):
        device_connector_id (int | None | Unset):
        format_ (None | str | Unset):
        socket_power_type (str | Unset):
        max_watts (int | None | Unset):
        max_voltage (int | None | Unset):
        max_amperage (int | None | Unset):
        phase_rotation (str | Unset):
        terms_and_conditions (str | Unset):
        last_updated (datetime.datetime | Unset):
        charging_station_evse_id (int | None | Unset):
    """

    type_: None | str | Unset = UNSET
    max_power: None | str | Unset = UNSET
    status: str | Unset = UNSET
    id: int | Unset = UNSET
    name: str | Unset = UNSET
    device_evse_id: int | None | Unset = UNSET
    device_connector_id: int | None | Unset = UNSET
    format_: None | str | Unset = UNSET
    socket_power_type: str | Unset = UNSET
    max_watts: int | None | Unset = UNSET
    max_voltage: int | None | Unset = UNSET
    max_amperage: int | None | Unset = UNSET
    phase_rotation: str | Unset = UNSET
    terms_and_conditions: str | Unset = UNSET
    last_updated: datetime.datetime | Unset = UNSET
    charging_station_evse_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        max_power: None | str | Unset
        if isinstance(self.max_power, Unset):
            max_power = UNSET
        else:
            max_power = self.max_power

        status = self.status

        id = self.id

        name = self.name

        device_evse_id: int | None | Unset
        if isinstance(self.device_evse_id, Unset):
            device_evse_id = UNSET
        else:
            device_evse_id = self.device_evse_id

        device_connector_id: int | None | Unset
        if isinstance(self.device_connector_id, Unset):
            device_connector_id = UNSET
        else:
            device_connector_id = self.device_connector_id

        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        else:
            format_ = self.format_

        socket_power_type = self.socket_power_type

        max_watts: int | None | Unset
        if isinstance(self.max_watts, Unset):
            max_watts = UNSET
        else:
            max_watts = self.max_watts

        max_voltage: int | None | Unset
        if isinstance(self.max_voltage, Unset):
            max_voltage = UNSET
        else:
            max_voltage = self.max_voltage

        max_amperage: int | None | Unset
        if isinstance(self.max_amperage, Unset):
            max_amperage = UNSET
        else:
            max_amperage = self.max_amperage

        phase_rotation = self.phase_rotation

        terms_and_conditions = self.terms_and_conditions

        last_updated: str | Unset = UNSET
        if not isinstance(self.last_updated, Unset):
            last_updated = self.last_updated.isoformat()

        charging_station_evse_id: int | None | Unset
        if isinstance(self.charging_station_evse_id, Unset):
            charging_station_evse_id = UNSET
        else:
            charging_station_evse_id = self.charging_station_evse_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if max_power is not UNSET:
            field_dict["maxPower"] = max_power
        if status is not UNSET:
            field_dict["status"] = status
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if device_evse_id is not UNSET:
            field_dict["deviceEvseId"] = device_evse_id
        if device_connector_id is not UNSET:
            field_dict["deviceConnectorId"] = device_connector_id
        if format_ is not UNSET:
            field_dict["format"] = format_
        if socket_power_type is not UNSET:
            field_dict["socketPowerType"] = socket_power_type
        if max_watts is not UNSET:
            field_dict["maxWatts"] = max_watts
        if max_voltage is not UNSET:
            field_dict["maxVoltage"] = max_voltage
        if max_amperage is not UNSET:
            field_dict["maxAmperage"] = max_amperage
        if phase_rotation is not UNSET:
            field_dict["phaseRotation"] = phase_rotation
        if terms_and_conditions is not UNSET:
            field_dict["termsAndConditions"] = terms_and_conditions
        if last_updated is not UNSET:
            field_dict["lastUpdated"] = last_updated
        if charging_station_evse_id is not UNSET:
            field_dict["chargingStationEvseId"] = charging_station_evse_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        type_ = d.get("type", UNSET)

        max_power = d.get("maxPower", UNSET)

        status = d.get("status", UNSET)

        id = d.get("id", UNSET)

        name = d.get("name", UNSET)

        device_evse_id = d.get("deviceEvseId", UNSET)

        device_connector_id = d.get("deviceConnectorId", UNSET)

        format_ = d.get("format", UNSET)

        socket_power_type = d.get("socketPowerType", UNSET)

        max_watts = d.get("maxWatts", UNSET)

        max_voltage = d.get("maxVoltage", UNSET)

        max_amperage = d.get("maxAmperage", UNSET)

        phase_rotation = d.get("phaseRotation", UNSET)

        terms_and_conditions = d.get("termsAndConditions", UNSET)

        _last_updated = d.get("lastUpdated", UNSET)
        last_updated: datetime.datetime | Unset
        if isinstance(_last_updated, Unset):
            last_updated = UNSET
        else:
            last_updated = datetime.datetime.fromisoformat(_last_updated)

        charging_station_evse_id = d.get("chargingStationEvseId", UNSET)

        socket = object.__new__(cls)  # attrs' __init__ would only store the same values, one call later
        socket.type_ = type_
        socket.max_power = max_power
        socket.status = status
        socket.id = id
        socket.name = name
        socket.device_evse_id = device_evse_id
        socket.device_connector_id = device_connector_id
        socket.format_ = format_
        socket.socket_power_type = socket_power_type
        socket.max_watts = max_watts
        socket.max_voltage = max_voltage
        socket.max_amperage = max_amperage
        socket.phase_rotation = phase_rotation
        socket.terms_and_conditions = terms_and_conditions
        socket.last_updated = last_updated
        socket.charging_station_evse_id = charging_station_evse_id
        socket.additional_properties = (
            {} if d.keys() <= _KNOWN_KEYS else {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        )
        return socket

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
