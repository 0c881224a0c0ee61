import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from banshi.access.models import AuditEvent


@pytest.fixture
def revealer(make_user, world):
    user = make_user("revealer", "grid_worker", grid=world.grid1)
    user.user_permissions.add(Permission.objects.get(codename="reveal_personal_info"))
    return user


def detail(resident):
    return reverse("resident_detail", args=[resident.pk])


def test_detail_shows_masked_values_only(login, grid_user, world):
    resident = world.residents[world.grid1.code][0]
    response = login(grid_user).get(detail(resident))
    assert response.status_code == 200
    html = response.content.decode()
    assert resident.id_number_masked in html and resident.phone_masked in html
    assert resident.id_number not in html and resident.phone not in html
    assert "no-store" in response["Cache-Control"]


def test_out_of_scope_resident_answers_404(login, grid_user, revealer, world):
    other = world.residents[world.grid3.code][0]
    assert login(grid_user).get(detail(other)).status_code == 404
    response = login(revealer).post(detail(other), {"reason": "核实身份"})
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_tags_only_for_roles_that_serve_them(login, grid_user, make_user, world, civic):
    resident = world.residents[world.grid1.code][0]
    worker_html = login(grid_user).get(detail(resident)).content.decode()
    assert "独居老人" in worker_html
    secretary = make_user("secretary", "party_secretary", party_organization=civic.wulan)
    response = login(secretary).get(detail(resident))
    assert response.status_code == 200  # a member of the secretary's organization
    assert "独居老人" not in response.content.decode()
    assert "服务标签" not in response.content.decode()


def test_no_reveal_form_and_403_without_permission(login, grid_user, world):
    resident = world.residents[world.grid1.code][0]
    client = login(grid_user)
    assert 'id="reveal-form"' not in client.get(detail(resident)).content.decode()
    response = client.post(detail(resident), {"reason": "核实身份"})
    assert response.status_code == 403
    assert resident.id_number not in response.content.decode()
    assert not AuditEvent.objects.filter(action="reveal").exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_reveal_requires_a_reason(login, revealer, world, reason):
    resident = world.residents[world.grid1.code][0]
    response = login(revealer).post(detail(resident), {"reason": reason})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写查看理由" in html
    assert resident.id_number not in html
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_reveal_reason_too_long_is_refused(login, revealer, world):
    resident = world.residents[world.grid1.code][0]
    response = login(revealer).post(detail(resident), {"reason": "长" * 201})
    assert "理由不能超过200字" in response.content.decode()
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_reveal_shows_clear_values_once_and_audits(login, revealer, world):
    resident = world.residents[world.grid1.code][0]
    client = login(revealer)
    assert 'id="reveal-form"' in client.get(detail(resident)).content.decode()
    response = client.post(detail(resident), {"reason": "入户核实身份信息"})
    assert response.status_code == 200
    html = response.content.decode()
    assert resident.id_number in html and resident.phone in html
    event = AuditEvent.objects.get(action="reveal")
    assert event.user == revealer
    assert event.reason == "入户核实身份信息"
    assert event.object_id == str(resident.pk)
    assert event.object_type == "people.Resident"
    # The next visit shows the masked values again.
    again = client.get(detail(resident)).content.decode()
    assert resident.id_number not in again
