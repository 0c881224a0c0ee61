"""What a user may see beyond the rows of their scope: sensitive tags, clear identity data."""

from .models import RoleAssignment
from .scope import scope_for

Role = RoleAssignment.Role

# Tags (elderly living alone, low income, disabled…) steer targeted services; only the roles
# that deliver those services see them.
TAG_ROLES = frozenset(
    {Role.SYSTEM_ADMIN, Role.DISTRICT, Role.STREET, Role.COMMUNITY, Role.GRID_WORKER}
)


def can_see_tags(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(scope_for(user).roles & TAG_ROLES)


def can_reveal(user) -> bool:
    """May ask for a resident's clear ID number and phone (each reveal is audited)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.has_perm("people.reveal_personal_info")
