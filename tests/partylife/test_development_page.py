"""The development page of a branch: its managers record an application by ID number and
the next steps; a grid worker or another township sees no form and may not write; bad
input answers 400 with the message."""

import datetime

from banshi.organizations.models import Applicant
from tests.conftest import make_id_number
from tests.villages.conftest import county, login, person, places, users  # noqa: F401

__all__ = ["county", "login", "places", "users"]


def test_record_and_advance_from_the_page(places, users, login):
    branch = places.a.branch
    url = f"/partylife/organizations/{branch.pk}/development/"
    page = login(users.secretary).get(url)
    body = page.content.decode()
    assert page.status_code == 200 and 'id="pl-apply"' in body
    assert "王桂发展对象" in body and "2025-05-01" in body
    resident = person("赵申请", birth="19990101")
    number = resident.id_number
    c = login(users.secretary)
    bad = c.post(url, {"action": "record", "id_number": "123", "applied_on": "2025-01-01"})
    assert bad.status_code == 400 and "18位公民身份号码" in bad.content.decode()
    other = make_id_number(999, place="150124", birth="19990101")
    missing = c.post(url, {"action": "record", "id_number": other, "applied_on": "2025-01-01"})
    assert missing.status_code == 400 and "未找到" in missing.content.decode()
    ok = c.post(url, {"action": "record", "id_number": number.lower(), "applied_on": "2025-01-01"})
    assert ok.status_code == 302
    a = Applicant.objects.get(resident=resident)
    assert a.organization == branch and a.applied_on == datetime.date(2025, 1, 1)
    early = c.post(url, {"action": "advance", "applicant": a.pk, "on": "2024-01-01"})
    assert early.status_code == 400 and "依次进行" in early.content.decode()
    assert (
        c.post(url, {"action": "advance", "applicant": a.pk, "on": "2025-06-01"}).status_code == 302
    )
    a.refresh_from_db()
    assert a.stage == Applicant.Stage.ACTIVIST
    junk = c.post(url, {"action": "advance", "applicant": "x", "on": "2025-06-01"})
    assert junk.status_code == 400 and "请选择" in junk.content.decode()
    assert c.post(url, {"action": "??"}).status_code == 400


def test_others_may_not_write(places, users, login):
    branch = places.a.branch
    url = f"/partylife/organizations/{branch.pk}/development/"
    assert login(users.other_town).get(url).status_code == 404
    a = Applicant.objects.get(organization=branch)
    post = login(users.other_town).post(
        url, {"action": "advance", "applicant": a.pk, "on": "2026-01-01"}
    )
    assert post.status_code == 404
    a.refresh_from_db()
    assert a.stage == Applicant.Stage.CANDIDATE
    # Another branch's record is not this page's to advance.
    other = Applicant.objects.get(organization=places.b.branch)
    c = login(users.secretary)
    cross = c.post(url, {"action": "advance", "applicant": other.pk, "on": "2026-01-01"})
    assert cross.status_code == 400
