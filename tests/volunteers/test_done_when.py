"""Issue 14's Done-when for volunteering: a volunteer signs in and out of an activity on the
phone (once offline: the sync arrives later with the earlier time), the hours and the stars
follow, an attempt to change the hours afterwards is refused (no edit service; a correction
needs a second person), a certificate PDF is issued and /verify/<code>/ confirms it with the
masked name."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.volunteers import services
from banshi.volunteers.models import HoursCorrection, ServiceRecord, VolunteerCertificate

from .conftest import sync


def test_sign_in_out_offline_hours_stars_correction_certificate_verify(
    activity, member, staff, login, settings
):
    settings.BANSHI_VOLUNTEER_STARS = (3, 6, 10, 15, 20)
    phone = login(member.user)
    start = activity.starts_at
    # Signed in offline two minutes after the start; the outbox sends it hours later.
    signed_in = start + datetime.timedelta(minutes=2)
    response, body = sync(phone, activity=activity, at=signed_in)
    assert response.status_code == 200, response.content.decode()
    record = ServiceRecord.objects.get()
    assert record.signed_in_at == signed_in and record.source == "code"
    # The outbox sends it again (the answer was lost): stored once.
    again = phone.post("/volunteers/checkin/sync/", data=body, content_type="application/json")
    assert again.status_code == 200 and ServiceRecord.objects.count() == 1
    # Signed out (offline too) 3 h 18 min later: 3.0 hours, rounded down to half hours.
    signed_out = start + datetime.timedelta(hours=3, minutes=20)
    response, _body = sync(phone, activity=activity, at=signed_out, kind="out")
    assert response.status_code == 200, response.content.decode()
    assert response.json()["hours"] == "3.0"
    record.refresh_from_db()
    assert record.signed_out_at == signed_out and record.hours == Decimal("3.0")

    me = phone.get("/volunteers/me/")
    assert me.status_code == 200
    assert me.context["summary"]["hours"] == Decimal("3.0")
    assert me.context["summary"]["stars"] == 1

    # Nobody edits hours: no service does it, and the model refuses writing a closed record.
    assert not hasattr(services, "record_update")
    record.hours = Decimal("9.0")
    with pytest.raises(ValidationError):
        record.save()
    record.refresh_from_db()
    assert record.hours == Decimal("3.0")
    # Nor may the organiser sign them out again.
    with pytest.raises(ValidationError):
        services.organiser_sign_out(
            activity=activity, volunteer=member.volunteer, user=staff.community
        )
    # A correction is a new record; its requester cannot approve it, a second person can.
    correction = services.correction_request(
        record=record, delta="1.5", reason="签退时手机没电，实际服务至下午", user=staff.community
    )
    with pytest.raises(PermissionDenied):
        services.correction_approve(correction=correction, user=staff.community)
    with pytest.raises(PermissionDenied):
        services.correction_approve(correction=correction, user=member.user)
    assert phone.get("/volunteers/me/").context["summary"]["hours"] == Decimal("3.0")
    services.correction_approve(correction=correction, user=staff.street)
    correction.refresh_from_db()
    assert correction.approved_by == staff.street
    summary = phone.get("/volunteers/me/").context["summary"]
    assert summary["hours"] == Decimal("4.5") and summary["stars"] == 1
    record.refresh_from_db()
    assert record.hours == Decimal("3.0")  # the record itself stays as signed

    # The certificate, on the volunteer's request.
    response = phone.post("/volunteers/me/certificates/", {"volunteer": member.volunteer.pk})
    assert response.status_code == 302
    certificate = VolunteerCertificate.objects.get()
    assert certificate.hours == Decimal("4.5") and list(certificate.records.all()) == [record]
    assert certificate.team == activity.team and len(certificate.code) == 12
    pdf = phone.get(f"/volunteers/certificates/{certificate.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # The public verification page, for anyone.
    from django.test import Client  # noqa: PLC0415 - an anonymous client, here only

    page = Client().get(f"/verify/{certificate.code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert member.resident.name == "居民1" and page.context["name"] == "居*1"
    assert "居*1" in text
    assert "4.5" in text and "乌兰社区志愿服务队" in text
    assert member.resident.name not in text
    assert member.resident.id_number_masked not in text
    assert Client().get("/verify/ABCDEFGHJKLM/").status_code == 404
    assert HoursCorrection.objects.count() == 1
