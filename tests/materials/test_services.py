"""`material_publish`, `material_push` and `material_open`: good input is stored (one receipt
per member of a branch at push time; a subtree expands to its branches), bad input refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from banshi.materials import services
from banshi.materials.models import LearningMaterial, MaterialPush, MaterialReceipt
from banshi.organizations.services import member_admit, organization_create

from .conftest import JPEG, NOW, PDF


def test_publish_stores_the_month_as_its_first_day(material):
    assert material.month == datetime.date(2026, 11, 1)


def test_publish_takes_a_pdf_or_an_image_told_by_its_bytes(tree):
    for data, kind, ext in ((PDF, "application/pdf", ".pdf"), (JPEG, "image/jpeg", ".jpg")):
        m = services.material_publish(
            publisher=tree.committee,
            title="附件材料",
            month=NOW,
            file=SimpleUploadedFile("x.doc", data),
        )
        assert m.file_type == kind and m.file.name.endswith(ext)
        assert "x.doc" not in m.file.name


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": " "}, "请填写标题"),
        ({"body": ""}, "请填写正文或上传附件"),
        (
            {"body": "", "file": SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>")},
            "格式不支持",
        ),
        ({"month": "2026-11"}, "请填写学习月份"),
    ],
)
def test_publish_refuses_bad_input(tree, changes, message):
    fields = {"publisher": tree.committee, "title": "材料", "body": "正文", "month": NOW} | changes
    with pytest.raises(ValidationError) as exc:
        services.material_publish(**fields)
    assert message in str(exc.value)
    assert not LearningMaterial.objects.exists()


def test_publish_for_an_organization_outside_the_scope_is_refused(tree, make_user):
    outsider = make_user("out", "district", region=tree.committee.region.parent.parent)
    stranger = make_user("stranger", "party_secretary", party_organization=tree.branch_a)
    services.material_publish(
        publisher=tree.committee, title="t", body="b", month=NOW, user=outsider
    )
    with pytest.raises(ValidationError):
        services.material_publish(
            publisher=tree.committee, title="t", body="b", month=NOW, user=stranger
        )


def test_push_creates_one_receipt_per_member_at_push_time(tree, material):
    pushes = services.material_push(material=material, organizations=[tree.branch_a], at=NOW)
    assert [p.organization for p in pushes] == [tree.branch_a]
    got = set(MaterialReceipt.objects.values_list("member_id", flat=True))
    assert got == {m.pk for m in tree.members_a}
    assert all(r.delivered_at == NOW for r in MaterialReceipt.objects.all())


def test_push_to_a_subtree_reaches_every_branch_with_their_notes(tree, material):
    pushes = services.material_push(
        material=material,
        subtree=tree.committee,
        notes={tree.branch_b.pk: "风电场交接班后学习"},
        tailored_note="请组织学习",
    )
    assert {p.organization for p in pushes} == {tree.branch_a, tree.branch_b}
    notes = dict(MaterialPush.objects.values_list("organization__name", "tailored_note"))
    assert notes == {"机关党支部": "请组织学习", "风电场党支部": "风电场交接班后学习"}
    assert MaterialReceipt.objects.count() == len(tree.members_a) + len(tree.members_b)


def test_pushing_again_changes_nothing_and_a_later_member_has_no_receipt(tree, material, world):
    services.material_push(material=material, organizations=[tree.branch_a])
    newcomer = member_admit(
        resident=world.residents[world.grid3.code][0],
        organization=tree.branch_a,
        joined_on=datetime.date(2026, 11, 20),
    )
    assert services.material_push(material=material, subtree=tree.committee) != []
    again = services.material_push(material=material, organizations=[tree.branch_a])
    assert again == []
    assert not MaterialReceipt.objects.filter(member=newcomer).exists()
    assert MaterialPush.objects.count() == 2


@pytest.mark.parametrize("target", ["committee", "both", "none", "outside"])
def test_push_refuses_what_is_not_a_branch_of_the_publisher(tree, material, target, world):
    kw = {
        "committee": {"organizations": [tree.committee]},
        "both": {"organizations": [tree.branch_a], "subtree": tree.committee},
        "none": {},
        "outside": {
            "organizations": [
                organization_create(name="别的支部", kind="branch", region=world.street)
            ]
        },
    }[target]
    with pytest.raises(ValidationError):
        services.material_push(material=material, **kw)
    assert not MaterialPush.objects.exists() and not MaterialReceipt.objects.exists()


def test_open_is_the_members_own_and_idempotent(tree, material, users):
    services.material_push(material=material, organizations=[tree.branch_a])
    receipt = MaterialReceipt.objects.get(member=tree.members_a[0])
    with pytest.raises(PermissionDenied):
        services.material_open(receipt=receipt, user=users.secretary_a)
    first = services.material_open(receipt=receipt, user=users.member_a, at=NOW)
    assert first.opened_at == NOW
    later = services.material_open(
        receipt=receipt, user=users.member_a, at=NOW + datetime.timedelta(days=1)
    )
    assert later.opened_at == NOW


def test_a_body_over_the_limit_is_refused_with_its_length(tree):
    with pytest.raises(ValidationError, match="20,000"):
        services.material_publish(
            title="过长的材料",
            month=NOW,
            body="学" * (services.BODY_MAX + 1),
            publisher=tree.committee,
            user=None,
        )


def test_seeing_a_branch_is_not_publishing_or_pushing_for_it(tree, world, make_user):
    """A grid worker sees the grid branch of their grid, but only its secretary and the
    organization departments above it publish and push for it."""
    grid_branch = organization_create(
        name="第一网格党支部", kind="grid_branch", parent=tree.committee, grid=world.grid1
    )
    worker = make_user("gw", "grid_worker", grid=world.grid1)
    with pytest.raises(PermissionDenied, match="发布学习材料"):
        services.material_publish(
            publisher=grid_branch, title="材料", body="正文", month=NOW, user=worker
        )
    own = services.material_publish(publisher=grid_branch, title="材料", body="正文", month=NOW)
    with pytest.raises(PermissionDenied, match="推送学习材料"):
        services.material_push(material=own, organizations=[grid_branch], user=worker)
    assert not own.pushes.exists()
    secretary = make_user("gs", "party_secretary", party_organization=grid_branch)
    assert services.material_push(material=own, organizations=[grid_branch], user=secretary)
