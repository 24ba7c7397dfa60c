"""A deterministic, realistic dataset for the mock: tenants, site trees, drivers, chargers.

Everything written here is drawn from one `random.Random(seed)`, so the same seed and scale
give the same bytes. Nullable properties are set to null on a fixed fraction of objects
(every third one), so the default dataset serves each of them both null and not null.
Objects are plain JSON-ready dicts in the spec's property names, built once and served as
they are. They are overrides: every property of the spec they leave unset gets a value
derived from its schema (`_values.py`); `OMIT` leaves one out on purpose.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from emabler_spec import SPEC, Spec
from mock_server._values import OMIT, Filler

Json = dict[str, Any]

FIRST_NAMES = (
    "Aino", "Eino", "Helmi", "Väinö", "Ilona", "Oskari", "Siiri", "Lauri", "Astrid", "Björn",
    "Freja", "Gustav", "Ingrid", "Lars", "Maja", "Nils", "Sigrid", "Henrik", "Kari", "Solveig",
)  # fmt: skip
LAST_NAMES = (
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Lindqvist", "Andersson", "Johansson",
    "Karlsson", "Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Halvorsen", "Niemi",
)  # fmt: skip
# (city, area, country code, ISO 3166 alpha-3, postal code format, latitude, longitude)
CITIES = (
    ("Helsinki", "Uusimaa", "FI", "FIN", "00{:03d}", 60.1699, 24.9384),
    ("Espoo", "Uusimaa", "FI", "FIN", "02{:03d}", 60.2055, 24.6559),
    ("Tampere", "Pirkanmaa", "FI", "FIN", "33{:03d}", 61.4978, 23.7610),
    ("Oulu", "Pohjois-Pohjanmaa", "FI", "FIN", "90{:03d}", 65.0121, 25.4651),
    ("Stockholm", "Stockholms län", "SE", "SWE", "11{:03d}", 59.3293, 18.0686),
    ("Göteborg", "Västra Götaland", "SE", "SWE", "41{:03d}", 57.7089, 11.9746),
    ("Oslo", "Oslo", "NO", "NOR", "0{:03d}", 59.9139, 10.7522),
    ("Bergen", "Vestland", "NO", "NOR", "5{:03d}", 60.3913, 5.3221),
)
STREETS = (
    "Mannerheimintie", "Hämeenkatu", "Aleksanterinkatu", "Drottninggatan", "Kungsgatan",
    "Karl Johans gate", "Bryggen", "Itäväylä", "Sveavägen", "Storgata",
)  # fmt: skip
MODELS = (
    ("Easee", "Home", "1.4.9"), ("Zaptec", "Pro", "2.1.0"), ("ABB", "Terra AC", "1.8.2"),
    ("Wallbox", "Pulsar Plus", "5.17.0"), ("Alfen", "Eve Single", "6.3.1"), ("Kempower", "C-Series", "3.0.7"),
)  # fmt: skip
SITE_KINDS = ("Office", "Housing company", "Parking hall", "Depot", "Visitor parking", "Garage")
CAPABILITIES = (
    "RFID_READER", "REMOTE_START_STOP_CAPABLE", "RESERVABLE", "UNLOCK_CAPABLE", "CHARGING_PROFILE_CAPABLE",
)  # fmt: skip
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
NEVER = "2099-12-31T23:59:59Z"  # a tag that never expires (the dotnet-timestamps variant sends .NET's sentinel)


@dataclass(frozen=True)
class Tenant:
    """A customer of the platform: its credentials and the roots of its site tree."""

    name: str
    api_key: str
    client_id: str


DEMO_TENANTS = (
    Tenant("Nordic Charging Oy", "demo-key-nordic-3f9a1c", "nordic-charging"),
    Tenant("Fjord Parking AS", "demo-key-fjord-7b2e55", "fjord-parking"),
)


@dataclass
class Site:
    """One site of a tenant's tree; `children` are its subsites."""

    id: int
    name: str
    group_type: int
    external_id: str
    depth: int
    children: list[Site] = field(default_factory=list)
    chargers: list[Json] = field(default_factory=list)


@dataclass
class TenantData:
    """Everything the mock serves for one tenant."""

    tenant: Tenant
    roots: list[Site]
    sites: dict[int, Site]
    drivers: list[Json]
    home_drivers: dict[int, list[Json]]
    access: dict[int, list[Json]]
    user_groups: dict[int, Json]  # operation 1's body, by site id
    entries: dict[int, Json]  # operation 2's entry, by the id of each site that has drivers

    @property
    def sites_with_drivers(self) -> list[int]:
        """The site ids operation 2 answers with drivers for, in dataset order."""
        return [site_id for site_id, drivers in self.access.items() if drivers]


