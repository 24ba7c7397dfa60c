"""Walking a home site with its subsites."""

from __future__ import annotations

from collections.abc import Iterator

from emabler_client.models import User, UserGroup
from emabler_client.types import Unset


def walk_sites(site: UserGroup, depth: int = 0) -> Iterator[tuple[UserGroup, int]]:
    """Yield the site and every subsite below it, depth first, with its depth (the site is 0)."""
    yield site, depth
    for child in site.subgroups if not isinstance(site.subgroups, Unset) else []:
        yield from walk_sites(child, depth + 1)


def all_drivers(site: UserGroup) -> Iterator[tuple[UserGroup, User]]:
    """Every driver of the site and its subsites, with the site whose home it is."""
    for each, _ in walk_sites(site):
        for driver in each.users if not isinstance(each.users, Unset) else []:
            yield each, driver
