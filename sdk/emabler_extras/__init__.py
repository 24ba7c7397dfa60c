"""Hand-written helpers beside the generated `emabler_client`: connecting, retrying, batching, walking sites."""

from emabler_extras._spec_facts import MAX_IDS_PER_CALL
from emabler_extras.batching import (
    BatchFailure,
    DriversBySite,
    batches,
    drivers_for_sites,
    drivers_for_sites_async,
)
from emabler_extras.connection import DEFAULT_RETRIES, DEFAULT_TIMEOUT, Connection, MissingCredentials, connect
from emabler_extras.sites import all_drivers, walk_sites
from emabler_extras.transport import RETRY_METHODS, RETRY_STATUSES, Retries, call_options

__all__ = [
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_IDS_PER_CALL",
    "RETRY_METHODS",
    "RETRY_STATUSES",
    "BatchFailure",
    "Connection",
    "DriversBySite",
    "MissingCredentials",
    "Retries",
    "all_drivers",
    "batches",
    "call_options",
    "connect",
    "drivers_for_sites",
    "drivers_for_sites_async",
    "walk_sites",
]