@dataclass
class Dataset:
    """All tenants, indexed by key, by client id and by site id."""

    tenants: list[TenantData]

    def __post_init__(self) -> None:
        first = self.tenants[::-1]  # where two share a value (a key given as another's), the first has it
        self._by_key = {t.tenant.api_key: t for t in first}
        self._by_client_id = {t.tenant.client_id: t for t in first}
        self._owners = {str(site_id): t for t in first for site_id in t.sites}

    def by_key(self, api_key: str) -> TenantData | None:
        """The tenant that owns `api_key`, if any."""
        return self._by_key.get(api_key)

    def by_client_id(self, client_id: str) -> TenantData | None:
        """The tenant whose client id is `client_id`, if any."""
        return self._by_client_id.get(client_id)

    def owner_of(self, site_id: object) -> TenantData | None:
        """The tenant owning the site whose id is `site_id` or reads as it (a path parameter is text), if any."""
        return self._owners.get(str(site_id))


class _Builder:
    """Draws one dataset; a counter per id space keeps ids unique across tenants."""

    def __init__(self, seed: int, scale: int, spec: Spec) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.scale = scale
        self.counters: dict[str, int] = {}
        self.filler = Filler(spec, seed)
        self.bodies = [spec.response_schema(op.operation_id) for op in (spec.home_site, spec.drivers_for_sites)]

    def next_id(self, space: str, base: int) -> int:
        self.counters[space] = self.counters.get(space, 0) + 1
        return base + self.counters[space]

    def nullable(self, value: Any, space: str) -> Any:
        """`value`, or None on every third call per space: both forms are always served."""
        self.counters["null:" + space] = self.counters.get("null:" + space, 0) + 1
        return None if self.counters["null:" + space] % 3 == 0 else value

    def timestamp(self, days: int = 700) -> str:
        moment = EPOCH + timedelta(seconds=self.rng.randrange(days * 86_400))
        # Plain RFC 3339 in UTC; the dotnet-timestamps variant sends the live API's 7 fractional digits.
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def site_tree(self, tenant_index: int, depth: int, parent: str) -> Site:
        site_id = self.next_id("site", 5_000_000_000 + tenant_index * 1_000_000)
        kind = self.rng.choice(SITE_KINDS)
        name = f"{parent} / {kind} {site_id % 1000}" if parent else f"{kind} {site_id % 1000}"
        site = Site(site_id, name, self.rng.randrange(5), f"SITE-{site_id}", depth)
        site.chargers = [self.charger(site) for _ in range(self.rng.randint(1, 3))]
        if depth < 3:
            site.children = [self.site_tree(tenant_index, depth + 1, name) for _ in range(2)]
        return site

    def charger(self, site: Site) -> Json:
        city, area, country, alpha3, postal, lat, lon = self.rng.choice(CITIES)
        maker, model, firmware = self.rng.choice(MODELS)
        number = self.next_id("charger", 0)
        charger_id = f"{maker[:2].upper()}{number:06d}"
        sockets = [self.socket(charger_id, index, country) for index in range(1, self.rng.randint(1, 2) + 1)]
        return {
            "id": self.nullable(700_000_000 + number, "charger.id"),
            "chargerId": charger_id,
            "chargerName": f"{site.name.rsplit(' / ', 1)[-1]} #{number % 100}",
            "groupId": site.id,
            "groupName": site.name,
            "firmwareVersion": self.nullable(firmware, "firmware"),
            "publicGroupName": self.nullable(f"{city} public charging", "public"),
            "manufacturer": self.nullable(maker, "maker"),
            "serialNumber": self.nullable(f"SN{self.rng.randrange(10**9):09d}", "serial"),
            "chargerModel": self.nullable(model, "model"),
            "lastSeen": self.timestamp(),
            "lastMessage": self.nullable(self.rng.choice(("Heartbeat", "StatusNotification", "MeterValues")), "msg"),
            "activeConnection": self.rng.random() < 0.8,
            "chargerStatus": self.rng.choice(("Available", "Charging", "Faulted", "Offline")),
            "locationInfo": {
                "latitude": round(lat + self.rng.uniform(-0.05, 0.05), 6),
                "longitude": round(lon + self.rng.uniform(-0.05, 0.05), 6),
                "streetAddress": self.nullable(self.rng.choice(STREETS), "street"),
                "streetNumber": str(self.rng.randint(1, 120)),
                "houseLetter": self.nullable(self.rng.choice("ABCD"), "letter"),
                "postalNumber": postal.format(self.rng.randrange(1000)),
                "city": self.nullable(city, "city"),
                "area": self.nullable(area, "area"),
                "country": self.nullable(alpha3, "country"),
            },
            "pushIntegrationEnabled": self.rng.random() < 0.3,
            "chargerSpecificMessageStructure": False,
            "chargerConfigurations": self.nullable(
                [
                    {"configName": "HeartbeatInterval", "configValue": "300", "canBeChanged": True},
                    {"configName": "MeterValueSampleInterval", "configValue": "60", "canBeChanged": True},
                    {
                        "configName": "NumberOfConnectors",
                        "configValue": str(len(sockets)),
                        "canBeChanged": False,
                    },
                ],
                "configs",
            ),
            "sockets": self.nullable(sockets, "sockets"),
            "evseId": f"{country}*EMA*E{number:07d}",
            "splitEvseBySocket": len(sockets) > 1,
            "capabilities": list(self.rng.sample(CAPABILITIES, 3)),
            "physicalReference": f"P{number % 500:03d}",
            "integrationRelays": [] if number % 4 else ["ocpi"],
            "iccid": f"8935{self.rng.randrange(10**15):015d}",
            "imsi": f"244{self.rng.randrange(10**12):012d}",
            "meterSerialNumber": f"MTR{self.rng.randrange(10**7):07d}",
            "meterType": self.rng.choice(("MID", "Eichrecht", "None")),
            "customProperties": self.nullable({"costCenter": f"CC-{number % 40}", "parkingSpot": number % 90}, "cp"),
            "amountOfSockets": len(sockets) if number % 5 == 0 else OMIT,  # deprecated, sent by older servers
        }

    def socket(self, charger_id: str, index: int, country: str) -> Json:
        watts = self.rng.choice((3_700, 7_400, 11_000, 22_000))
        return {
            "type": self.nullable(self.rng.choice(("Type2", "CCS", "CHAdeMO")), "socket.type"),
            "maxPower": self.nullable(f"{watts / 1000:.1f} kW", "maxPower"),
            "status": self.rng.choice(("Available", "Occupied", "Faulted")),
            "id": index,
            "name": f"{charger_id}-{index}",
            "deviceEvseId": self.nullable(index, "deviceEvseId"),
            "deviceConnectorId": self.nullable(1, "deviceConnectorId"),
            "format": self.nullable(self.rng.choice(("Socket", "Cable")), "format"),
            "socketPowerType": self.rng.choice(("AC_1_PHASE", "AC_3_PHASE", "DC")),
            "maxWatts": self.nullable(watts, "maxWatts"),
            "maxVoltage": self.nullable(400 if watts > 7_400 else 230, "maxVoltage"),
            "maxAmperage": self.nullable(32 if watts >= 22_000 else 16, "maxAmperage"),
            "phaseRotation": self.rng.choice(("RST", "RTS", "STR")),
            "termsAndConditions": f"https://emabler.example/{country.lower()}/terms",
            "lastUpdated": self.timestamp(),
            "chargingStationEvseId": self.nullable(index, "csEvseId"),
        }

    def charger_group(self, site: Site, with_subgroups: bool) -> Json:
        online = sum(1 for c in site.chargers for s in (c["sockets"] or []) if s["status"] != "Faulted")
        return {
            "onlineSocket": self.nullable(online, "online"),
            "offlineSocket": self.nullable(0, "offline"),
            "errorSocket": self.nullable(len(site.chargers) - 1, "error"),
            "subgroups": [self.charger_group(child, False) for child in site.children] if with_subgroups else [],
            "chargers": site.chargers,
            "payerId": self.nullable(900_000 + site.id % 1000, "cg.payer"),
            "costId": f"COST-{site.id % 97}",
            "costName": self.rng.choice(("Standard", "Night tariff", "Employee", "Visitor")),
            "paymentRecipientId": self.nullable(800_000 + site.id % 1000, "recipient"),
            "id": site.id,
            "groupName": site.name,
            "groupType": site.group_type,
            "externalId": site.external_id,
        }

    def driver(self, home: Site, rights: list[Site], tenant_index: int) -> Json:
        driver_id = self.next_id("driver", 30_000_000_000 + tenant_index * 1_000_000)
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        tags = [
            {
                "id": self.next_id("tag", 60_000_000),
                "idTag": f"{self.rng.randrange(16**8):08X}",
                "expiringDate": NEVER if index % 2 else self.timestamp(1400),
                "startDate": self.nullable(self.timestamp(), "tag.start"),
                "lastUpdated": self.nullable(self.timestamp(), "tag.updated"),
                "tokenName": self.rng.choice(("RFID card", "Key fob", "App")),
                "invoicable": self.rng.random() < 0.4,
            }
            for index in range(self.rng.randint(1, 2))
        ]
        return {
            "id": driver_id,
            "name": name,
            "homeGroupId": home.id,
            "homeGroupName": home.name,
            "externalId": f"HR-{driver_id % 100_000:05d}",
            "tags": tags,
            "chargerGroups": [self.charger_group(site, site.depth < 3) for site in rights],
            "chargers": home.chargers[:1],
            "payerId": self.nullable(400_000 + driver_id % 10_000, "user.payer"),
            "integratedExternalIds": [
                {
                    "referenceType": driver_id % 2,
                    "referenceId": f"REF-{driver_id % 10_000}",
                    "externalId": f"EXT-{driver_id}",
                    "effectiveFrom": self.timestamp(),
                }
            ],
        }

    def tenant(self, index: int, tenant: Tenant) -> TenantData:
        roots = [self.site_tree(index, 1, "") for _ in range(2)]
        sites = {site.id: site for site in _walk(roots)}
        ordered = list(sites.values())
        drivers_wanted = max(50, len(ordered)) * self.scale
        drivers: list[Json] = []
        home_drivers: dict[int, list[Json]] = {site_id: [] for site_id in sites}
        access: dict[int, list[Json]] = {site_id: [] for site_id in sites}
        for number in range(drivers_wanted):
            # The first pass gives every site a home driver, so every site has users.
            home = ordered[number % len(ordered)] if number < len(ordered) else self.rng.choice(ordered)
            rights = [home, *self.rng.sample(ordered, 1)] if home.depth > 1 else [home]
            rights = list({site.id: site for site in rights}.values())
            driver = self.driver(home, rights, index)
            drivers.append(driver)
            home_drivers[home.id].append(driver)
            for site in rights:
                access[site.id].append(driver)
        # One leaf site without any driver with rights: operation 2 answers 404 for it alone.
        leaf = ordered[-1]
        access[leaf.id] = []
        user_groups: dict[int, Json] = {}
        for site in reversed(ordered):  # subsites first
            user_groups[site.id] = {
                "id": site.id,
                "groupName": site.name,
                "groupType": site.group_type,
                "externalId": site.external_id,
                "isSpare": site.depth == 3 and site.id % 2 == 0,
                "users": home_drivers[site.id],
                "subgroups": [user_groups[child.id] for child in site.children],
            }
        entries = {site_id: {"groupId": site_id, "users": users} for site_id, users in access.items() if users}
        # Every object of the tenant is in a root's body.
        self.filler.complete([user_groups[root.id] for root in roots], {"items": self.bodies[0]})
        self.filler.complete(list(entries.values()), self.bodies[1])
        return TenantData(tenant, roots, sites, drivers, home_drivers, access, user_groups, entries)


