"""The development of members (发展党员): an application, then activist, candidate and
admission as a probationary member in order; a stop with its reason; one open record per
resident; only the branch's managers write; and when a branch last named a candidate."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.organizations.models import Applicant, PartyMember
from banshi.organizations.selectors import last_candidate_on
from banshi.organizations.services import applicant_advance, applicant_drop, applicant_record
from tests.villages.conftest import county, person, places, users  # noqa: F401

__all__ = ["county", "places", "users"]
D = datetime.date


def test_from_application_to_admission(places, users):
    branch = places.a.branch
    resident = person("王申请")
    a = applicant_record(
        organization=branch, resident=resident, applied_on="2024-03-01", user=users.secretary
    )
    assert a.stage == Applicant.Stage.APPLIED
    applicant_advance(applicant=a, on="2024-09-01", user=users.secretary)
    a.refresh_from_db()
    assert a.stage == Applicant.Stage.ACTIVIST and a.activist_on == D(2024, 9, 1)
    before = last_candidate_on(branch, D(2026, 1, 1))
    applicant_advance(applicant=a, on="2025-10-01", user=users.town)
    a.refresh_from_db()
    assert a.stage == Applicant.Stage.CANDIDATE
    assert before == D(2025, 5, 1)  # the fixture's candidate
    assert last_candidate_on(branch, D(2026, 1, 1)) == D(2025, 10, 1)
    assert last_candidate_on(branch, D(2025, 9, 30)) == D(2025, 5, 1)
    applicant_advance(applicant=a, on="2026-07-01", user=users.secretary)
    a.refresh_from_db()
    member = PartyMember.objects.get(resident=resident)
    assert a.stage == Applicant.Stage.ADMITTED
    assert member.status == PartyMember.Status.PROBATIONARY and member.joined_on == D(2026, 7, 1)
    assert member.organization == branch
    with pytest.raises(ValidationError, match="已结束"):
        applicant_advance(applicant=a, on="2026-08-01", user=users.secretary)
    with pytest.raises(ValidationError, match="已是党员"):
        applicant_record(organization=branch, resident=resident, applied_on="2026-08-01")


def test_bad_steps_and_writers(places, users):
    branch = places.a.branch
    resident = person("李申请")
    with pytest.raises(PermissionDenied):
        applicant_record(
            organization=branch, resident=resident, applied_on="2024-03-01", user=users.other_town
        )
    for bad, message in (("", "有效"), ("2024-13-01", "有效"), ("2999-01-01", "不能晚于今天")):
        with pytest.raises(ValidationError, match=message):
            applicant_record(organization=branch, resident=resident, applied_on=bad)
    a = applicant_record(organization=branch, resident=resident, applied_on="2024-03-01")
    with pytest.raises(ValidationError, match="正在进行"):
        applicant_record(organization=places.b.branch, resident=resident, applied_on="2024-04-01")
    with pytest.raises(ValidationError, match="依次进行"):
        applicant_advance(applicant=a, on="2024-02-01")
    with pytest.raises(PermissionDenied):
        applicant_advance(applicant=a, on="2024-06-01", user=users.other_town)
    with pytest.raises(ValidationError, match="终止原因"):
        applicant_drop(applicant=a, on="2024-06-01", note=" ")
    applicant_drop(applicant=a, on="2024-06-01", note="外出务工")
    a.refresh_from_db()
    assert a.stage == Applicant.Stage.DROPPED and a.note == "外出务工"
    with pytest.raises(ValidationError, match="已结束"):
        applicant_advance(applicant=a, on="2024-07-01")
    # Dropped, the resident may apply again (to another branch too).
    again = applicant_record(
        organization=places.b.branch, resident=resident, applied_on="2025-01-01"
    )
    assert again.stage == Applicant.Stage.APPLIED


def test_last_candidate_counts_members_admitted(places):
    branch = places.c.branch
    Applicant.objects.filter(organization=branch).delete()
    # The fixture's members joined in 2005: the last "candidate" Banshi knows of.
    assert last_candidate_on(branch, D(2026, 4, 25)) == D(2005, 7, 1)
    assert last_candidate_on(branch, D(2005, 6, 30)) is None
