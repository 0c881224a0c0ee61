"""The main menu: the apps' entries for the user's roles, in the order they register, on
every page (base.html loops over `nav_entries`)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from banshi.access.models import Department
from banshi.core import navigation
from banshi.core.navigation import NavEntry

BASE_MENU = [
    "首页",
    "接诉即办",
    "区划",
    "居民",
    "党组织",
    "组织生活",
    "非公企业",
    "红蜂驿站",
    "理论宣讲",
    "学习材料",
]
SERVICE_MENU = ["志愿服务", "表扬与党建品牌", "实事项目"]
# The county's and the townships' (a community is a village's staff: no contests; union aid
# is a street's federation's).
STAFF_MENU = [
    *BASE_MENU,
    "村“两委”",
    "比武争星",
    "村干部考核",
    *SERVICE_MENU,
    "工会帮扶",
    "报送核对",
]
_LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>')


def menu(user=None) -> list[tuple[str, str]]:
    """(label, href) of the main menu on a page every visitor may open."""
    client = Client()
    if user is not None:
        client.force_login(user)
    html = client.get(reverse("demands:track_form")).content.decode()
    nav = html[html.index('<nav class="nav"') : html.index("</nav>")]
    return [(label, href) for href, label in _LINK.findall(nav)]


def labels(user=None) -> list[str]:
    return [label for label, _href in menu(user)]


def test_a_visitor_is_offered_the_progress_lookup_only(db):
    assert menu() == [("诉求进度查询", reverse("demands:track_form"))]


@pytest.mark.parametrize("role", ["district", "street"])
def test_region_staff_see_the_staff_menu(world, make_user, role):
    node = {"district": world.district, "street": world.street}
    assert labels(make_user(role, role, region=node[role])) == STAFF_MENU


def test_a_community_sees_its_village_committees_not_the_contests(world, make_user):
    user = make_user("community", "community", region=world.community)
    assert labels(user) == [*BASE_MENU, "村“两委”", *SERVICE_MENU, "报送核对"]


def test_a_grid_worker_also_sees_field_work(world, make_user):
    user = make_user("grid", "grid_worker", grid=world.grid1)
    # A grid worker organises no branch's life: no 组织生活.
    assert labels(user) == [
        *BASE_MENU[:2],
        "走访巡查",
        *(label for label in BASE_MENU[2:] if label != "组织生活"),
        *SERVICE_MENU,
    ]
    assert ("走访巡查", reverse("fieldwork:today")) in menu(user)


def test_a_superuser_sees_the_staff_menu_and_the_admin(db):
    root = get_user_model().objects.create_superuser("root", password="Banshi-test-1")
    assert menu(root) == [
        ("首页", reverse("home")),
        ("接诉即办", reverse("demands:queue")),
        ("区划", reverse("region_tree")),
        ("居民", reverse("resident_list")),
        ("党组织", reverse("organization_list")),
        ("组织生活", reverse("partylife:activities")),
        ("非公企业", reverse("enterprise_list")),
        ("红蜂驿站", reverse("rider_station_list")),
        ("理论宣讲", reverse("lectures:index")),
        ("学习材料", reverse("materials:list")),
        ("村“两委”", reverse("villages:index")),
        ("比武争星", reverse("contests:index")),
        ("村干部考核", reverse("assessment:index")),
        ("志愿服务", reverse("volunteers:index")),
        ("表扬与党建品牌", reverse("praise:index")),
        ("实事项目", reverse("projects:index")),
        ("工会帮扶", reverse("unions:index")),
        ("报送核对", reverse("workreports:index")),
        ("管理后台", reverse("admin:index")),
    ]


def test_the_admin_is_for_staff_accounts_only(world, make_user):
    user = make_user("street", "street", region=world.street)
    assert "管理后台" not in labels(user)
    user.is_staff = True
    user.save()
    assert labels(user) == [*STAFF_MENU, "管理后台"]


def test_a_department_sees_home_and_the_demands(make_user):
    user = make_user("dept", "department", department=Department.objects.create(name="区城管局"))
    assert labels(user) == ["首页", "接诉即办"]


def test_a_resident_sees_their_own_demands_not_the_staff_menus(world, make_user):
    user = make_user("resident", "resident", resident=world.residents[world.grid1.code][0])
    assert menu(user) == [
        ("首页", reverse("home")),
        ("我的诉求", reverse("demands:list")),
        ("提交诉求", reverse("demands:new")),
        ("我的实事项目", reverse("projects:mine")),
        ("我的志愿服务", reverse("volunteers:me")),
    ]


def test_a_user_without_roles_sees_home_only(make_user):
    assert labels(make_user("nobody")) == ["首页"]


def test_the_current_page_is_marked(world, make_user):
    client = Client()
    client.force_login(make_user("grid", "grid_worker", grid=world.grid1))
    html = client.get(reverse("region_tree")).content.decode()
    assert f'<a href="{reverse("region_tree")}" aria-current="page">' in html


def test_an_entry_registered_twice_differently_is_refused():
    entry = navigation.all_entries()[0]
    navigation.register(entry)  # the same entry again: nothing changes
    with pytest.raises(ValueError, match="registered twice"):
        navigation.register(NavEntry(entry.key, entry.label, entry.url_name, entry.order + 1))
