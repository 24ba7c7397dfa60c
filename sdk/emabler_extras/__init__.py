"""Hand-written helpers beside the generated `emabler_client`: connecting, batching, walking sites."""

from emabler_extras._spec_facts import MAX_IDS_PER_CALL
from emabler_extras.batching import (
    BatchFailure,
    DriversBySite,
    batches,
    drivers_for_sites,
    drivers_for_sites_async,
)
from emabler_extras.connection import Connection, MissingCredentials, connect
from emabler_extras.sites import all_drivers, walk_sites

__all__ = [
    "MAX_IDS_PER_CALL",
    "BatchFailure",
    "Connection",
    "DriversBySite",
    "MissingCredentials",
    "all_drivers",
    "batches",
    "connect",
    "drivers_for_sites",
    "drivers_for_sites_async",
    "walk_sites",
]
