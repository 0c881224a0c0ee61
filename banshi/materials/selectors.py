"""The reads of learning materials, every one through the viewer's scope: the materials a
publisher (or a target branch's secretary) sees, one material's coverage — which branches
and members have not received or not opened it — and a member's own receipts."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from banshi.access.scope import restrict, scope_for
from banshi.organizations.models import PartyMember, PartyOrganization

from .models import LearningMaterial, MaterialPush, MaterialReceipt


def material_list(*, user) -> QuerySet[LearningMaterial]:
    """Materials the user publishes (by scope) or that were pushed to a branch they see."""
    own = restrict(LearningMaterial.objects.all(), user).values("pk")
    pushed = restrict(MaterialPush.objects.all(), user).values("material_id")
    qs = LearningMaterial.objects.filter(Q(pk__in=own) | Q(pk__in=pushed))
    return qs.select_related("publisher").annotate(
        expected=Count("pushes__receipts"),
        opened=Count("pushes__receipts", filter=Q(pushes__receipts__opened_at__isnull=False)),
    )


def material_get(*, user, pk: int) -> LearningMaterial:
    """LearningMaterial.DoesNotExist outside the scope (→ 404)."""
    return material_list(user=user).get(pk=pk)


@dataclass
class BranchCoverage:
    organization: PartyOrganization
    push: MaterialPush | None
    expected: int = 0
    opened: int = 0
    not_opened: list = field(default_factory=list)  # receipts
    not_received: list = field(default_factory=list)  # members without a receipt

    @property
    def open_rate(self) -> float | None:
        return round(self.opened / self.expected, 4) if self.expected else None


def material_coverage(*, material: LearningMaterial, user) -> list[BranchCoverage]:
    """Per branch in the viewer's scope: the push (None: not pushed, for the branches under
    the publisher), the receipts opened and not, and the members now in the branch who have
    no receipt (joined after the push, or the branch was never pushed)."""
    pushes = {
        p.organization_id: p for p in restrict(material.pushes.select_related("organization"), user)
    }
    branches = restrict(
        PartyOrganization.objects.filter(
            path__startswith=material.publisher.path, kind__in=PartyOrganization.BRANCH_KINDS
        ),
        user,
    )
    orgs = {o.pk: o for o in branches} | {pk: p.organization for pk, p in pushes.items()}
    receipts = restrict(
        MaterialReceipt.objects.filter(push__in=pushes.values()).select_related("member__resident"),
        user,
    )
    members = PartyMember.objects.filter(organization_id__in=orgs).select_related("resident")
    rows = {
        pk: BranchCoverage(organization=o, push=pushes.get(pk))
        for pk, o in sorted(orgs.items(), key=lambda kv: kv[1].path)
    }
    org_of_push = {p.pk: org_pk for org_pk, p in pushes.items()}
    received = set()
    for r in receipts:
        row = rows[org_of_push[r.push_id]]
        received.add(r.member_id)
        row.expected += 1
        if r.opened_at is None:
            row.not_opened.append(r)
        else:
            row.opened += 1
    for m in restrict(members, user):
        if m.pk not in received:
            rows[m.organization_id].not_received.append(m)
    return list(rows.values())


def publishers_and_branches(*, user) -> tuple[list, list]:
    """The organizations the user may publish for (those in scope, above the party groups)
    and the branches in scope a material may be pushed to."""
    orgs = restrict(PartyOrganization.objects.all(), user).exclude(
        kind=PartyOrganization.Kind.BUILDING_GROUP
    )
    orgs = list(orgs.order_by("path")[:500])
    return orgs, [o for o in orgs if o.kind in PartyOrganization.BRANCH_KINDS]


def my_receipts(*, user) -> QuerySet[MaterialReceipt]:
    """The user's own receipts (as a member), newest first, whatever else they may see."""
    mine = MaterialReceipt.objects.filter(member__resident_id__in=scope_for(user).resident_ids)
    qs = mine.select_related("push__material__publisher", "push__organization")
    return restrict(qs, user).order_by("-delivered_at", "-id")


def my_receipt_get(*, user, pk: int) -> MaterialReceipt:
    """MaterialReceipt.DoesNotExist for a receipt not the user's (→ 404)."""
    return my_receipts(user=user).get(pk=pk)


def material_file_get(*, user, pk: int) -> LearningMaterial:
    """A material with a file, for the publisher's scope, a target branch's, or a member who
    received it; LearningMaterial.DoesNotExist otherwise (→ 404)."""
    seen = material_list(user=user).filter(pk=pk).values("pk")
    received = my_receipts(user=user).filter(push__material_id=pk).values("push__material_id")
    qs = LearningMaterial.objects.exclude(file="")
    return qs.filter(Q(pk__in=seen) | Q(pk__in=received)).get(pk=pk)
