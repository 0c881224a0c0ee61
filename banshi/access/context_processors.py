"""What every page's frame needs to know about the user: the main menu entries for their
roles (`core.navigation`, filled by the apps). Computed only when a page shows the menu;
the scope behind the roles is read once per request (it is cached on the user)."""

from banshi.core import navigation

from .models import RoleAssignment
from .scope import scope_for


def navigation_entries(request) -> dict:
    def entries() -> list[navigation.NavEntry]:
        user = getattr(request, "user", None)
        roles = scope_for(user).roles if user is not None and user.is_authenticated else None
        return navigation.entries_for(user, roles or frozenset())

    def staff_work() -> bool:
        """Whether the user works a desk (any staff role, or the whole city): a resident's
        pages show none of the staff's links."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        scope = scope_for(user)
        return scope.everything or bool(scope.roles & set(RoleAssignment.STAFF_ROLES))

    return {"nav_entries": entries, "staff_work": staff_work}
