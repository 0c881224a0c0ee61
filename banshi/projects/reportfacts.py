"""What a work report may say of a place's practical-matter projects, for the work-report
checker (`banshi.core.reportfacts`): a region (a community, a street: its projects and
those below it) answers

- a deliverable the report names ("合理规划停车位68个" → 规划停车位, "停车起降杆3套" →
  门禁及停车道闸, "绿化面积700平方米" → 新增绿地): names that contain one another or share
  a term of the same thing, in a compatible measure word; the value is the measured one,
  as it stands now;
- the compounds merged ("5个小区……合并成1个小区"): each merge gives two facts, the number
  of former compounds and 1 for the compound they became; the checker keeps the one equal.

Each opens the project's page (a merge without a project: the projects list). The
report's words are matched here, so they are written as reports write them."""

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from banshi.core.reportfacts import Claim, Fact

from .models import CompoundMerge, Deliverable

# Terms that name the same thing, whichever a report or a deliverable uses.
SAME_THING = (
    frozenset({"停车位", "车位"}),
    frozenset({"起降杆", "道闸", "门禁", "停车杆"}),
    frozenset({"绿化", "绿地"}),
    frozenset({"健身器材", "健身设施"}),
    frozenset({"路灯", "照明"}),
    frozenset({"充电桩", "充电设施"}),
    frozenset({"监控", "摄像头"}),
)
# Measure words that are the same unit, written differently.
SAME_UNIT = (
    frozenset({"平方米", "m²", "㎡", "平米", "m2", "平方"}),
    frozenset({"米", "m"}),
    frozenset({"个", "处"}),
    frozenset({"套", "组"}),
)
COMPOUND_SUBJECTS = frozenset({"小区", "院落", "老旧小区"})
COMPOUND_UNITS = frozenset({"个", "处"})


def _unit_fits(claimed: str, recorded: str) -> bool:
    if not claimed or claimed == recorded:
        return True
    return any(claimed in group and recorded in group for group in SAME_UNIT)


def names_match(subject: str, name: str) -> bool:
    """A report's subject names a deliverable: one contains the other, or both hold a term
    of the same thing."""
    if not subject or not name:
        return False
    if subject in name or name in subject:
        return True
    return any(
        any(t in subject for t in group) and any(t in name for t in group) for group in SAME_THING
    )


def _project_url(project_id: int | None) -> str:
    if project_id is None:
        return reverse("projects:index")
    return reverse("projects:project", args=[project_id])


def deliverable_facts(region, claim: Claim) -> list[Fact]:
    subject = claim.subject.strip()
    rows = Deliverable.objects.filter(project__region__code__startswith=region.prefix).order_by(
        "project_id", "order", "pk"
    )
    return [
        Fact(
            key="projects.deliverable",
            label=d.name,
            value=d.measured,
            url=_project_url(d.project_id),
        )
        for d in rows.only("pk", "name", "unit", "measured", "project_id")
        if _unit_fits(claim.unit, d.unit) and names_match(subject, d.name)
    ]


def merge_facts(region, claim: Claim) -> list[Fact]:
    if claim.subject.strip() not in COMPOUND_SUBJECTS or (
        claim.unit and claim.unit not in COMPOUND_UNITS
    ):
        return []
    facts = []
    merges = CompoundMerge.objects.filter(region__code__startswith=region.prefix)
    for merge in merges.order_by("on", "pk"):
        url = _project_url(merge.project_id)
        facts.append(
            Fact(
                key="projects.compounds_merged",
                label=format_lazy("{}{}", _("合并的小区："), "、".join(merge.merged_names)),
                value=len(merge.merged_names),
                url=url,
            )
        )
        facts.append(
            Fact(
                key="projects.compound_merged_into",
                label=format_lazy("{}{}", _("合并后的小区："), merge.new_name),
                value=1,
                url=url,
            )
        )
    return facts


def place_facts(region, claim: Claim) -> list[Fact]:
    # A merge answers for the compounds; a deliverable ("五个小区合并为一个") only without one.
    return merge_facts(region, claim) or deliverable_facts(region, claim)
