"""The committee page of an organization: the secretary fills a post and records a holder
leaving (each refusal answered 400 with its Chinese reason), the vacancy shown; the
district manages it too; out of scope (another branch, a member, a grid worker) 404."""

from django.urls import reverse

from banshi.access.models import RoleAssignment
from banshi.organizations.models import CommitteeSeat


def test_committee_page_flow(client, life):
    url = reverse("partylife:committee", args=[life.branch.pk])
    client.force_login(life.secretary)
    page = client.get(url).content.decode()
    assert 'id="pl-fill"' in page and "尚未登记书记" in page
    fill = {"action": "fill", "post": "secretary", "started_on": "2025-06-01"}
    assert client.post(url, {**fill, "member": life.members[0].pk}).status_code == 302
    assert client.post(url, {**fill, "member": life.members[1].pk, "post": "organization"})
    refused = client.post(url, {**fill, "member": life.members[2].pk})
    assert refused.status_code == 400 and "已有书记" in refused.content.decode()
    # The outsider is not offered and not accepted; junk ids are a message, not a 500.
    for bad in (life.outsider.pk, "x", "١٢", "9" * 30):
        refused = client.post(url, {**fill, "member": bad, "post": "member"})
        assert refused.status_code == 400 and "请选择党员" in refused.content.decode()
    refused = client.post(url, {**fill, "member": life.members[2].pk, "started_on": "明天"})
    assert refused.status_code == 400 and "有效的任职日期" in refused.content.decode()
    assert client.post(url, {"action": "nope"}).status_code == 400
    seats = CommitteeSeat.objects.filter(organization=life.branch, ended_on__isnull=True)
    assert sorted(seats.values_list("post", flat=True)) == ["organization", "secretary"]
    page = client.get(url).content.decode()
    assert "在任委员 2 人，支委会须 2 人以上到会" in page
    secretary = seats.get(post="secretary")
    vacate = {"action": "vacate", "seat": secretary.pk, "ended_on": "2026-11-01"}
    refused = client.post(url, {**vacate, "note": ""})
    assert refused.status_code == 400 and "离任原因" in refused.content.decode()
    assert client.post(url, {**vacate, "seat": "x", "note": "换届"}).status_code == 400
    assert client.post(url, {**vacate, "note": "换届"}).status_code == 302
    page = client.get(url).content.decode()
    assert 'id="pl-vacant"' in page and "2026-11-01" in page
    assert "换届" in page  # the history keeps the reason


def test_committee_page_access(client, life, make_user):
    url = reverse("partylife:committee", args=[life.branch.pk])
    seat = {"action": "fill", "member": life.members[0].pk, "post": "secretary"}
    grid = make_user("wg", RoleAssignment.Role.GRID_WORKER, grid=life.world.grid1)
    for user in (life.other_secretary, life.member_users[0], grid):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {**seat, "started_on": "2025-06-01"}).status_code == 404
    assert not CommitteeSeat.objects.exists()
    # The district's organization department manages its subtree.
    client.force_login(life.district_user)
    assert 'id="pl-fill"' in client.get(url).content.decode()
    assert client.post(url, {**seat, "started_on": "2025-06-01"}).status_code == 302
