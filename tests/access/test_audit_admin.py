"""The audit trail in the admin: read-only, searchable, filterable, exportable to XLSX;
role assignments and departments editable by system administrators, and audited."""

import io
import json

import openpyxl
import pytest
from django.utils import timezone

from banshi.access.models import AuditEvent, Department, RoleAssignment
from banshi.access.services import audit_record

LIST = "/admin/access/auditevent/"


@pytest.fixture
def sysadmin(make_user):
    user = make_user("sa", "system_admin")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def street_staff(world, make_user):
    user = make_user("jd", "street", region=world.street)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def trail(db):
    audit_record(action="login", username="zhangwei")
    audit_record(action="export", username="lina", rows=12)
    audit_record(action="login_failed", username="zhangwei")
    audit_record(action="reveal", username='=HYPERLINK("http://x")', reason="+cmd")
    return AuditEvent.objects.all()


def test_only_system_admins_see_the_trail(client, sysadmin, street_staff, trail):
    client.force_login(street_staff)
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}export/").status_code == 403
    client.force_login(sysadmin)
    assert client.get(LIST).status_code == 200
    client.logout()
    r = client.get(LIST)
    assert r.status_code == 302 and "/admin/login/" in r["Location"]


def test_nobody_can_add_change_or_delete(client, sysadmin, trail):
    client.force_login(sysadmin)
    event = trail.first()
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.get(f"{LIST}{event.pk}/delete/").status_code == 403
    assert client.post(f"{LIST}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    # The change page is a read-only view: posting changes nothing.
    assert client.get(f"{LIST}{event.pk}/change/").status_code == 200
    r = client.post(f"{LIST}{event.pk}/change/", {"username": "someone-else"})
    assert r.status_code == 403
    event.refresh_from_db()
    assert event.username != "someone-else"
    page = client.get(LIST).content.decode()
    assert "delete_selected" not in page
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_superuser_cannot_delete_either(client, trail, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="Banshi-test-1")
    client.force_login(root)
    event = trail.first()
    assert client.post(f"{LIST}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    r = client.post(LIST, {"action": "delete_selected", "_selected_action": [event.pk]})
    assert r.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def listed(client, query: dict) -> list[str]:
    r = client.get(LIST, query)
    assert r.status_code == 200
    return [e.username for e in r.context["cl"].result_list]


def test_search_by_user_object_and_action_label(client, sysadmin, trail):
    client.force_login(sysadmin)
    assert sorted(listed(client, {"q": "zhangwei"})) == ["zhangwei", "zhangwei"]
    assert listed(client, {"q": "登录失败"}) == ["zhangwei"]
    assert listed(client, {"q": "导出"}) == ["lina"]
    assert listed(client, {"action__exact": "export"}) == ["lina"]


def test_date_filter(client, sysadmin, trail):
    old = trail.get(username="lina")
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timezone.timedelta(days=40))
    client.force_login(sysadmin)
    since = timezone.localtime() - timezone.timedelta(days=7)
    recent = listed(client, {"at__gte": since.isoformat()})
    assert "lina" not in recent and "zhangwei" in recent


def read_xlsx(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_the_filtered_list(client, sysadmin, trail):
    client.force_login(sysadmin)
    page = client.get(LIST, {"q": "zhangwei"}).content.decode()
    assert 'href="/admin/access/auditevent/export/?q=zhangwei"' in page
    assert "导出" in page
    r = client.get(f"{LIST}export/", {"q": "zhangwei"})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r["Content-Disposition"]
    rows = read_xlsx(r.content)
    assert rows[0][:3] == ["时间", "用户名", "操作"]
    assert sorted(row[2] for row in rows[1:]) == ["登录", "登录失败"]
    assert {row[1] for row in rows[1:]} == {"zhangwei"}
    event = AuditEvent.objects.filter(action="export", user=sysadmin).get()
    assert event.rows == 2 and event.object_type == "access.AuditEvent"


def test_export_writes_text_not_formulas(client, sysadmin, trail):
    client.force_login(sysadmin)
    r = client.get(f"{LIST}export/", {"action__exact": "reveal"})
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cells = {c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row if c.value}
    assert cells['=HYPERLINK("http://x")'] == "s"
    assert cells["+cmd"] == "s"


def test_export_with_a_bad_filter_goes_back_to_the_list(client, sysadmin, trail):
    client.force_login(sysadmin)
    r = client.get(f"{LIST}export/", {"at__gte": "not-a-date"})
    assert r.status_code == 302
    assert not AuditEvent.objects.filter(action="export", user=sysadmin).exists()


def test_role_assignment_added_in_the_admin_is_audited(client, world, sysadmin, make_user):
    target = make_user("newworker")
    client.force_login(sysadmin)
    r = client.post(
        "/admin/access/roleassignment/add/",
        {"user": target.pk, "role": "grid_worker", "grid": world.grid3.pk},
    )
    assert r.status_code == 302, r.context["adminform"].form.errors if r.context else r
    ra = RoleAssignment.objects.get(user=target)
    event = AuditEvent.objects.get(object_type="access.RoleAssignment", object_id=str(ra.pk))
    assert event.action == "permission"
    assert event.user == sysadmin
    assert event.ip_address == "127.0.0.1"
    assert event.changes["role"] == {"after": "grid_worker"}
    assert event.changes["grid"] == {"after": world.grid3.pk}


def test_role_assignment_validation_in_the_admin(client, world, sysadmin, make_user):
    target = make_user("newworker")
    client.force_login(sysadmin)
    r = client.post("/admin/access/roleassignment/add/", {"user": target.pk, "role": "grid_worker"})
    assert r.status_code == 200
    assert "该角色必须绑定到对应的节点" in r.content.decode()
    r = client.post(
        "/admin/access/roleassignment/add/",
        {"user": target.pk, "role": "street", "region": world.community.pk},
    )
    assert "区划层级与角色不符" in r.content.decode()
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_department_change_in_the_admin_is_audited(client, sysadmin):
    dept = Department.objects.create(name="住建局")
    client.force_login(sysadmin)
    r = client.post(f"/admin/access/department/{dept.pk}/change/", {"name": "住房和城乡建设局"})
    assert r.status_code == 302
    event = AuditEvent.objects.filter(object_type="access.Department", action="update").get()
    assert event.user == sysadmin
    assert event.changes == {"name": {"before": "住建局", "after": "住房和城乡建设局"}}
    assert json.dumps(event.changes)


def test_role_assignments_are_hidden_from_other_staff(client, world, street_staff):
    client.force_login(street_staff)
    assert client.get("/admin/access/roleassignment/").status_code == 403
    assert client.get("/admin/access/department/").status_code == 403
    assert "/admin/access/" not in client.get("/admin/").content.decode()
