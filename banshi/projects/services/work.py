"""A project and its work: created over a community's buildings with its deliverables
(more added while it is not finished), moved along its workflow (Project.TRANSITIONS),
progress reported per deliverable, photos before and after, spending against the budget.
Each write checks that the user manages the project's community."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.core.uploads import IMAGES, checked_upload
from banshi.territory import codes
from banshi.territory.models import Building, Region

from ..models import (
    Deliverable,
    Project,
    ProjectPhoto,
    ProjectProgressReport,
    ProjectSpending,
    ProjectStatusChange,
)
from ._base import check_manager, day, number, text

PHOTO_MAX_BYTES = 8 * 1024 * 1024
MAX_DELIVERABLES = 50


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("region").get(pk=project.pk)


@transaction.atomic
def project_create(
    *,
    region: Region,
    title: str,
    starts_on,
    due_on,
    deliverables=(),
    buildings=(),
    budget=0,
    summary: str = "",
    user=None,
    now: datetime.datetime | None = None,
) -> Project:
    """`deliverables`: (name, unit, target, weight), the weight an int from 1 to 100 or its
    digits; `buildings`: the place, buildings of the community's grids."""
    if not isinstance(region, Region) or region.level != codes.COMMUNITY:
        raise ValidationError(_("请选择社区"))
    check_manager(user, region)
    starts_on = day(starts_on, what=_("开工日期"))
    due_on = day(due_on, what=_("计划完成日期"))
    if due_on < starts_on:
        raise ValidationError(_("计划完成日期不能早于开工日期"))
    buildings = list(buildings)
    if any(not isinstance(b, Building) for b in buildings):
        raise ValidationError(_("楼栋不存在"))
    if any(not b.grid.code.startswith(region.prefix) for b in buildings):
        raise ValidationError(_("受益楼栋须在本社区内"))
    rows = list(deliverables)
    if len(rows) > MAX_DELIVERABLES:
        raise ValidationError(_("建设内容最多%(n)d项") % {"n": MAX_DELIVERABLES})
    project = Project.objects.create(
        region=region,
        title=text(title, what=_("项目名称"), limit=100, required=True),
        summary=text(summary, what=_("项目内容"), limit=2000, multiline=True),
        budget=number(budget, what=_("预算")),
        starts_on=starts_on,
        due_on=due_on,
        created_at=now or timezone.now(),
    )
    project.buildings.set(buildings)
    made, names = [], set()
    for order, (name, unit, target, weight) in enumerate(rows):
        made.append(_deliverable(project, name, unit, target, weight, order=order, taken=names))
    Deliverable.objects.bulk_create(made)
    return project


def _deliverable(project, name, unit, target, weight, *, order: int, taken: set) -> Deliverable:
    """One deliverable checked (its name not among `taken`, which it joins), not saved."""
    name = text(name, what=_("建设内容"), limit=100, required=True)
    if name in taken:
        raise ValidationError(_("建设内容“%(n)s”重复") % {"n": name})
    taken.add(name)
    return Deliverable(
        project=project,
        name=name,
        unit=text(unit, what=_("单位"), limit=16, required=True),
        target=number(target, what=_("目标值"), positive=True),
        weight=_weight(weight),
        order=order,
    )


def _weight(value) -> int:
    """An int from 1 to 100, or the digits a form posts for one."""
    digits = value.strip() if isinstance(value, str) else ""
    if digits.isascii() and digits.isdigit() and len(digits) <= 3:
        value = int(digits)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
        raise ValidationError(_("权重应为1到100的整数"))
    return value


@transaction.atomic
def deliverable_add(
    *, project: Project, name: str, unit: str, target, weight=1, user=None
) -> Deliverable:
    """A deliverable more for a project not yet finished, after the ones it has."""
    project = _locked(project)
    check_manager(user, project.region)
    if project.status == Project.Status.FINISHED:
        raise ValidationError(_("项目已完成，不能再增加建设内容"))
    existing = list(project.deliverables.values_list("name", "order"))
    if len(existing) >= MAX_DELIVERABLES:
        raise ValidationError(_("建设内容最多%(n)d项") % {"n": MAX_DELIVERABLES})
    order = max((o for _n, o in existing), default=-1) + 1
    deliverable = _deliverable(
        project, name, unit, target, weight, order=order, taken={n for n, _o in existing}
    )
    deliverable.save()
    return deliverable


