"""The volunteers' pages: the team list in scope, a team's page and its forms (bad input
400 with the message and nothing written, a forbidden write 403, a team out of scope 404),
the activity's page for the organiser (the code, sign-ups) and for a volunteer (sign up),
the phone's sync endpoint's refusals, the XLSX, and the certificate PDF only to its own."""

import datetime
import io

from openpyxl import load_workbook

from banshi.volunteers import services
from banshi.volunteers.codes import checkin_code
from banshi.volunteers.models import ServiceRecord, Volunteer, VolunteerActivity, VolunteerSignUp

from .conftest import sync


def test_team_list_is_scoped(team, staff, login, member):
    assert "乌兰社区志愿服务队" in login(staff.street).get("/volunteers/").content.decode()
    assert "乌兰社区志愿服务队" not in login(staff.other).get("/volunteers/").content.decode()
    page = login(member.user).get("/volunteers/")
    assert page.status_code == 200 and list(page.context["mine"]) == [member.volunteer]


def test_team_page_in_scope_only(team, staff, login, member):
    url = f"/volunteers/teams/{team.pk}/"
    assert login(staff.community).get(url).status_code == 200
    assert login(member.user).get(url).status_code == 200
    assert login(staff.other).get(url).status_code == 404
    assert login(staff.elsewhere).post(url, {"action": "register"}).status_code == 404
    assert login(staff.community).get("/volunteers/teams/987654321/").status_code == 404


def test_register_by_id_number_bad_input_and_forbidden(world, team, staff, login, member):
    url = f"/volunteers/teams/{team.pk}/"
    manager = login(staff.community)
    response = manager.post(url, {"action": "register", "id_number": "123"})
    assert response.status_code == 400 and "身份证号" in response.content.decode()
    # A resident of another community is outside the manager's scope.
    outside = world.residents[world.grid3.code][0]
    response = manager.post(url, {"action": "register", "id_number": outside.id_number})
    assert response.status_code == 400
    # A volunteer may not register others.
    inside = world.residents[world.grid1.code][1]
    response = login(member.user).post(url, {"action": "register", "id_number": inside.id_number})
    assert response.status_code == 403
    assert Volunteer.objects.count() == 1
    response = manager.post(url, {"action": "register", "id_number": inside.id_number})
    assert response.status_code == 302 and Volunteer.objects.count() == 2


def test_publish_activity(team, staff, login):
    url = f"/volunteers/teams/{team.pk}/"
    form = {
        "action": "activity",
        "title": "义诊",
        "place": "社区卫生站",
        "starts_at": "2026-12-20T09:00",
        "ends_at": "2026-12-20T08:00",
        "capacity": "10",
    }
    response = login(staff.community).post(url, form)
    assert response.status_code == 400 and "结束时间应晚于开始时间" in response.content.decode()
    response = login(staff.community).post(url, {**form, "ends_at": "not a time"})
    assert response.status_code == 400
    assert not VolunteerActivity.objects.exists()
    response = login(staff.community).post(url, {**form, "ends_at": "2026-12-20T11:00"})
    assert response.status_code == 302 and VolunteerActivity.objects.get().capacity == 10


def test_activity_page_organiser_and_volunteer(activity, staff, member, login):
    url = f"/volunteers/activities/{activity.pk}/"
    page = login(staff.community).get(url)
    assert page.status_code == 200 and page.context["code_open"]
    assert page.context["code"] in page.content.decode()
    volunteer_page = login(member.user).get(url)
    assert volunteer_page.status_code == 200 and "code" not in volunteer_page.context
    assert login(member.user).get(f"{url}code/").status_code == 404
    assert login(staff.other).get(url).status_code == 404
    assert login(member.user).post(url, {"action": "sign_up"}).status_code == 302
    assert VolunteerSignUp.objects.filter(volunteer=member.volunteer).exists()
    again = login(member.user).post(url, {"action": "sign_up"})
    assert again.status_code == 400 and "已报名" in again.content.decode()
    # A volunteer may not act as the organiser.
    response = login(member.user).post(url, {"action": "sign_in", "volunteer": member.volunteer.pk})
    assert response.status_code == 403 and not ServiceRecord.objects.exists()
    response = login(staff.community).post(url, {"action": "sign_in", "volunteer": "x"})
    assert response.status_code == 400
    response = login(staff.community).post(
        url, {"action": "sign_in", "volunteer": member.volunteer.pk}
    )
    assert response.status_code == 302 and ServiceRecord.objects.get().source == "organiser"
    assert login(staff.community).post(url, {"action": "nope"}).status_code == 400


def test_sync_refusals(activity, member, login, staff, make_user, world):
    phone = login(member.user)
    at = activity.starts_at + datetime.timedelta(minutes=5)
    response, _b = sync(
        phone,
        activity=activity,
        at=at,
        code="000000" if checkin_code(activity, at) != "000000" else "111111",
    )
    assert response.status_code == 400 and "签到码" in response.json()["error"]
    response, _b = sync(phone, activity=activity, at=at, kind="sideways")
    assert response.status_code == 400
    response, _b = sync(phone, activity=activity, at=at, kind="out")
    assert response.status_code == 400 and "尚未签到" in response.json()["error"]
    response, _b = sync(phone, activity=activity, at=at - datetime.timedelta(days=2))
    assert response.status_code == 400
    bad = phone.post("/volunteers/checkin/sync/", data="{", content_type="application/json")
    assert bad.status_code == 400
    response, _b = sync(login(staff.community), activity=activity, at=at)
    assert response.status_code == 403
    assert not ServiceRecord.objects.exists()
    assert phone.get("/volunteers/checkin/").status_code == 200
    # The form without JavaScript.
    response = phone.post("/volunteers/checkin/sync/", {"code": "12", "kind": "in"})
    assert response.status_code == 400


def test_xlsx_for_managers_only(activity, member, staff, login):
    services.organiser_sign_in(activity=activity, volunteer=member.volunteer, at=activity.starts_at)
    url = f"/volunteers/teams/{activity.team_id}/records.xlsx"
    response = login(staff.street).get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(2, 1).value == member.resident.name
    assert login(member.user).get(url).status_code == 404
    assert login(staff.other).get(url).status_code == 404


def test_certificate_pdf_only_to_its_own(activity, member, other_member, staff, login):
    services.organiser_sign_in(activity=activity, volunteer=member.volunteer, at=activity.starts_at)
    services.organiser_sign_out(
        activity=activity,
        volunteer=member.volunteer,
        at=activity.starts_at + datetime.timedelta(hours=2),
    )
    response = login(other_member.user).post(
        "/volunteers/me/certificates/", {"volunteer": member.volunteer.pk}
    )
    assert response.status_code == 400
    response = login(member.user).post(
        "/volunteers/me/certificates/", {"volunteer": member.volunteer.pk}
    )
    assert response.status_code == 302
    certificate = member.volunteer.certificates.get()
    url = f"/volunteers/certificates/{certificate.pk}.pdf"
    assert login(other_member.user).get(url).status_code == 404
    assert login(staff.other).get(url).status_code == 404
    assert login(staff.community).get(url).content.startswith(b"%PDF")
    me = login(member.user).get("/volunteers/me/")
    assert certificate.code in me.content.decode()