def _walk(sites: Iterable[Site]) -> Iterable[Site]:
    for site in sites:
        yield site
        yield from _walk(site.children)


DEFAULT_SEED = 20_261_121


def build_dataset(
    seed: int = DEFAULT_SEED, scale: int = 1, api_keys: Sequence[str] = (), *, spec: Spec = SPEC
) -> Dataset:
    """Build the dataset of `spec` for `seed`; `scale` multiplies the number of drivers per tenant.

    `api_keys` replace the demo customers' keys in order (a key of one's own keeps a
    shared mock private); the data does not depend on them.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if len(api_keys) > len(DEMO_TENANTS) or len(set(api_keys)) != len(api_keys) or not all(api_keys):
        raise ValueError(f"give at most {len(DEMO_TENANTS)} distinct, non-empty API keys")
    tenants = [
        replace(tenant, api_key=key)
        for tenant, key in zip(
            DEMO_TENANTS, [*api_keys, *(t.api_key for t in DEMO_TENANTS[len(api_keys) :])], strict=True
        )
    ]
    builder = _Builder(seed, scale, spec)
    return Dataset([builder.tenant(index, tenant) for index, tenant in enumerate(tenants)])


def user_group(site: Site, data: TenantData) -> Json:
    """Operation 1's body for `site`: the site, its home drivers, its subsites recursively."""
    return data.user_groups[site.id]


def group_users(site_ids: Iterable[int], data: TenantData) -> list[Json]:
    """Operation 2's body: one entry per distinct requested site of `data` that has drivers."""
    return [data.entries[site_id] for site_id in dict.fromkeys(site_ids) if site_id in data.entries]
