"""The 乌兰社区 (大学东路街道) practical-matter project 拆墙并院 as the seed reports it: five
compounds merged into one, walls torn down, dead corners cleaned, ground hardened, fitness
equipment installed, 68 parking spaces, 3 sets of access control and barriers, 700 m² of
green space, a 新时代文明实践室, a reading room and a room for the elderly; finished, with
residents' feedback from some households of its buildings.

The place is the buildings the population demo already made for the five compounds (their
names begin with the compound's); nothing of the territory or the population is created or
deleted, so every figure of the street stays as it was. The budget and payments are
illustrative (the seed gives none). Deterministic; bulk writes."""

import datetime
import random
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from banshi.people.models import Resident
from banshi.territory.models import Building, Region

from . import services
from .models import (
    CompoundMerge,
    Deliverable,
    Project,
    ProjectFeedback,
    ProjectProgressReport,
    ProjectSpending,
    ProjectStatusChange,
)
from .services.work import refresh_spent

COMMUNITY = "150105001001"  # 乌兰社区
TITLE = "拆墙并院"
COMPOUNDS = ["粮油小区", "画报社小区", "二轻工艺美术小区", "教育局宿舍", "协作办小区"]
MERGED_NAME = "乌兰社区五院合一小区"
D = datetime.date
STARTS_ON, DUE_ON, FINISHED_ON = D(2022, 4, 6), D(2022, 9, 30), D(2022, 9, 28)
# (name, unit, target, weight): the seed's deliverables; those it gives no number for
# count as one piece of work (项).
DELIVERABLES = [
    ("五个小区合并为一个", "个", 5, 3),
    ("拆除院墙", "项", 1, 2),
    ("清理卫生死角", "项", 1, 1),
    ("地面硬化", "项", 1, 2),
    ("安装健身器材", "项", 1, 1),
    ("规划停车位", "个", 68, 2),
    ("门禁及停车道闸", "套", 3, 1),
    ("新增绿地", "m²", 700, 2),
    ("新时代文明实践室", "间", 1, 1),
    ("阅览室", "间", 1, 1),
    ("老年活动室", "间", 1, 1),
]
BUDGET = Decimal("1860000")
SPENDING = [
    (D(2022, 5, 10), "拆除院墙及垃圾清运", Decimal("186000")),
    (D(2022, 6, 20), "地面硬化", Decimal("642000")),
    (D(2022, 7, 25), "停车位划线及门禁道闸", Decimal("318000")),
    (D(2022, 8, 30), "绿化及健身器材", Decimal("401000")),
    (D(2022, 9, 26), "活动室装修及设备", Decimal("265000")),
]
FEEDBACK_SHARE = 0.35  # the households that rated
RATINGS = (["satisfied"] * 82) + (["basic"] * 14) + (["unsatisfied"] * 4)
COMMENTS = ["院子敞亮了，停车方便多了", "老人有地方活动了", "希望绿地多维护", "门禁好用", ""]


def _buildings(community: Region) -> dict[str, list[Building]]:
    found: dict[str, list[Building]] = {name: [] for name in COMPOUNDS}
    q = Q()
    for name in COMPOUNDS:
        q |= Q(name__startswith=name)
    for b in Building.objects.filter(q, grid__community=community).order_by("pk"):
        compound = next(n for n in COMPOUNDS if b.name.startswith(n))
        found[compound].append(b)
    return found


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17)))


def _drop(community: Region) -> None:
    old = Project.objects.filter(region=community, title=TITLE)
    CompoundMerge.objects.filter(project__in=old).delete()
    for project in old:
        project.delete()


def build_demo_projects(*, seed: int = 0, now: datetime.datetime) -> dict:
    community = Region.objects.filter(code=COMMUNITY).first()
    if community is None:
        return {}
    by_compound = _buildings(community)
    if not all(by_compound.values()):
        return {}  # a population without the seed's compounds: nothing to build on
    _drop(community)
    rng = random.Random(seed)
    buildings = [b for name in COMPOUNDS for b in by_compound[name]]
    created = timezone.make_aware(datetime.datetime(2022, 3, 28, 9, 0))
    project = services.project_create(
        region=community,
        title=TITLE,
        summary="粮油小区、画报社小区、二轻工艺美术小区、教育局宿舍、协作办五个老旧小区拆墙并院，"
        "合并为一个小区，统一管理。",
        starts_on=STARTS_ON,
        due_on=DUE_ON,
        deliverables=DELIVERABLES,
        buildings=buildings,
        budget=BUDGET,
        now=created,
    )
    ProjectStatusChange.objects.bulk_create(
        [
            ProjectStatusChange(
                project=project,
                from_status="planned",
                to_status="running",
                on=STARTS_ON,
                note="开工",
                at=_at(STARTS_ON),
            ),
            ProjectStatusChange(
                project=project,
                from_status="running",
                to_status="finished",
                on=FINISHED_ON,
                note="竣工验收",
                at=_at(FINISHED_ON),
            ),
        ]
    )
    deliverables = list(project.deliverables.all())
    reports = []
    span = (FINISHED_ON - STARTS_ON).days
    for d in deliverables:
        target = d.target
        # Halfway, then done: two reports per deliverable, the last on the day it finished.
        half_on = STARTS_ON + datetime.timedelta(days=rng.randrange(30, span // 2))
        done_on = half_on + datetime.timedelta(days=rng.randrange(20, (FINISHED_ON - half_on).days))
        half = (target / 2).quantize(Decimal(1)) if target > 1 else Decimal(0)
        if half:
            reports.append(
                ProjectProgressReport(deliverable=d, measured=half, on=half_on, at=_at(half_on))
            )
        reports.append(
            ProjectProgressReport(
                deliverable=d, measured=target, on=done_on, note="完成", at=_at(done_on)
            )
        )
        d.measured = target
    ProjectProgressReport.objects.bulk_create(reports)
    Deliverable.objects.bulk_update(deliverables, ["measured"])
    ProjectSpending.objects.bulk_create(
        ProjectSpending(project=project, item=item, amount=amount, on=on, at=_at(on))
        for on, item, amount in SPENDING
    )
    refresh_spent([project.pk])
    Project.objects.filter(pk=project.pk).update(
        status=Project.Status.FINISHED, finished_on=FINISHED_ON
    )
    project.refresh_from_db()
    merge = services.compounds_merge(
        region=community,
        names=COMPOUNDS,
        new_name=MERGED_NAME,
        on=FINISHED_ON,
        project=project,
        now=_at(FINISHED_ON),
    )
    heads = Resident.objects.filter(
        household__building__in=buildings, relation_to_head=Resident.Relation.HEAD
    ).order_by("household_id", "pk")
    feedback, seen = [], set()
    first = FINISHED_ON + datetime.timedelta(days=3)
    for r in heads.only("pk", "household_id"):
        if r.household_id in seen or rng.random() >= FEEDBACK_SHARE:
            continue
        seen.add(r.household_id)
        day = first + datetime.timedelta(days=rng.randrange(40))
        feedback.append(
            ProjectFeedback(
                project=project,
                resident_id=r.pk,
                household_id=r.household_id,
                rating=rng.choice(RATINGS),
                comment=rng.choice(COMMENTS),
                at=_at(day),
            )
        )
    ProjectFeedback.objects.bulk_create(feedback, batch_size=500)
    return {
        "projects": 1,
        "deliverables": len(deliverables),
        "buildings": len(buildings),
        "merged_buildings": merge.moves.count(),
        "progress_reports": len(reports),
        "feedback": len(feedback),
    }
