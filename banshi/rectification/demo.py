"""The rectification demo on the villages of 清水河县 (150124) that the villages demo built: the
county's campaign of the last year whose rectification is over (2026 from August on),
screened on 25 April (the automatic criteria — a branch that named no candidate for
membership for two years among those flagged — then a criterion by hand with evidence for
the others, seven branches in all, about 7%), confirmed on 28 April, one plan each made on 5
May with two tasks and a progress report (a branch without candidates names one), six signed
off by 30 June and one late; the branch whose secretary left last (a vacancy the villages
demo made) is among them, so a recheck now finds its post vacant over 3 months and reopens
its plan. The village secretary's demo account sees their own branch's plan. Deterministic
for a seed and a `now`."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from banshi.access.models import RoleAssignment
from banshi.organizations.models import Applicant
from banshi.organizations.selectors import secretary_vacant_since
from banshi.organizations.services import applicant_advance
from banshi.territory.models import Region

from . import services
from .models import Criterion, Plan, Screening

COUNTY = "150124000000"
RECTIFIED = 7
BY_HAND = [
    (Criterion.SECRETARY_UNFIT, "书记年龄偏大、带富能力弱，群众测评“不称职”票超过三分之一"),
    (Criterion.DISUNITED, "“两委”班子成员互相推诿，议事决策长期议而不决"),
    (Criterion.DISORDER, "2025年度村级财务审计发现白条入账、公开不及时"),
    (Criterion.PETITIONS, "因土地流转引发群体上访2起"),
]
MEASURES = {
    Criterion.SECRETARY_UNFIT: "调整配强村党组织书记，乡镇党委选派第一书记",
    Criterion.DISUNITED: "县乡两级约谈，开展专题组织生活会，明确班子分工",
    Criterion.DISORDER: "清理村级账目，落实“四议两公开”和村务监督",
    Criterion.PETITIONS: "包联领导接访化解，完善土地流转合同",
    Criterion.NO_CANDIDATES: "从致富带头人、返乡青年中培养入党积极分子",
    Criterion.LAST_PLACE: "对标先进村制定提升计划，每月向乡镇报告",
    Criterion.SECRETARY_VACANT: "乡镇党委尽快选派书记",
}


def _year(now: datetime.datetime) -> int:
    today = timezone.localdate(now)
    return today.year if today >= datetime.date(today.year, 8, 1) else today.year - 1


def _secretary_branch():
    ra = RoleAssignment.objects.filter(
        user__username="demo_village_secretary", party_organization__isnull=False
    ).first()
    return ra.party_organization_id if ra else None


def _name_candidate(branch, day: datetime.date) -> None:
    """The rectification of a branch that named no candidate for membership: its longest
    standing activist is named one."""
    activist = (
        Applicant.objects.filter(
            organization=branch,
            activist_on__isnull=False,
            candidate_on__isnull=True,
            dropped_on__isnull=True,
        )
        .order_by("activist_on", "pk")
        .first()
    )
    if activist is not None:
        applicant_advance(applicant=activist, on=day)


@transaction.atomic
def build_demo_rectification(*, seed: int, now: datetime.datetime) -> dict:
    county = Region.objects.filter(code=COUNTY).first()
    if county is None:
        return {"plans": 0}
    rng = random.Random(seed * 131 + 13)
    year, today = _year(now), timezone.localdate(now)
    D = lambda m, d: datetime.date(year, m, d)  # noqa: E731 (a short date maker)
    campaign = services.campaign_open(
        county=county, year=year, screening_deadline=D(4, 30), rectification_deadline=D(6, 30)
    )
    screenings = services.screen(campaign=campaign, on=D(4, 25))
    # The branch whose secretary left last (still vacant now), and the secretary's own.
    vacant = [(secretary_vacant_since(s.organization, today), s) for s in screenings]
    vacant = sorted((v for v in vacant if v[0]), key=lambda v: (v[0], v[1].pk))
    chosen: list[Screening] = [vacant[-1][1]] if vacant else []
    own = next((s for s in screenings if s.organization_id == _secretary_branch()), None)
    if own is not None and own not in chosen:
        chosen.append(own)
    # Those the automatic criteria flagged keep their reason; the rest get one by hand.
    reasons = {
        s.pk: f.criterion
        for s in screenings
        for f in s.findings.filter(met=True, automatic=True).order_by("criterion")[:1]
    }
    chosen += [s for s in screenings if s.pk in reasons and s not in chosen]
    rest = [s for s in screenings if s not in chosen]
    chosen += rng.sample(rest, max(0, min(len(rest), RECTIFIED - len(chosen))))
    for s in chosen:
        if s.pk in reasons:
            continue
        criterion, evidence = rng.choice(BY_HAND)
        services.finding_record(
            screening=s, criterion=criterion, met=True, evidence=evidence, on=D(4, 25)
        )
        reasons[s.pk] = criterion
    for s in Screening.objects.filter(campaign=campaign, flagged=True).order_by("pk"):
        confirm = s.pk in reasons
        note = "" if confirm else "经乡镇核实，问题已当场整改，不列入"
        services.screening_decide(screening=s, confirm=confirm, on=D(4, 28), note=note)
    late = chosen[-1]
    plans = []
    for s in chosen:
        s.refresh_from_db()  # decided through another instance above
        criterion = reasons[s.pk]
        plan = services.plan_create(
            screening=s,
            problems=f"{Criterion(criterion).label}。",
            goals="6月底前完成整顿，达到“六个有”标准，验收销号",
            measures=MEASURES[criterion],
            responsible=f"{s.village.parent.name}党委书记",
            paired_leader=rng.choice(["县委常委、组织部部长", "县委常委、政法委书记", "副县长"]),
            on=D(5, 5),
        )
        if criterion == Criterion.NO_CANDIDATES:
            _name_candidate(s.organization, D(6, 10))
        first = services.task_add(plan=plan, title="召开专题组织生活会，查摆问题", due_on=D(5, 31))
        second = services.task_add(plan=plan, title=MEASURES[criterion], due_on=D(6, 20))
        services.progress_report(plan=plan, report="已召开专题会议，问题清单上报乡镇", on=D(5, 28))
        services.task_done(task=first, on=D(5, 27))
        if s is late:
            services.task_done(task=second, on=D(7, 10))
            services.progress_report(plan=plan, report="措施推进滞后，7月上旬完成", on=D(7, 1))
            services.plan_accept(plan=plan, on=D(7, 15), opinion="整改到位，但超过整顿期限")
            services.plan_sign_off(plan=plan, on=D(7, 20), evidence="县委组织部验收报告")
        else:
            services.task_done(task=second, on=D(6, 18))
            services.plan_accept(plan=plan, on=D(6, 25), opinion="整顿任务全部完成，群众认可")
            services.plan_sign_off(
                plan=plan, on=D(6, 28), evidence="县委组织部验收报告、群众测评表"
            )
        plans.append(plan)
    relapsed = 0
    for plan in plans:
        plan.refresh_from_db()
        if plan.status == Plan.Status.SIGNED_OFF and plan.follow_up_until >= today:
            relapsed += services.plan_recheck(plan=plan, on=today)
    services.sweep_overdue(now)
    return {"campaign": campaign.pk, "plans": len(plans), "relapsed": relapsed}
