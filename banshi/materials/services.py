"""The writes of learning materials: publish one (a body, a file or both), push it to
chosen branches or to every branch of a subtree (one receipt per member of the branch at
push time), and a member's opening of it. Each is one transaction with keyword-only
arguments. `user=None` is the demo builder and the tests' setup, acting as the system."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banshi.access.scope import scope_for, visible
from banshi.core.uploads import IMAGES, MB, Kind, Kinds, checked_upload
from banshi.organizations.models import PartyMember, PartyOrganization
from banshi.organizations.services import check_manager

from .models import LearningMaterial, MaterialPush, MaterialReceipt

MAX_FILE_BYTES = 20 * MB
PDF = Kind("application/pdf", "pdf", "PDF", lambda h: h[:5] == b"%PDF-")
MATERIAL_KINDS = Kinds(
    (PDF, *IMAGES.kinds), noun=gettext_lazy("PDF或图片"), measure=gettext_lazy("个")
)
BRANCH_KINDS = tuple(PartyOrganization.BRANCH_KINDS)


def _first_of_month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, datetime.date):
        raise ValidationError({"month": _("请填写学习月份")})
    return value.replace(day=1)


BODY_MAX = 20000  # characters of a material's text (a longer one is an attachment)


@transaction.atomic
def material_publish(
    *,
    publisher: PartyOrganization,
    title: str,
    month,
    body: str = "",
    file=None,
    published_at: datetime.datetime | None = None,
    user=None,
) -> LearningMaterial:
    title = (title or "").strip()
    body = (body or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写标题")})
    if not body and file is None:
        raise ValidationError({"body": _("请填写正文或上传附件")})
    if len(body) > BODY_MAX:
        raise ValidationError({"body": _("正文不能超过%(n)s字") % {"n": f"{BODY_MAX:,}"}})
    if user is not None and not visible(publisher, user):
        raise ValidationError({"publisher": _("党组织不存在")})
    check_manager(user, publisher, _("只有党组织书记和组织部门可以发布学习材料"))
    material = LearningMaterial(
        title=title,
        body=body,
        publisher=publisher,
        month=_first_of_month(month),
        published_at=published_at or timezone.now(),
        created_by=user,
    )
    if file is not None:
        checked = checked_upload(
            file, max_bytes=MAX_FILE_BYTES, kinds=MATERIAL_KINDS, what=_("附件")
        )
        material.file = checked.content
        material.file_type = checked.content_type
    material.full_clean(exclude=["file"])
    material.save()
    return material


def _targets(material, organizations, subtree) -> list[PartyOrganization]:
    if (subtree is None) == (not organizations):
        raise ValidationError(_("请选择要推送的党支部，或选择一个党组织推送到其下全部党支部"))
    publisher_path = material.publisher.path
    if subtree is not None:
        if not subtree.path.startswith(publisher_path):
            raise ValidationError(_("只能推送到本党组织及其下级党组织"))
        branches = PartyOrganization.objects.filter(
            path__startswith=subtree.path, kind__in=BRANCH_KINDS
        )
        targets = list(branches.order_by("path"))
        if not targets:
            raise ValidationError(_("所选党组织下没有党支部"))
        return targets
    targets = list(PartyOrganization.objects.filter(pk__in=[o.pk for o in organizations]))
    if len(targets) != len({o.pk for o in organizations}):
        raise ValidationError(_("党支部不存在"))
    for org in targets:
        if org.kind not in BRANCH_KINDS:
            raise ValidationError(_("%(name)s不是党支部") % {"name": org.name})
        if not org.path.startswith(publisher_path):
            raise ValidationError(_("只能推送到本党组织及其下级党组织"))
    return sorted(targets, key=lambda o: o.path)


@transaction.atomic
def material_push(
    *,
    material: LearningMaterial,
    organizations=(),
    subtree: PartyOrganization | None = None,
    tailored_note: str = "",
    notes: dict | None = None,
    at: datetime.datetime | None = None,
    user=None,
) -> list[MaterialPush]:
    """Push to the chosen branches (or every branch under `subtree`), each with its note
    (`notes` by organization id, else `tailored_note`). A branch already pushed keeps its
    push and receipts: pushing again changes nothing. Returns the new pushes."""
    if user is not None and not visible(material.publisher, user):
        raise ValidationError(_("学习材料不存在"))
    # Seeing the publisher (a grid worker sees the branch of their grid) is not pushing for it.
    check_manager(user, material.publisher, _("只有党组织书记和组织部门可以推送学习材料"))
    targets = _targets(material, organizations, subtree)
    at = at or timezone.now()
    done = set(
        MaterialPush.objects.filter(material=material, organization__in=targets).values_list(
            "organization_id", flat=True
        )
    )
    notes = notes or {}
    pushes = MaterialPush.objects.bulk_create(
        [
            MaterialPush(
                material=material,
                organization=org,
                tailored_note=(notes.get(org.pk) or tailored_note or "").strip(),
                pushed_at=at,
                pushed_by=user,
            )
            for org in targets
            if org.pk not in done
        ]
    )
    by_org = {p.organization_id: p for p in pushes}
    members = PartyMember.objects.filter(organization_id__in=by_org).only("id", "organization_id")
    MaterialReceipt.objects.bulk_create(
        [
            MaterialReceipt(push=by_org[m.organization_id], member=m, delivered_at=at)
            for m in members
        ]
    )
    return pushes


@transaction.atomic
def material_open(
    *, receipt: MaterialReceipt, user=None, at: datetime.datetime | None = None
) -> MaterialReceipt:
    """The member opens the material: the first opening is kept, later ones change nothing.
    Only the member may open their own receipt (a secretary sees it, but does not read for
    them)."""
    if user is not None and receipt.member.resident_id not in scope_for(user).resident_ids:
        raise PermissionDenied(_("只能打开本人的学习材料"))
    at = at or timezone.now()
    MaterialReceipt.objects.filter(pk=receipt.pk, opened_at__isnull=True).update(opened_at=at)
    receipt.refresh_from_db(fields=["opened_at"])
    return receipt


@transaction.atomic
def material_issue(
    *,
    publisher: PartyOrganization,
    title: str,
    month,
    body: str = "",
    file=None,
    organizations=(),
    tailored_note: str = "",
    user=None,
) -> tuple[LearningMaterial, list[MaterialPush]]:
    """The publisher's form in one step: publish, then push to the chosen branches, or to
    every branch under the publisher when none is chosen. Both or neither are stored."""
    material = material_publish(
        publisher=publisher, title=title, month=month, body=body, file=file, user=user
    )
    pushes = material_push(
        material=material,
        organizations=organizations,
        subtree=None if organizations else publisher,
        tailored_note=tailored_note,
        user=user,
    )
    return material, pushes
