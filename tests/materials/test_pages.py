"""The materials pages: the publisher's list and coverage page, the member's list and
reading page (opening marks the receipt opened), the file, and the home tiles."""

from django.core.files.uploadedfile import SimpleUploadedFile

from banshi.materials import services
from banshi.materials.models import MaterialReceipt

from .conftest import NOW, PDF


def test_coverage_page_names_who_has_not_opened_or_received(tree, material, users, login):
    services.material_push(material=material, organizations=[tree.branch_a])
    opened = MaterialReceipt.objects.get(member=tree.members_a[0])
    services.material_open(receipt=opened, user=users.member_a)
    page = login(users.committee).get(f"/materials/{material.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    unopened = [m.resident.name for m in tree.members_a[1:]]
    row_a = html.split(f'data-org="{tree.branch_a.pk}"')[1].split("</tr>")[0]
    assert all(name in row_a for name in unopened)
    assert tree.members_a[0].resident.name not in row_a
    row_b = html.split(f'data-org="{tree.branch_b.pk}"')[1].split("</tr>")[0]
    assert all(m.resident.name in row_b for m in tree.members_b)  # never pushed there
    assert "33.3%" in html  # one of three opened
    assert "秒" not in html and "排名" not in html  # coverage, not time spent or a ranking


def test_coverage_page_outside_the_scope_is_404(tree, material, users, login, make_user, world):
    services.material_push(material=material, organizations=[tree.branch_a])
    other = make_user("other", "district", region=world.other_district)
    assert login(other).get(f"/materials/{material.pk}/").status_code == 404
    assert login(users.member_a).get(f"/materials/{material.pk}/").status_code == 404
    assert login(users.committee).get("/materials/987654/").status_code == 404
    # A branch it was not pushed to does not see it; the branch it was pushed to does.
    assert login(users.secretary_a).get(f"/materials/{material.pk}/").status_code == 200
    assert material.title in login(users.committee).get("/materials/").content.decode()
    assert material.title not in login(other).get("/materials/").content.decode()


def test_the_member_opens_their_material_once(tree, material, users, login):
    services.material_push(material=material, organizations=[tree.branch_a])
    c = login(users.member_a)
    page = c.get("/materials/mine/").content.decode()
    assert material.title in page and "data-unread" in page
    receipt = MaterialReceipt.objects.get(member=tree.members_a[0])
    assert c.get(f"/materials/mine/{receipt.pk}/").status_code == 200
    receipt.refresh_from_db()
    first = receipt.opened_at
    assert first is not None
    c.get(f"/materials/mine/{receipt.pk}/")
    receipt.refresh_from_db()
    assert receipt.opened_at == first
    assert "data-unread" not in c.get("/materials/mine/").content.decode()
    others = MaterialReceipt.objects.exclude(pk=receipt.pk)
    assert not others.filter(opened_at__isnull=False).exists()
    assert c.get(f"/materials/mine/{others.first().pk}/").status_code == 404
    assert login(users.secretary_a).get(f"/materials/mine/{receipt.pk}/").status_code == 404


def test_the_file_opens_for_its_readers_only(tree, users, login):
    m = services.material_publish(
        publisher=tree.committee, title="附件", month=NOW, file=SimpleUploadedFile("a.pdf", PDF)
    )
    services.material_push(material=m, organizations=[tree.branch_a])
    r = login(users.member_a).get(f"/materials/{m.pk}/file/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content) == PDF
    assert login(users.member_b).get(f"/materials/{m.pk}/file/").status_code == 404
    assert login(users.committee).get(f"/materials/{m.pk}/file/").status_code == 200


def test_the_home_tiles(tree, material, users, login):
    services.material_push(material=material, subtree=tree.committee)
    home = login(users.member_a).get("/").content.decode()
    assert 'data-tile="materials.unread"' in home and "待读学习材料" in home
    home = login(users.committee).get("/").content.decode()
    assert 'data-tile="materials.published"' in home and material.title in home
