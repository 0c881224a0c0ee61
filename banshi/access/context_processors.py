"""What every page's frame needs to know about the user: their roles (for the main
navigation: field work is the grid worker's). Read lazily, once per request — the scope is
cached on the user."""

from .scope import scope_for


def navigation(request) -> dict:
    def roles() -> frozenset[str]:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return frozenset()
        return scope_for(user).roles

    return {"nav_roles": roles}
