"""The main menu, put together from the entries apps register (in their
`AppConfig.ready()`). An entry names the roles it is for (`access.models.RoleAssignment.Role`
values; None: every signed-in user) or is for visitors who are not signed in."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str  # a lazy translation
    url_name: str
    order: int
    roles: frozenset[str] | None = None  # None: every signed-in user
    anonymous: bool = False  # True: only for visitors who are not signed in
    visible: Callable | None = None  # an extra test of the user (the admin: staff only)

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def shown_to(self, user, roles: frozenset[str]) -> bool:
        signed_in = user is not None and user.is_authenticated
        if self.anonymous:
            return not signed_in
        if not signed_in:
            return False
        if self.roles is not None and not (self.roles & roles):
            return False
        return self.visible is None or bool(self.visible(user))


_ENTRIES: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> NavEntry:
    known = _ENTRIES.get(entry.key)
    if known is not None and known != entry:
        raise ValueError(f"menu entry {entry.key} is registered twice")
    _ENTRIES[entry.key] = entry
    return entry


def all_entries() -> list[NavEntry]:
    return sorted(_ENTRIES.values(), key=lambda e: (e.order, e.key))


def entries_for(user, roles: frozenset[str]) -> list[NavEntry]:
    return [e for e in all_entries() if e.shown_to(user, roles)]
