"""Writes of activities: register a venue, plan an activity (against the plan's month for
a theme party day), hold it (the expected attendance list is fixed then: the members of
the holder and of its co-organizers on that day, or for a committee meeting the committee),
record its end, minutes and items done (then the members who neither came nor had leave
are absent), or cancel it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import AuditEvent
from banshi.access.services import audit_record
from banshi.core.uploads import IMAGES, checked_upload
from banshi.organizations.models import PartyMember, PartyOrganization
from banshi.organizations.selectors import committee_members_on

from ..models import Activity, ActivityPhoto, AnnualPlan, Attendance, PlanMonth, Venue
from ._common import check_manager, choice, items, moment, saved, text, when


@transaction.atomic
def venue_create(
    *,
    name: str,
    kind: str = Venue.Kind.OTHER,
    region=None,
    organization: PartyOrganization | None = None,
    lat=None,
    lng=None,
    address: str = "",
    user=None,
) -> Venue:
    if organization is not None:
        check_manager(user, organization)
    try:
        lat = None if lat in (None, "") else float(lat)
        lng = None if lng in (None, "") else float(lng)
    except (TypeError, ValueError):
        raise ValidationError(_("经纬度无效")) from None
    return saved(
        Venue(
            name=text(name, what=_("场所名称"), limit=100, required=True),
            kind=choice(kind, Venue.Kind, what=_("场所类型")),
            region=region,
            organization=organization,
            lat=lat,
            lng=lng,
            address=text(address, what=_("地址"), limit=200),
        )
    )


def expected_members(activity: Activity, on: datetime.date | None = None):
    """The members of the holder and its co-organizers on `on` (the activity's day): full
    and probationary, mobile included, by their membership periods (a member with no
    recorded period counts in their current organization from the day they joined). A
    committee meeting (支委会) expects only the committee: the seats held that day."""
    on = on or timezone.localdate(activity.held_at or activity.planned_at)
    org_ids = [activity.organization_id, *activity.co_organizations.values_list("pk", flat=True)]
    if activity.kind == Activity.Kind.COMMITTEE:
        return committee_members_on(org_ids, on).order_by("pk")
    in_period = Q(
        history__organization_id__in=org_ids,
        history__started_on__lte=on,
    ) & (Q(history__ended_on__isnull=True) | Q(history__ended_on__gt=on))
    no_period = Q(organization_id__in=org_ids, history__isnull=True, joined_on__lte=on)
    return PartyMember.objects.filter(in_period | no_period).distinct().order_by("pk")


def _plan_month(plan_month: PlanMonth | None, organization: PartyOrganization, planned_at):
    if plan_month is None:
        return None
    plan = plan_month.plan
    if plan.status != AnnualPlan.Status.PUBLISHED:
        raise ValidationError(_("只能按已发布的年度计划安排活动"))
    if not organization.path.startswith(plan.organization.path):
        raise ValidationError(_("该年度计划不覆盖本党组织"))
    if timezone.localtime(planned_at).year != plan.year:
        raise ValidationError(_("活动时间不在计划年度内"))
    return plan_month


@transaction.atomic
def activity_plan(
    *,
    organization: PartyOrganization,
    kind: str,
    planned_at,
    title: str,
    plan_month: PlanMonth | None = None,
    theme: str = "",
    items_planned=(),
    format: str = "",
    venue: Venue | None = None,
    co_organizations=(),
    lecturer: PartyMember | None = None,
    user=None,
) -> Activity:
    check_manager(user, organization)
    kind = choice(kind, Activity.Kind, what=_("活动类型"))
    planned_at = moment(planned_at, what=_("计划时间"))
    plan_month = _plan_month(plan_month, organization, planned_at)
    planned = items(list(items_planned), what=_("计划内容"))
    if plan_month is not None:
        if not planned:
            planned = list(plan_month.required_items)
        missing = [i for i in plan_month.required_items if i not in planned]
        if kind == Activity.Kind.THEME_DAY and missing:
            raise ValidationError(
                _("主题党日须包含本月规定动作：%(items)s") % {"items": "、".join(missing)}
            )
    co = list({o.pk: o for o in co_organizations}.values())
    if any(o.pk == organization.pk for o in co):
        raise ValidationError(_("联合党组织不能是主办党组织本身"))
    if lecturer is not None and kind != Activity.Kind.PARTY_LECTURE:
        raise ValidationError(_("只有党课才填写授课人"))
    if kind == Activity.Kind.COMMITTEE and not organization.has_committee:
        raise ValidationError(_("该党组织未设支部委员会，不召开支委会"))
    activity = saved(
        Activity(
            organization=organization,
            kind=kind,
            title=text(title, what=_("活动名称"), limit=200, required=True),
            plan_month=plan_month,
            theme=text(theme, what=_("主题"), limit=200)
            or (plan_month.theme if plan_month else ""),
            items_planned=planned,
            format=text(format, what=_("形式"), limit=50),
            venue=venue,
            planned_at=planned_at,
            lecturer=lecturer,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
    )
    if co:
        activity.co_organizations.set(co)
    return activity


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def _min_minutes(activity: Activity) -> int:
    if activity.kind == Activity.Kind.THEME_DAY and activity.plan_month_id:
        return activity.plan_month.plan.min_minutes
    return 0


def _check_end(activity: Activity, ended_at) -> None:
    if ended_at is None:
        return
    if ended_at < activity.held_at:
        raise ValidationError(_("结束时间不能早于召开时间"))
    minutes = _min_minutes(activity)
    if (ended_at - activity.held_at) < datetime.timedelta(minutes=minutes):
        raise ValidationError(_("主题党日时长不少于%(n)d分钟") % {"n": minutes})


def _create_expected(activity: Activity, user) -> int:
    have = set(activity.attendances.values_list("member_id", flat=True))
    rows = [
        Attendance(activity=activity, member_id=pk)
        for pk in expected_members(activity).values_list("pk", flat=True)
        if pk not in have
    ]
    Attendance.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        # bulk_create sends no signals: one audit event for the list.
        audit_record(
            action=AuditEvent.Action.CREATE,
            user=user,
            object_type="partylife.Attendance",
            rows=len(rows),
            changes={"activity": activity.pk, "expected": len(rows)},
        )
    return len(rows)


@transaction.atomic
def activity_hold(
    *,
    activity: Activity,
    held_at,
    ended_at=None,
    items_done=(),
    minutes: str = "",
    user=None,
) -> Activity:
    """The activity begins (or is recorded as held): the expected list is fixed."""
    activity = _locked(activity)
    check_manager(user, activity.organization)
    if not activity.can_become(Activity.Status.HELD):
        raise ValidationError(_("该活动已召开或已取消"))
    activity.held_at = when(held_at, what=_("召开时间"))
    ended_at = when(ended_at, what=_("结束时间"), required=False)
    _check_end(activity, ended_at)
    activity.ended_at = ended_at
    activity.items_done = items(list(items_done), what=_("完成内容"))
    activity.minutes = text(minutes, what=_("会议记录"), limit=20000)
    activity.status = Activity.Status.HELD
    saved(activity)
    _create_expected(activity, user)
    if activity.kind == Activity.Kind.COMMITTEE and not activity.attendances.exists():
        raise ValidationError(_("该日没有在任的委员会成员，请先登记委员会成员"))
    return activity


@transaction.atomic
def activity_record(
    *,
    activity: Activity,
    ended_at=None,
    items_done=None,
    minutes: str | None = None,
    close: bool = True,
    user=None,
) -> Activity:
    """Record a held activity's end, items done and minutes; with `close`, members still
    only expected (neither present nor on leave) become absent, each opening a make-up."""
    activity = _locked(activity)
    check_manager(user, activity.organization)
    if activity.status != Activity.Status.HELD:
        raise ValidationError(_("活动尚未召开"))
    if ended_at is not None:
        ended_at = when(ended_at, what=_("结束时间"))
        _check_end(activity, ended_at)
        activity.ended_at = ended_at
    if items_done is not None:
        activity.items_done = items(list(items_done), what=_("完成内容"))
    if minutes is not None:
        activity.minutes = text(minutes, what=_("会议记录"), limit=20000)
    saved(activity)
    if close:
        if activity.ended_at is None:
            raise ValidationError(_("请填写结束时间"))
        _create_expected(activity, user)
        absent = activity.attendances.filter(status=Attendance.Status.EXPECTED).update(
            status=Attendance.Status.ABSENT
        )
        if absent:
            # update() sends no signals: one audit event for the absences.
            audit_record(
                action=AuditEvent.Action.UPDATE,
                user=user,
                object_type="partylife.Attendance",
                rows=absent,
                changes={"activity": activity.pk, "absent": absent},
            )
    return activity


@transaction.atomic
def activity_cancel(*, activity: Activity, reason: str, user=None) -> Activity:
    activity = _locked(activity)
    check_manager(user, activity.organization)
    if not activity.can_become(Activity.Status.CANCELLED):
        raise ValidationError(_("只有计划中的活动才能取消"))
    reason = text(reason, what=_("取消原因"), required=True, limit=200)
    activity.status = Activity.Status.CANCELLED
    activity.minutes = reason
    activity.save(update_fields=["status", "minutes"])
    return activity


MAX_PHOTOS = 12
MAX_PHOTO_BYTES = 8 * 1024 * 1024


@transaction.atomic
def activity_photo_add(*, activity: Activity, upload, caption: str = "", user=None):
    """A photo of a held activity: JPEG, PNG or WebP, at most 8 MB, at most 12 per activity."""
    activity = _locked(activity)
    check_manager(user, activity.organization)
    if activity.status != Activity.Status.HELD:
        raise ValidationError(_("活动召开后才能上传照片"))
    if upload is None:
        raise ValidationError(_("请选择照片"))
    if activity.photos.count() >= MAX_PHOTOS:
        raise ValidationError(_("每次活动最多上传%(n)d张照片") % {"n": MAX_PHOTOS})
    checked = checked_upload(upload, max_bytes=MAX_PHOTO_BYTES, kinds=IMAGES, what=_("照片"))
    photo = ActivityPhoto.objects.create(
        activity=activity,
        file=checked.content,
        content_type=checked.content_type,
        size=checked.size,
        caption=text(caption, what=_("照片说明"), limit=100),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    # Not in audit(): the trail cannot hold a file; this event names it instead.
    audit_record(
        action=AuditEvent.Action.CREATE,
        user=user,
        obj=photo,
        changes={"activity": activity.pk, "size": photo.size, "type": photo.content_type},
    )
    return photo
