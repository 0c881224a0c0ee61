"""What every page's frame needs to know about the user: the main menu entries for their
roles (`core.navigation`, filled by the apps). Computed only when a page shows the menu;
the scope behind the roles is read once per request (it is cached on the user)."""

from banshi.core import navigation

from .scope import scope_for


def navigation_entries(request) -> dict:
    def entries() -> list[navigation.NavEntry]:
        user = getattr(request, "user", None)
        roles = scope_for(user).roles if user is not None and user.is_authenticated else None
        return navigation.entries_for(user, roles or frozenset())

    return {"nav_entries": entries}
