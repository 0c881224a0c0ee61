"""Creates, updates and deletes of the domain records, and permission changes, are audited
with who, when, what and the changed fields — never ciphertext, hashes or clear IDs."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory

from banshi.access.audit_context import AuditContextMiddleware, audit_actor, audit_muted
from banshi.access.models import AuditEvent, Department, RoleAssignment
from banshi.enterprises.models import Enterprise
from banshi.people.models import ResidentTag
from banshi.people.services import resident_create, resident_update
from banshi.territory.models import Building, Region
from tests.conftest import make_id_number

User = get_user_model()


def events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


def last(**filters) -> AuditEvent:
    return AuditEvent.objects.filter(**filters).order_by("-id").first()


@pytest.fixture
def actor(make_user):
    return make_user("actor", "system_admin")


def test_create_update_delete_of_a_region(db, actor):
    with audit_actor(actor):
        city = Region.objects.create(code="150100000000", name="呼和浩特市", kind="city")
        region = Region.objects.create(
            code="150102000000", name="新城区", kind="district", parent=city
        )
        created = last(object_id=str(region.pk), object_type="territory.Region")
        assert created.action == "create"
        assert created.user == actor and created.username == "actor"
        assert created.object_repr == "新城区"
        assert created.changes["name"] == {"after": "新城区"}
        assert created.changes["parent"] == {"after": city.pk}

        region.name = "新城区（改）"
        region.save()
        updated = last(object_id=str(region.pk))
        assert updated.action == "update"
        assert updated.changes == {"name": {"before": "新城区", "after": "新城区（改）"}}

        pk = region.pk
        region.delete()
        deleted = last(object_id=str(pk))
        assert deleted.action == "delete"
        assert deleted.changes["name"] == {"before": "新城区（改）"}
        assert deleted.changes["code"] == {"before": "150102000000"}


def test_a_save_without_changes_records_nothing(world, actor):
    before = AuditEvent.objects.count()
    world.street.save()
    world.grid1.save()
    assert AuditEvent.objects.count() == before


def test_update_fields_limits_the_comparison(world):
    world.street.name = "大学东路街道（新）"
    world.street.save(update_fields=["name"])
    assert last(object_id=str(world.street.pk)).changes == {
        "name": {"before": "大学东路街道", "after": "大学东路街道（新）"}
    }


def test_resident_id_change_is_logged_without_values(world, actor):
    resident = world.residents[world.grid1.code][0]
    old_id, new_id = resident.id_number, make_id_number(500)
    old_enc, old_hash = resident.id_number_enc, resident.id_number_hash
    with audit_actor(actor):
        resident_update(resident=resident, id_number=new_id, phone="13904710000")
    event = last(object_type="people.Resident", object_id=str(resident.pk))
    assert event.action == "update"
    assert event.changes["id_number"] == {"changed": True}
    assert event.changes["phone"] == {"changed": True}
    assert not any(k.endswith(("_enc", "_hash", "_masked")) for k in event.changes)
    text = json.dumps(event.changes, ensure_ascii=False)
    resident.refresh_from_db()
    for secret in (
        old_id,
        new_id,
        old_id[-4:] + '"',
        "13904710000",
        old_enc,
        old_hash,
        resident.id_number_enc,
        resident.id_number_hash,
        resident.id_number_masked,
    ):
        assert secret not in text


def test_resident_create_records_no_identity_values(world):
    resident = resident_create(
        name="王五", id_number=make_id_number(77), phone="13904717777", household=None
    )
    event = last(object_type="people.Resident", object_id=str(resident.pk))
    assert event.action == "create"
    assert event.changes["name"] == {"after": "王五"}
    assert event.changes["id_number"] == {"changed": True}
    text = json.dumps(event.changes, ensure_ascii=False)
    assert make_id_number(77) not in text and "13904717777" not in text
    assert resident.id_number_enc not in text


def test_bulk_tag_delete_through_a_queryset_is_audited(world):
    resident = world.residents[world.grid1.code][0]
    resident_update(resident=resident, tags=["low_income", "disabled"])
    # bulk_create inside resident_update records nothing by itself...
    assert not events(object_type="people.ResidentTag", action="create")
    resident_update(resident=resident, tags=["disabled"])
    # ...but the queryset delete sends post_delete per row.
    [deleted] = events(object_type="people.ResidentTag", action="delete")
    assert deleted.changes["tag"] == {"before": "low_income"}
    assert ResidentTag.objects.filter(resident=resident).count() == 1


def test_large_values_are_marked_not_copied(world):
    grid = world.grid1
    ring = grid.boundary["coordinates"][0]
    grid.boundary = {"type": "Polygon", "coordinates": [ring[:-1] * 10 + [ring[0]]]}
    grid.save()
    assert last(object_type="territory.Grid").changes == {"boundary": {"changed": True}}


def test_the_request_user_and_address_are_the_actor(world, actor):
    factory = RequestFactory()
    request = factory.post("/x/", REMOTE_ADDR="10.1.2.3")
    request.user = actor

    def view(request):
        Department.objects.create(name="应急管理局")
        return None

    AuditContextMiddleware(view)(request)
    event = last(object_type="access.Department")
    assert event.user == actor and event.ip_address == "10.1.2.3"
    # Outside a request nobody is the actor.
    Department.objects.create(name="民政局")
    event = last(object_type="access.Department")
    assert event.user is None and event.ip_address is None


def test_muted_block_records_nothing(world):
    before = AuditEvent.objects.count()
    with audit_muted():
        Building.objects.create(grid=world.grid1, number="9号楼")
    assert AuditEvent.objects.count() == before
    Building.objects.create(grid=world.grid1, number="10号楼")
    assert AuditEvent.objects.count() == before + 1


def test_role_assignment_changes_are_permission_events(world, actor, make_user):
    user = make_user("wg")
    with audit_actor(actor):
        ra = RoleAssignment.objects.create(user=user, role="grid_worker", grid=world.grid1)
        ra.grid = world.grid2
        ra.save()
        pk = ra.pk
        ra.delete()
    kinds = [
        (e.action, sorted(e.changes))
        for e in events(object_type="access.RoleAssignment", object_id=str(pk))
    ]
    assert kinds[0][0] == "permission" and "role" in kinds[0][1] and "grid" in kinds[0][1]
    assert kinds[1] == ("permission", ["grid"])
    assert kinds[2][0] == "permission"
    assert all(
        e.user == actor for e in events(object_type="access.RoleAssignment", object_id=str(pk))
    )


def test_groups_and_permissions_of_a_user(db, actor):
    user = User.objects.create_user("u1", password="Banshi-test-1")
    group = Group.objects.create(name="网格员组")
    perm = Permission.objects.get(codename="reveal_personal_info")
    with audit_actor(actor):
        user.groups.add(group)
        user.user_permissions.add(perm)
        user.user_permissions.remove(perm)
        user.groups.clear()
        group.permissions.add(perm)
        group.user_set.add(user)
    got = [(e.object_type, e.changes) for e in events(action="permission", user=actor)]
    assert got == [
        ("auth.User", {"groups": {"added": ["网格员组"]}}),
        ("auth.User", {"user_permissions": {"added": ["people.reveal_personal_info"]}}),
        ("auth.User", {"user_permissions": {"removed": ["people.reveal_personal_info"]}}),
        ("auth.User", {"groups": {"removed": ["网格员组"]}}),
        ("auth.Group", {"permissions": {"added": ["people.reveal_personal_info"]}}),
        ("auth.Group", {"user": {"added": ["u1"]}}),
    ]


def test_superuser_and_staff_flags_are_permission_events(db, actor):
    user = User.objects.create_user("u2", password="Banshi-test-1")
    with audit_actor(actor):
        user.is_staff = True
        user.is_superuser = True
        user.save()
    event = last(object_type="auth.User", object_id=str(user.pk))
    assert event.action == "permission"
    assert event.changes == {
        "is_staff": {"before": False, "after": True},
        "is_superuser": {"before": False, "after": True},
    }


def test_password_change_and_login_time(db):
    user = User.objects.create_user("u3", password="Banshi-test-1")
    created = last(object_type="auth.User", object_id=str(user.pk))
    assert created.changes["password"] == {"changed": True}
    assert user.password not in json.dumps(created.changes)
    before = AuditEvent.objects.count()
    from django.utils import timezone

    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert AuditEvent.objects.count() == before  # a login's bookkeeping is not a change
    user.set_password("Another-pass-2")
    user.save()
    event = last(object_type="auth.User", object_id=str(user.pk))
    assert event.action == "update" and event.changes == {"password": {"changed": True}}
    assert "Another-pass-2" not in json.dumps(event.changes)


def test_enterprise_and_organization_writes_are_audited(world):
    e = Enterprise.objects.create(
        name="青城科技有限公司", credit_code="91150105MA0N000000", grid=world.grid1
    )
    assert last(object_type="enterprises.Enterprise").changes["name"] == {
        "after": "青城科技有限公司"
    }
    e.party_org_status = "own"
    e.save()
    change = last(object_type="enterprises.Enterprise").changes
    assert change["party_org_status"]["after"] == "own"


def test_audit_events_are_append_only(world):
    event = AuditEvent.objects.first()
    event.reason = "x"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
