"""Demo accounts, one per kind of user, and the departments and staff group they need.

Accounts exist only in a demo database: the demo command creates them, migrations never
do. The password is settings.BANSHI_DEMO_PASSWORD, set with `set_password` (the demo
password is not meant to pass the validators)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext as _

from banshi.access.models import Department, RoleAssignment
from banshi.people.models import Resident
from banshi.territory.models import Grid, Region

from .plan import COMMUNITIES, STREET_CODE

Role = RoleAssignment.Role
STAFF_GROUP = "工作人员"
# Staff may view every domain record in their scope and change the day-to-day ones.
STAFF_VIEW_APPS = ("territory", "people", "organizations", "enterprises")
STAFF_CHANGE_MODELS = (
    "building",
    "unit",
    "household",
    "commercialoutlet",
    "resident",
    "residenttag",
    "placerole",
    "enterprise",
    "riderstation",
)
DEPARTMENTS = [
    ("市住建局", "150100000000"),
    ("市城管局", "150100000000"),
    ("市市场监管局", "150100000000"),
    ("热力公司", "150100000000"),
    ("供水公司", "150100000000"),
    ("赛罕区城管执法局", "150105000000"),
]
DISTRICT_CODE = "150105000000"


@dataclass(frozen=True)
class AccountRow:
    username: str
    role: str  # display label
    scope: str
    is_staff: bool


def staff_group() -> Group:
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    perms = Permission.objects.filter(
        Q(content_type__app_label__in=STAFF_VIEW_APPS, codename__startswith="view_")
        | Q(
            content_type__app_label__in=STAFF_VIEW_APPS,
            codename__in=[f"change_{m}" for m in STAFF_CHANGE_MODELS],
        )
        | Q(content_type__app_label="access", codename="view_department")
    )
    group.permissions.set(perms)
    return group


def create_demo_accounts() -> list[AccountRow]:
    """The demo accounts, bound to the demo's nodes; returns the table to print."""
    departments = {
        name: Department.objects.create(name=name, region=Region.objects.get(code=code))
        for name, code in DEPARTMENTS
    }
    district = Region.objects.get(code=DISTRICT_CODE)
    street = Region.objects.get(code=STREET_CODE)
    wulan = Region.objects.get(code=COMMUNITIES[0][0])
    first_grid = Grid.objects.filter(community=wulan).order_by("code").first()
    other_grid = (
        Grid.objects.filter(code__startswith=street.prefix)
        .exclude(community=wulan)
        .order_by("code")
        .first()
    )
    resident = (
        Resident.objects.filter(grid=first_grid, relation_to_head=Resident.Relation.HEAD)
        .order_by("id")
        .first()
    )
    group = staff_group()
    specs = [
        ("demo_admin", Role.SYSTEM_ADMIN, {}, True),
        ("demo_district", Role.DISTRICT, {"region": district}, True),
        ("demo_street", Role.STREET, {"region": street}, True),
        ("demo_community", Role.COMMUNITY, {"region": wulan}, True),
        # Grid workers and residents work in the site (the workbench, field work), never
        # in the Django admin: only the staff who administer records get it.
        ("demo_grid", Role.GRID_WORKER, {"grid": first_grid}, False),
        ("demo_grid_other", Role.GRID_WORKER, {"grid": other_grid}, False),
        ("demo_resident", Role.RESIDENT, {"resident": resident}, False),
        ("demo_department", Role.DEPARTMENT, {"department": departments["热力公司"]}, False),
    ]
    User = get_user_model()
    rows = []
    encoded = None
    for username, role, node, is_staff in specs:
        user = User(
            username=username,
            is_staff=is_staff,
            is_superuser=role == Role.SYSTEM_ADMIN,
        )
        if encoded is None:
            user.set_password(settings.BANSHI_DEMO_PASSWORD)
            encoded = user.password
        else:
            # The same (public) password: reuse the first hash rather than spend a
            # deliberately slow Argon2 run on each account.
            user.password = encoded
        user.save()
        assignment = RoleAssignment(user=user, role=role, **node)
        assignment.full_clean()
        assignment.save()
        if is_staff and role != Role.SYSTEM_ADMIN:
            user.groups.add(group)
        scope = str(next(iter(node.values()))) if node else _("全部")
        if role == Role.GRID_WORKER:
            scope = f"{node['grid'].community.name} · {node['grid'].name}"
        elif role == Role.RESIDENT:
            scope = f"{resident.name}（{first_grid.name}）"
        rows.append(AccountRow(username, str(assignment.get_role_display()), scope, is_staff))
    return rows
