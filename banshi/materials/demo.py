"""Demo learning materials from the seed page: 大唐（内蒙古）能源开发有限公司蒙西新能源事业部's
party committee, four branches and about forty members (created through the organizations
and people services unless they exist), and a year of monthly materials compiled once and
pushed to every branch, each with a note tailored to it; most members open them. The
materials and pushes go through the services; the openings are written in one bulk update
(each is the member's own click, with no rule beyond "the first opening is kept").
Deterministic for a seed and a `now`."""

import datetime
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from banshi.organizations.models import PartyMember, PartyOrganization
from banshi.organizations.services import member_admit, organization_create
from banshi.people.identity import check_digit
from banshi.people.models import Resident
from banshi.people.services import resident_create
from banshi.territory.models import Region

from . import services
from .models import MaterialReceipt

COMMITTEE = "大唐（内蒙古）能源开发有限公司蒙西新能源事业部党委"
# (branch, the county it serves, members)
BRANCHES = [
    ("蒙西新能源事业部机关党支部", "150105000000", 12),
    ("武川风电场党支部", "150125000000", 10),
    ("和林格尔光伏电站党支部", "150123000000", 9),
    ("清水河风电场党支部", "150124000000", 9),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志鹏"
OCCUPATIONS = ["运维工程师", "值长", "安全员", "检修工", "财务", "行政"]
THEMES = [
    "新年新征程：学习中央经济工作会议精神",
    "安全生产责任制学习",
    "阅读追光 共沐书香",
    "铸牢中华民族共同体意识",
    "清廉国企建设",
    "新能源高质量发展",
    "七一专题：党章学习",
    "防汛与设备安全",
    "学习贯彻全会精神",
    "国庆主题：爱国主义教育",
    "安全生产月回顾",
    "年终总结与述职评议",
]
NOTES = {
    "机关": "机关支部请结合制度建设开展讨论。",
    "风电场": "风电场支部请在交接班后组织集中学习。",
    "光伏": "光伏电站支部请结合运维实际撰写心得。",
}
ID_PLACE = "150122"  # 托克托县: a place code valid for every birth year drawn below
FIRST_SEQ = 500  # clear of the sequences the roster builders draw for this place


def _note(branch: str) -> str:
    return next((note for key, note in NOTES.items() if key in branch), "")


def _id_number(seq: int, birth: datetime.date) -> str:
    first17 = f"{ID_PLACE}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + check_digit(first17)


def _resident(rng: random.Random, seq: int) -> Resident:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    birth = datetime.date(rng.randint(1968, 1998), rng.randint(1, 12), rng.randint(1, 28))
    for attempt in range(50):
        number = _id_number(seq + attempt * 7, birth + datetime.timedelta(days=attempt))
        try:
            return resident_create(name=name, id_number=number)
        except ValidationError:  # the number is taken by another part of the demo
            continue
    raise RuntimeError("no free ID number for the demo's 大唐 members")


def _tree(rng: random.Random) -> tuple[PartyOrganization, list[PartyOrganization]]:
    committee = PartyOrganization.objects.filter(name=COMMITTEE).first()
    if committee is None:
        committee = organization_create(
            name=COMMITTEE,
            kind=PartyOrganization.Kind.PARTY_COMMITTEE,
            region=Region.objects.get(code="150105000000"),
            has_committee=True,
        )
    branches = []
    seq = FIRST_SEQ
    for name, code, count in BRANCHES:
        branch = PartyOrganization.objects.filter(name=name, parent=committee).first()
        if branch is None:
            branch = organization_create(
                name=name,
                kind=PartyOrganization.Kind.BRANCH,
                parent=committee,
                region=Region.objects.get(code=code),
                has_committee=True,
            )
        have = PartyMember.objects.filter(organization=branch).count()
        for _ in range(count - have):
            seq += 1
            member_admit(
                resident=_resident(rng, seq),
                organization=branch,
                joined_on=datetime.date(rng.randint(1995, 2022), rng.randint(1, 12), 1),
                status=PartyMember.Status.FULL
                if rng.random() > 0.1
                else PartyMember.Status.PROBATIONARY,
                occupation=rng.choice(OCCUPATIONS),
            )
        branches.append(branch)
    return committee, branches


@transaction.atomic
def build_demo_materials(*, seed: int = 0, now: datetime.datetime) -> dict:
    # Two streams, so a tree that exists already (the same organizations and members) does
    # not change which receipts are opened.
    committee, branches = _tree(random.Random(f"materials-tree-{seed}"))
    rng = random.Random(f"materials-open-{seed}")
    month = timezone.localtime(now).date().replace(day=1)
    openings = []
    materials = 0
    for back in range(12, 0, -1):
        first = month
        for _ in range(back):
            first = (first - datetime.timedelta(days=1)).replace(day=1)
        published = timezone.make_aware(datetime.datetime.combine(first, datetime.time(9, 0)))
        title = THEMES[(first.month - 1) % len(THEMES)]
        material = services.material_publish(
            publisher=committee,
            title=f"{first:%Y年%m月}学习材料：{title}",
            body=f"本月学习主题：{title}。\n请各党支部组织党员认真学习，结合岗位实际交流体会。",
            month=first,
            published_at=published,
        )
        services.material_push(
            material=material,
            organizations=branches,
            notes={b.pk: _note(b.name) for b in branches},
            at=published + datetime.timedelta(hours=1),
        )
        materials += 1
        # Most members open each month's material within a fortnight; a few never do.
        receipts = MaterialReceipt.objects.filter(push__material=material)
        for receipt in receipts.order_by("push__organization__path", "member_id"):
            if rng.random() < 0.86:
                receipt.opened_at = published + datetime.timedelta(hours=rng.randint(2, 14 * 24))
                openings.append(receipt)
    MaterialReceipt.objects.bulk_update(openings, ["opened_at"], batch_size=500)
    return {"committee": committee, "branches": branches, "materials": materials}
