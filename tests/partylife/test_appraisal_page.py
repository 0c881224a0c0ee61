"""The appraisal and talks page of an organization: open the round, grade (the one-third
cap and the probationary rule answered 400 in Chinese), close; record a talk; out of scope
404."""

from django.urls import reverse

from banshi.partylife.models import AppraisalGrade, AppraisalRound, Talk


def test_appraisal_page_flow(client, life):
    url = reverse("partylife:appraisal", args=[life.branch.pk])
    client.force_login(life.secretary)
    assert client.get(url).status_code == 200
    grade = {"action": "grade", "year": 2026}
    assert (
        client.post(url, {**grade, "member": life.members[0].pk, "grade": "qualified"}).status_code
        == 400
    )
    assert (
        client.post(url, {"action": "open", "year": 2026, "held_on": "2026-11-25"}).status_code
        == 302
    )
    round_ = AppraisalRound.objects.get(organization=life.branch, year=2026)
    full = [m for m in life.members if m.status == "full"]
    for m in full[:2]:
        assert client.post(url, {**grade, "member": m.pk, "grade": "excellent"}).status_code == 302
    refused = client.post(url, {**grade, "member": full[2].pk, "grade": "excellent"})
    assert refused.status_code == 400 and "三分之一" in refused.content.decode()
    refused = client.post(url, {**grade, "member": life.members[6].pk, "grade": "qualified"})
    assert refused.status_code == 400 and "预备党员" in refused.content.decode()
    assert client.post(url, {**grade, "member": "x", "grade": "qualified"}).status_code == 400
    for m in full[2:]:
        client.post(url, {**grade, "member": m.pk, "grade": "qualified"})
    assert AppraisalGrade.objects.filter(round=round_).count() == len(full)
    assert client.post(url, {"action": "close", "year": 2026}).status_code == 302
    round_.refresh_from_db()
    assert round_.status == "closed"
    talk = {
        "action": "talk",
        "member": life.members[1].pk,
        "held_on": "2026-11-02",
        "by_name": "王书记",
    }
    assert client.post(url, talk).status_code == 302
    assert Talk.objects.filter(member=life.members[1]).count() == 1
    assert client.post(url, {**talk, "by_name": ""}).status_code == 400


def test_appraisal_page_out_of_scope(client, life):
    url = reverse("partylife:appraisal", args=[life.branch.pk])
    for user in (life.other_secretary, life.member_users[0]):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "open", "held_on": "2026-11-25"}).status_code == 404
