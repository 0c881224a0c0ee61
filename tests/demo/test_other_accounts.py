"""`banshi demo` names the modules' own accounts under its table, numbered runs folded."""

import pytest

from banshi.access.models import RoleAssignment
from banshi.demo.management.commands.demo import other_accounts


@pytest.mark.django_db
def test_other_accounts_fold_numbered_runs(world, make_user):
    for n in (1, 2, 12):
        make_user(f"demo_secretary_{n:02d}", RoleAssignment.Role.SYSTEM_ADMIN)
    make_user("demo_yuquan", RoleAssignment.Role.DISTRICT, region=world.district)
    make_user("demo_street", RoleAssignment.Role.STREET, region=world.street)
    make_user("someone", RoleAssignment.Role.DISTRICT, region=world.district)
    line = other_accounts({"demo_street"})
    assert line == "demo_secretary_01…12（系统管理员）、demo_yuquan（区县组织部）"
    assert other_accounts({"demo_street", "demo_yuquan"}).endswith("（系统管理员）")
