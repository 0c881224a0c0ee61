"""Issue 13's "done when": a weak organization from an automatic criterion (its secretary
post vacant 4 months) through its plan, tasks, progress, acceptance and sign-off, to a
relapse in the follow-up year that reopens it; and the screening is re-runnable."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from banshi.organizations.services import committee_seat_fill, committee_seat_vacate
from banshi.rectification import services
from banshi.rectification.models import Criterion, Plan, Screening, ScreeningFinding, Task

D = datetime.date


def by_village(screenings, village):
    return next(s for s in screenings if s.village == village)


def test_vacant_secretary_to_sign_off_and_relapse(places, campaign, users):
    a = places.a
    # Secretary left on 2025-12-20: on 2026-04-25 the post has been vacant ~4 months.
    committee_seat_vacate(seat=a.secretary, ended_on=D(2025, 12, 20), note="调任")
    screenings = services.screen(campaign=campaign, on=D(2026, 4, 25), user=users.county)
    s = by_village(screenings, a.region)
    other = by_village(screenings, places.b.region)
    assert s.flagged and not other.flagged
    finding = s.findings.get(criterion=Criterion.SECRETARY_VACANT)
    assert finding.met and finding.automatic
    assert finding.value == "自2025-12-20起空缺126天"
    assert other.findings.get(criterion=Criterion.SECRETARY_VACANT).met is False

    # Re-running changes nothing: the same findings, updated in place.
    services.screen(campaign=campaign, on=D(2026, 4, 26), user=users.county)
    assert (
        ScreeningFinding.objects.filter(screening=s, criterion=Criterion.SECRETARY_VACANT).count()
        == 1
    )
    assert Screening.objects.filter(campaign=campaign).count() == 3
    assert s.findings.get(criterion=Criterion.SECRETARY_VACANT).value.endswith("127天")

    # The township may not confirm; the county does.
    with pytest.raises(PermissionDenied):
        services.screening_decide(screening=s, confirm=True, on=D(2026, 4, 28), user=users.town)
    with pytest.raises(ValidationError):
        services.screening_decide(
            screening=other, confirm=True, on=D(2026, 4, 28), user=users.county
        )
    services.screening_decide(screening=s, confirm=True, on=D(2026, 4, 28), user=users.county)
    plan = services.plan_create(
        screening=s,
        problems="书记空缺四个月",
        goals="选优配强书记",
        measures="乡镇党委选派书记",
        responsible="城关镇党委书记",
        paired_leader="县委常委、组织部长",
        on=D(2026, 5, 5),
        user=users.county,
    )
    assert plan.deadline == D(2026, 6, 30)
    task = services.task_add(plan=plan, title="选派书记", due_on=D(2026, 5, 31), user=users.county)
    with pytest.raises(ValidationError):
        services.plan_accept(plan=plan, on=D(2026, 6, 1), opinion="合格", user=users.county)
    # The sweep marks the task overdue once past its deadline.
    assert (
        services.sweep_overdue(now=timezone.make_aware(datetime.datetime(2026, 6, 2, 9)))[
            "tasks_marked_overdue"
        ]
        == 1
    )
    assert Task.objects.get(pk=task.pk).overdue
    # The village secretary's branch and the township report; another township may not.
    with pytest.raises(ValidationError):
        services.progress_report(plan=plan, report="x", on=D(2026, 6, 2), user=users.other_town)
    services.progress_report(plan=plan, report="已物色人选", on=D(2026, 6, 2), user=users.town)
    new = committee_seat_fill(
        organization=a.branch, member=a.members[1], post="secretary", started_on=D(2026, 6, 10)
    )
    services.task_done(task=task, on=D(2026, 6, 10), user=users.town)
    services.plan_accept(plan=plan, on=D(2026, 6, 20), opinion="书记已配齐", user=users.county)
    with pytest.raises(PermissionDenied):
        services.plan_sign_off(plan=plan, on=D(2026, 6, 25), evidence="x", user=users.town)
    services.plan_sign_off(plan=plan, on=D(2026, 6, 25), evidence="任职文件", user=users.county)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SIGNED_OFF
    assert plan.follow_up_until == D(2027, 6, 25)

    # In follow-up, nothing wrong: a recheck keeps it signed off.
    assert not services.plan_recheck(plan=plan, on=D(2026, 8, 1), user=users.county)
    # The new secretary leaves; four months on, the recheck finds the vacancy again.
    committee_seat_vacate(seat=new, ended_on=D(2026, 7, 15), note="辞职")
    assert services.plan_recheck(plan=plan, on=D(2026, 11, 20), user=users.county)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.REOPENED
    assert plan.relapsed_on == D(2026, 11, 20)
    assert "自2026-07-15起空缺128天" in plan.relapse_reason
    # Reopened, it takes tasks again.
    services.task_add(plan=plan, title="再次选派", due_on=D(2026, 12, 31), user=users.county)


def test_a_relapse_by_hand_only_in_follow_up(places, campaign, users):
    s = services.screen(campaign=campaign, on=D(2026, 4, 25), user=users.county)[0]
    services.finding_record(
        screening=s,
        criterion=Criterion.DISORDER,
        met=True,
        evidence="审计报告",
        on=D(2026, 4, 25),
        user=users.county,
    )
    s.refresh_from_db()
    assert s.flagged
    with pytest.raises(ValidationError):
        services.finding_record(
            screening=s, criterion="nonsense", met=True, evidence="x", on=D(2026, 4, 25)
        )
    with pytest.raises(ValidationError):
        services.finding_record(
            screening=s, criterion=Criterion.PETITIONS, met=True, evidence="", on=D(2026, 4, 25)
        )
    services.screening_decide(screening=s, confirm=True, on=D(2026, 4, 28))
    plan = services.plan_create(
        screening=s,
        problems="p",
        goals="g",
        measures="m",
        responsible="r",
        paired_leader="l",
        on=D(2026, 5, 1),
    )
    with pytest.raises(ValidationError):
        services.plan_relapse(plan=plan, on=D(2026, 5, 2), reason="x")
    services.plan_accept(plan=plan, on=D(2026, 6, 1), opinion="ok")
    services.plan_sign_off(plan=plan, on=D(2026, 6, 2), evidence="e")
    with pytest.raises(ValidationError):
        services.plan_relapse(plan=plan, on=D(2027, 6, 3), reason="太晚")
    services.plan_relapse(plan=plan, on=D(2026, 9, 1), reason="财务再次混乱")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.REOPENED


def test_campaign_inputs(places, campaign):
    with pytest.raises(ValidationError):
        services.campaign_open(
            county=places.county,
            year=2026,
            screening_deadline="2026-04-30",
            rectification_deadline="2026-06-30",
        )
    with pytest.raises(ValidationError):
        services.campaign_open(
            county=places.town,
            year=2027,
            screening_deadline="2027-04-30",
            rectification_deadline="2027-06-30",
        )
    with pytest.raises(ValidationError):
        services.campaign_open(
            county=places.county,
            year=2027,
            screening_deadline="2027-06-30",
            rectification_deadline="2027-04-30",
        )
