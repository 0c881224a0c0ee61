"""The rectification pages: the county opens a campaign, screens, confirms and makes a
plan; the township sees its villages' screenings and reports progress but may not decide
(403); another township sees nothing (404); bad input re-renders with a Chinese message
and 400; a figure's drill-down lists its plans."""

import datetime

from banshi.organizations.services import committee_seat_vacate
from banshi.rectification.models import Campaign, Plan, ProgressReport, Screening

D = datetime.date


def test_county_to_plan_and_township_progress(places, users, login):
    county, town, other = login(users.county), login(users.town), login(users.other_town)
    assert town.post("/rectification/", {"county": places.county.code}).status_code == 403
    bad = county.post(
        "/rectification/",
        {
            "county": places.county.code,
            "year": "2026",
            "screening_deadline": "2026-06-30",
            "rectification_deadline": "2026-04-30",
        },
    )
    assert bad.status_code == 400 and "整顿截止日期不能早于排查截止日期" in bad.content.decode()
    r = county.post(
        "/rectification/",
        {
            "county": places.county.code,
            "year": "2026",
            "screening_deadline": "2026-04-30",
            "rectification_deadline": "2026-06-30",
        },
    )
    campaign = Campaign.objects.get()
    assert r.status_code == 302
    committee_seat_vacate(seat=places.a.secretary, ended_on=D(2025, 12, 1), note="调任")
    screen = f"/rectification/{campaign.pk}/screen/"
    assert town.post(screen, {"on": "2026-04-25"}).status_code == 404
    assert county.post(f"/rectification/{campaign.pk}/screen/", {"on": "x"}).status_code == 400
    assert (
        county.post(f"/rectification/{campaign.pk}/screen/", {"on": "2026-04-25"}).status_code
        == 302
    )
    # Before the screening the township sees no campaign (404); after it, may not rerun it.
    assert town.post(screen, {"on": "2026-04-25"}).status_code == 403
    page = town.get(f"/rectification/{campaign.pk}/").content.decode()
    assert "王桂窑村党支部" in page and "书记空缺超过3个月" in page and "自2025-12-01起空缺" in page
    assert other.get(f"/rectification/{campaign.pk}/").content.decode().count("王桂窑村") == 0
    s = Screening.objects.get(village=places.a.region)
    url = f"/rectification/screenings/{s.pk}/"
    assert other.post(url + "decide/", {"confirm": "1", "on": "2026-04-28"}).status_code == 404
    assert town.post(url + "decide/", {"confirm": "1", "on": "2026-04-28"}).status_code == 403
    assert county.post(url + "decide/", {"confirm": "1", "on": "2026-04-28"}).status_code == 302
    assert county.post(url + "plan/", {"problems": "x"}).status_code == 400
    r = county.post(
        url + "plan/",
        {
            "problems": "书记空缺",
            "goals": "配强",
            "measures": "选派",
            "responsible": "镇党委书记",
            "paired_leader": "组织部长",
            "on": "2026-05-05",
        },
    )
    plan = Plan.objects.get()
    assert r.status_code == 302 and plan.deadline == D(2026, 6, 30)
    purl = f"/rectification/plans/{plan.pk}/"
    assert other.get(purl).status_code == 404
    assert town.post(purl + "progress/", {"report": "", "on": "2026-05-10"}).status_code == 400
    assert (
        town.post(purl + "progress/", {"report": "已物色人选", "on": "2026-05-10"}).status_code
        == 302
    )
    assert ProgressReport.objects.get().reporter == users.town
    assert town.post(purl + "accept/", {"opinion": "x", "on": "2026-06-01"}).status_code == 403
    assert county.post(purl + "nonsense/").status_code == 404
    sec = login(users.secretary)
    assert "已物色人选" in sec.get(purl).content.decode()
    drill = county.get(
        f"/regions/{places.county.code}/figures/rectification_plans/", {"period": "2026"}
    ).content.decode()
    assert "共 1 条记录" in drill and "王桂窑村党支部" in drill


def test_a_criterion_by_hand_from_the_page(places, users, login, campaign):
    county = login(users.county)
    assert (
        county.post(f"/rectification/{campaign.pk}/screen/", {"on": "2026-04-25"}).status_code
        == 302
    )
    page = county.get(f"/rectification/{campaign.pk}/", {"all": "1"})
    assert page.status_code == 200 and "杨家窑村党支部" in page.content.decode()
    s = Screening.objects.get(village=places.b.region)
    url = f"/rectification/screenings/{s.pk}/finding/"
    form = {"criterion": "no_candidates", "met": "1", "evidence": "", "on": "2026-04-25"}
    bad = county.post(url, form)
    assert bad.status_code == 400 and "请填写佐证材料" in bad.content.decode()
    assert login(users.town).post(url, {**form, "evidence": "台账"}).status_code == 403
    assert (
        county.post(url, {**form, "evidence": "乡镇台账：2024年以来无发展对象"}).status_code == 302
    )
    s.refresh_from_db()
    assert s.flagged
    listed = county.get(f"/rectification/{campaign.pk}/").content.decode()
    assert "两年以上未发展党员" in listed and "乡镇台账" in listed