@transaction.atomic
def project_move(
    *, project: Project, to: str, on, note: str = "", user=None, now=None
) -> ProjectStatusChange:
    """Start, suspend, resume or finish the project (finishing sets its finished date)."""
    project = _locked(project)
    check_manager(user, project.region)
    if to not in Project.Status.values:
        raise ValidationError(_("状态无效"))
    if not project.can_become(to):
        raise ValidationError(
            _("项目当前为“%(s)s”，不能改为“%(t)s”")
            % {"s": project.get_status_display(), "t": Project.Status(to).label}
        )
    on = day(on, what=_("日期"))
    if on < project.starts_on and to != Project.Status.RUNNING:
        raise ValidationError(_("日期不能早于开工日期"))
    last = project.changes.order_by("-on").values_list("on", flat=True).first()
    if last and on < last:
        raise ValidationError(_("日期不能早于上一次状态变更"))
    change = ProjectStatusChange.objects.create(
        project=project,
        from_status=project.status,
        to_status=to,
        on=on,
        note=text(note, what=_("说明"), limit=300),
        by=user,
        at=now or timezone.now(),
    )
    project.status = to
    project.finished_on = on if to == Project.Status.FINISHED else None
    project.save(update_fields=["status", "finished_on"])
    return change


@transaction.atomic
def progress_report(
    *, deliverable: Deliverable, measured, on, note: str = "", user=None, now=None
) -> ProjectProgressReport:
    """A measured value (cumulative: what stands done on that day) for one deliverable of a
    running project; the deliverable takes the value of its latest report."""
    project = _locked(deliverable.project)
    check_manager(user, project.region)
    if project.status != Project.Status.RUNNING:
        raise ValidationError(_("只有实施中的项目可以填报进度"))
    on = day(on, what=_("日期"))
    if on < project.starts_on:
        raise ValidationError(_("日期不能早于开工日期"))
    if on > timezone.localdate(now):
        raise ValidationError(_("日期不能晚于今天"))
    report = ProjectProgressReport.objects.create(
        deliverable=deliverable,
        measured=number(measured, what=_("完成值")),
        on=on,
        note=text(note, what=_("说明"), limit=300),
        by=user,
        at=now or timezone.now(),
    )
    latest = deliverable.reports.order_by("-on", "-at", "-pk").first()
    Deliverable.objects.filter(pk=deliverable.pk).update(measured=latest.measured)
    deliverable.measured = latest.measured
    return report


@transaction.atomic
def photo_upload(
    *, project: Project, phase: str, upload, caption: str = "", user=None, now=None
) -> ProjectPhoto:
    project = _locked(project)
    check_manager(user, project.region)
    if phase not in ProjectPhoto.Phase.values:
        raise ValidationError(_("请选择照片阶段（改造前、施工中或改造后）"))
    if upload is None:
        raise ValidationError(_("请选择照片"))
    checked = checked_upload(upload, max_bytes=PHOTO_MAX_BYTES, kinds=IMAGES, what=_("照片"))
    return ProjectPhoto.objects.create(
        project=project,
        phase=phase,
        caption=text(caption, what=_("说明"), limit=100),
        file=checked.content,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
        uploaded_at=now or timezone.now(),
    )


@transaction.atomic
def spending_record(
    *, project: Project, item: str, amount, on, user=None, now=None
) -> ProjectSpending:
    """A payment out of the project's budget; the project's `spent` is their sum."""
    project = _locked(project)
    check_manager(user, project.region)
    on = day(on, what=_("支出日期"))
    if on < project.starts_on:
        raise ValidationError(_("支出日期不能早于开工日期"))
    spending = ProjectSpending.objects.create(
        project=project,
        item=text(item, what=_("支出事项"), limit=100, required=True),
        amount=number(amount, what=_("金额"), positive=True),
        on=on,
        by=user,
        at=now or timezone.now(),
    )
    total = project.spendings.aggregate(total=Sum("amount"))["total"]
    Project.objects.filter(pk=project.pk).update(spent=total)
    return spending


def refresh_spent(project_ids) -> None:
    """`spent` recomputed from the spending records (after a bulk build)."""
    for pk, total in (
        ProjectSpending.objects.filter(project_id__in=project_ids)
        .values_list("project_id")
        .annotate(total=Sum("amount"))
    ):
        Project.objects.filter(pk=pk).update(spent=total)
