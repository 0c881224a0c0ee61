"""What access plugs in: the scope of every data admin, the audit of its own records
(departments, role assignments, users, groups and their permissions) and the menu entries
that belong to no domain app."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from banshi.core import admin as core_admin
from banshi.core import navigation
from banshi.core.navigation import NavEntry

from .audit_signals import audit, audit_m2m
from .models import Department, RoleAssignment
from .scope import restrict_registered


def _is_staff(user) -> bool:
    return user.is_staff


def register() -> None:
    core_admin.use_scope(restrict_registered)
    User = get_user_model()
    audit(Department, RoleAssignment, User, Group)
    audit_m2m(
        User._meta.get_field("groups"),
        User._meta.get_field("user_permissions"),
        Group._meta.get_field("permissions"),
    )
    # The home page is the dashboards app's; the menu only names its URL.
    navigation.register(NavEntry("home", _("首页"), "home", order=0))
    navigation.register(
        NavEntry("admin", _("管理后台"), "admin:index", order=1000, visible=_is_staff)
    )
