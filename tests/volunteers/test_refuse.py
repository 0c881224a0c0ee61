"""Refusing a correction (驳回更正): a second person (not the requester, not the volunteer, a
manager of the team) refuses with a reason; the record's hours and the volunteer's stars stay
as they were; a refused correction cannot then be approved, nor refused again; the activity's
page offers the refusal where it offers the approval."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.volunteers import selectors, services
from banshi.volunteers.models import HoursCorrection, ServiceRecord


@pytest.fixture
def record(activity, member):
    services.organiser_sign_in(activity=activity, volunteer=member.volunteer, at=activity.starts_at)
    return services.organiser_sign_out(
        activity=activity,
        volunteer=member.volunteer,
        at=activity.starts_at + datetime.timedelta(hours=2),
    )


@pytest.fixture
def correction(record, staff):
    return services.correction_request(
        record=record, delta="2", reason="漏记签退", user=staff.community
    )


def _hours(member):
    return selectors.resident_summary(user=member.user)


def test_refuse_by_a_second_person_keeps_the_hours(correction, record, member, staff):
    before = _hours(member)
    assert before["hours"] == Decimal(2)
    services.correction_refuse(correction=correction, user=staff.street, reason="无签到照片")
    correction.refresh_from_db()
    assert correction.refused and not correction.approved
    assert correction.refused_by == staff.street and correction.refuse_reason == "无签到照片"
    assert _hours(member) == before  # hours and stars as they were
    record.refresh_from_db()
    assert record.hours == Decimal(2)
    assert selectors.with_approved_hours(ServiceRecord.objects.all()).get().approved == 2
    # A refused correction is decided: not approved afterwards, not refused again.
    with pytest.raises(ValidationError, match="已驳回"):
        services.correction_approve(correction=correction, user=staff.street)
    with pytest.raises(ValidationError):
        services.correction_refuse(correction=correction, user=staff.street, reason="再驳回")
    assert _hours(member) == before


def test_who_may_refuse_and_the_reason(correction, member, staff):
    with pytest.raises(PermissionDenied):  # the requester
        services.correction_refuse(correction=correction, user=staff.community, reason="理由")
    with pytest.raises(PermissionDenied):  # the volunteer
        services.correction_refuse(correction=correction, user=member.user, reason="理由")
    with pytest.raises(PermissionDenied):  # an outsider
        services.correction_refuse(correction=correction, user=staff.other, reason="理由")
    for reason in ("", "   ", "x" * 301, "a\x00b"):
        with pytest.raises(ValidationError):
            services.correction_refuse(correction=correction, user=staff.street, reason=reason)
    correction.refresh_from_db()
    assert not correction.decided


def test_an_approved_correction_cannot_be_refused(correction, member, staff):
    services.correction_approve(correction=correction, user=staff.street)
    assert _hours(member)["hours"] == Decimal(4)
    with pytest.raises(ValidationError, match="已审核"):
        services.correction_refuse(correction=correction, user=staff.street, reason="理由")
    assert _hours(member)["hours"] == Decimal(4)


def test_refuse_on_the_activity_page(activity, correction, member, staff, login):
    url = f"/volunteers/activities/{activity.pk}/"
    form = {"action": "refuse", "correction": correction.pk, "refuse_reason": "无签到照片"}
    second = login(staff.street)
    page = second.get(url).content.decode()
    assert 'value="refuse"' in page and 'name="refuse_reason"' in page
    # The requester: 403 with the message, as approving is.
    response = login(staff.community).post(url, form)
    assert response.status_code == 403 and "第二人审核" in response.content.decode()
    # The volunteer (read-only here): 403.
    assert login(member.user).post(url, form).status_code == 403
    # No reason, or no such correction: 400 with the message.
    response = second.post(url, {**form, "refuse_reason": ""})
    assert response.status_code == 400 and "请填写驳回理由" in response.content.decode()
    response = second.post(url, {**form, "correction": "987654321"})
    assert response.status_code == 400 and "更正申请不存在" in response.content.decode()
    # Out of scope: 404.
    assert login(staff.other).post(url, form).status_code == 404
    assert not HoursCorrection.objects.filter(refused_at__isnull=False).exists()
    response = second.post(url, form)
    assert response.status_code == 302
    page = second.get(url).content.decode()
    assert "已驳回" in page and "无签到照片" in page
    # Then approving it is bad input, and the hours are the record's.
    response = second.post(url, {"action": "approve", "correction": correction.pk})
    assert response.status_code == 400 and "已驳回" in response.content.decode()
    me = login(member.user).get("/volunteers/me/")
    assert me.context["summary"]["hours"] == Decimal(2)
