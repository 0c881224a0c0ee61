"""The obligations pages and the party-life tiles: a secretary opens their branch's calendar
(and no other branch's), a district sees its branches behind, most overdue first, with the
numbers of `obligations.behind`; bad months answer 400 in Chinese; the tiles show the same
counts as the calendar."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from banshi.access.models import RoleAssignment
from banshi.partylife import obligations

from .pl_world import activity, at, branches, make_up

ROLE = RoleAssignment.Role


@pytest.fixture
def b(world):
    b = branches(world)
    x = b.b_members
    act = activity(b.b, "theme_day", at(2026, 11, 6), members=x, present=x[:1])
    make_up(act, x[1], at(2026, 11, 9))
    activity(b.b, "theme_day", at(2026, 10, 6), members=x, present=x)
    return b


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_secretary_opens_their_branch_calendar_only(b, make_user):
    c = client_for(make_user("sec", ROLE.PARTY_SECRETARY, party_organization=b.b))
    home = c.get(reverse("partylife:obligations"))
    url = reverse("partylife:obligations_branch", args=[b.b.pk])
    assert home.status_code == 302 and home.url == url
    page = c.get(url, {"month": "2026-11"})
    html = page.content.decode()
    assert page.status_code == 200
    lines = obligations.calendar(b.b, 2026, 11)
    assert re.search(r'data-rule="theme_day" data-status="held"', html)
    assert f'data-count="due">{len(lines)}<' in html
    overdue = sum(ln.status == "overdue" for ln in lines)
    assert f'data-count="overdue">{overdue}<' in html
    assert c.get(reverse("partylife:obligations_branch", args=[b.a.pk])).status_code == 404


def test_a_branch_calendar_lists_the_missed_windows_and_members_to_follow_up(b, make_user):
    c = client_for(make_user("sec", ROLE.PARTY_SECRETARY, party_organization=b.b))
    html = c.get(
        reverse("partylife:obligations_branch", args=[b.b.pk]), {"month": "2026-11"}
    ).content.decode()
    missed = obligations.missed(b.b, 2026, now=at(2026, 12, 1, 0))
    assert html.count("<li>", html.index("data-missed")) >= len(missed)
    assert "主题党日：2026-09-01 – 2026-09-30" in html  # September was missed
    assert "主题党日：2026-10-01" not in html  # October was held


def test_a_district_sees_its_branches_behind_most_overdue_first(world, b, make_user):
    c = client_for(make_user("dist", ROLE.DISTRICT, region=world.district))
    assert c.get(reverse("partylife:obligations")).url == reverse(
        "partylife:obligations_region", args=[world.district.code]
    )
    page = c.get(
        reverse("partylife:obligations_region", args=[world.district.code]), {"month": "2026-11"}
    )
    html = page.content.decode()
    rows = obligations.behind(world.district.prefix, 2026, now=at(2026, 12, 1, 0))
    found = re.findall(r'data-branch="(\d+)".*?data-overdue[^>]*>(\d+)<', html)
    assert [(int(pk), int(n)) for pk, n in found] == [(o.pk, n) for o, n in rows]
    assert [int(pk) for pk, _n in found] == [b.a.pk, b.b.pk]
    other = c.get(reverse("partylife:obligations_region", args=[world.other_district.code]))
    assert other.status_code == 404


def test_a_committee_page_lists_the_branches_under_it(b, make_user):
    c = client_for(make_user("sec", ROLE.PARTY_SECRETARY, party_organization=b.district))
    html = c.get(reverse("partylife:obligations_branch", args=[b.district.pk])).content.decode()
    assert f'data-branch="{b.a.pk}"' in html and f'data-branch="{b.b.pk}"' in html


@pytest.mark.parametrize("month", ["2026-13", "11-2026", "2026", "x" * 300])
def test_a_bad_month_is_a_400_with_a_message(world, b, make_user, month):
    c = client_for(make_user("dist", ROLE.DISTRICT, region=world.district))
    for url in (
        reverse("partylife:obligations_region", args=[world.district.code]),
        reverse("partylife:obligations_branch", args=[b.b.pk]),
    ):
        page = c.get(url, {"month": month})
        assert page.status_code == 400
        assert "YYYY-MM" in page.content.decode() or "月份无效" in page.content.decode()


def test_a_user_with_nothing_to_see_gets_404(world, make_user):
    c = client_for(make_user("dept", ROLE.RESIDENT, resident=world.residents[world.grid3.code][0]))
    assert c.get(reverse("partylife:obligations")).status_code == 404
    assert c.get(reverse("partylife:obligations_region", args=["abc"])).status_code == 404


def test_the_tiles_show_the_calendar_counts(world, b, make_user):
    sec = client_for(make_user("sec", ROLE.PARTY_SECRETARY, party_organization=b.b))
    html = sec.get("/").content.decode()
    assert 'data-tile="partylife.branch"' in html
    assert reverse("partylife:obligations_branch", args=[b.b.pk]) in html
    member = b.b_members[1]
    me = client_for(make_user("me", ROLE.RESIDENT, resident=member.resident))
    html = me.get("/").content.decode()
    assert 'data-tile="partylife.member"' in html
    # Expected twice this year, present in October, November made up: none open.
    assert "应参加 2 次，出席 1 次，补学 1 次" in html
    assert "data-open-makeups" not in html
    dist = client_for(make_user("dist", ROLE.DISTRICT, region=world.district))
    html = dist.get("/").content.decode()
    behind = len(obligations.behind(world.district.prefix, 2026))
    assert 'data-tile="partylife.department"' in html
    assert f"2 个支部中 {behind} 个有逾期任务" in html
