"""The publisher's form: publish and push in one step (to the chosen branches, or to every
branch under the publisher), each bad input a 400 with its message and nothing stored."""

from django.core.files.uploadedfile import SimpleUploadedFile

from banshi.materials.models import LearningMaterial, MaterialPush, MaterialReceipt

from .conftest import PDF


def _data(tree, **changes):
    return {
        "publisher": tree.committee.pk,
        "title": "十二月学习材料",
        "month": "2026-11",
        "body": "学习全会精神。",
        "tailored_note": "请按时学习",
    } | changes


def test_the_form_publishes_and_pushes_to_every_branch(tree, users, login):
    c = login(users.committee)
    assert c.get("/materials/new/").status_code == 200
    r = c.post("/materials/new/", _data(tree))
    material = LearningMaterial.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/materials/{material.pk}/"
    assert {p.organization for p in MaterialPush.objects.all()} == {tree.branch_a, tree.branch_b}
    assert MaterialReceipt.objects.count() == len(tree.members_a) + len(tree.members_b)
    assert material.month.isoformat() == "2026-11-01" and material.created_by == users.committee


def test_the_form_pushes_to_the_chosen_branch_with_a_file(tree, users, login):
    c = login(users.committee)
    data = _data(tree, body="", branches=[tree.branch_b.pk])
    data["file"] = SimpleUploadedFile("m.pdf", PDF, content_type="application/pdf")
    assert c.post("/materials/new/", data).status_code == 302
    assert [p.organization for p in MaterialPush.objects.all()] == [tree.branch_b]
    assert LearningMaterial.objects.get().file_type == "application/pdf"


def test_the_form_refuses_bad_input(tree, users, login):
    c = login(users.committee)
    fake = SimpleUploadedFile("m.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    for changes, message in [
        ({"body": ""}, "请填写正文或上传附件"),
        ({"title": ""}, "该字段是必填项"),
        ({"month": "November"}, "日期"),
        ({"body": "", "file": fake}, "格式不支持"),
        ({"publisher": "987654"}, "选择一个有效的选项"),
    ]:
        r = c.post("/materials/new/", _data(tree, **changes))
        assert r.status_code == 400, changes
        assert message in r.content.decode(), (changes, message)
    assert not LearningMaterial.objects.exists() and not MaterialPush.objects.exists()


def test_a_branch_secretary_cannot_publish_for_the_committee(tree, users, login):
    c = login(users.secretary_a)
    r = c.post("/materials/new/", _data(tree))
    assert r.status_code == 400
    assert not LearningMaterial.objects.exists()
    # For their own branch they may: the push goes to the branch itself.
    r = c.post("/materials/new/", _data(tree, publisher=tree.branch_a.pk))
    assert r.status_code == 302
    assert [p.organization for p in MaterialPush.objects.all()] == [tree.branch_a]


def test_the_admin_shows_pushes_but_adds_none(tree, material, users, login):
    c = login(users.admin)
    users.admin.is_staff = users.admin.is_superuser = True
    users.admin.save()
    assert c.get("/admin/materials/materialpush/add/").status_code == 403
    assert c.get("/admin/materials/materialpush/").status_code == 200
