"""Before any check: can this target be tested at all? One clear line when it cannot.

In order: the target answers HTTP; it looks like this API (a request without a key is refused
with 401, or at least answered with a documented status and JSON); the key and client id are
accepted; each site id is usable: operation 1 answers it with 200 (a site of this customer) and
operation 2 with 200 (drivers) or 404 (none), and one site at least has drivers; the other
customer's credentials, when given, are accepted too.
"""

from __future__ import annotations

from dataclasses import replace

import requests

from contract_tests.calls import Caller
from contract_tests.settings import NAMED, SettingsError
from contract_tests.target import Target
from emabler_spec import SPEC

HINT_URL = f"is {NAMED['base_url']} this API's base URL, ending in its path prefix (for example {SPEC.server_url})?"
SITE_IDS = NAMED["site_ids"]


class PreflightError(SettingsError):
    """The target cannot be tested with these settings; the message is one line saying what failed and what to do."""


def preflight(caller: Caller) -> Target:
    """The target with the site ids each operation can use; PreflightError when it cannot be tested."""
    try:
        return _preflight(caller)
    except requests.ReadTimeout:  # connected, but no answer in time (a timeout to connect cannot reach it)
        raise PreflightError(
            f"{caller.target.base_url} did not answer within the request timeout: a server waking up may need "
            f"a larger {NAMED['timeout']} (seconds; the default is schemathesis.toml's request-timeout)"
        ) from None
    except OSError as error:  # requests' connection errors are OSErrors
        reason = (caller.masker(str(error)).splitlines() or [""])[0][:160]  # masked before it is cut
        raise PreflightError(
            f"cannot reach {caller.target.base_url} ({type(error).__name__}: {reason}): "
            "is the server running and the URL right?"
        ) from None


def _preflight(caller: Caller) -> Target:
    target = caller.target
    probe_site = target.site_ids[0] if target.site_ids else 1
    where = target.base_url
    anonymous = caller.home_site(probe_site, None)
    # This API refuses a request without a key with 401; one that answers it with a documented
    # status and JSON is this API not enforcing its key, which the run itself reports (C-AUTH).
    documented_json = str(anonymous.status) in SPEC.home_site.statuses and "json" in anonymous.content_type
    if anonymous.status != 401 and not documented_json:
        kind = "an HTML page" if "html" in anonymous.content_type else f"status {anonymous.status}"
        raise PreflightError(
            f"{where} does not look like the eMabler drivers API: a request without a key got {kind}, "
            f"where this API answers 401; {HINT_URL}"
        )
    with_key = caller.home_site(probe_site)
    if with_key.status == 401:
        raise PreflightError(
            f"the key was refused (401): check {NAMED['api_key']} and {NAMED['client_id']}, the key's own customer id"
        )
    usable, with_drivers = [], []
    for site_id in target.site_ids:
        site = caller.home_site(site_id)
        if site.status != 200:
            raise PreflightError(
                f"{SITE_IDS}: operation 1 answered {site.status} for site {site_id}: "
                "give ids of sites this customer has (operation 1 answers each with 200)"
            )
        usable.append(site_id)
        drivers = caller.drivers_for({SPEC.id_list_property: [site_id]})
        if drivers.status == 200:
            with_drivers.append(site_id)
        elif drivers.status != 404:
            raise PreflightError(
                f"{SITE_IDS}: operation 2 answered {drivers.status} for site {site_id}, "
                "where a site of this customer gets 200 (drivers) or 404 (none)"
            )
    if not with_drivers:
        raise PreflightError(
            f"{SITE_IDS}: none of the sites has drivers (operation 2 answered 404 for each): "
            "give at least one site with drivers"
        )
    if target.other is not None:
        other = caller.drivers_for({SPEC.id_list_property: usable[:1]}, target.other)
        if other.status == 401:
            raise PreflightError(
                f"the other customer's key was refused (401): check {NAMED['other_api_key']} and "
                f"{NAMED['other_client_id']}"
            )
    return replace(target, site_ids=tuple(usable), sites_with_drivers=tuple(with_drivers))
