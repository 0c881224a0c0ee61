"""Writes of field work: photo uploads, patrols with findings, home visits with needs, and
turning a finding or a need into a demand. Every record is keyed by the phone's UUID
(`client_id`): a second delivery of the same record returns the one already stored.

A grid worker records only in their own grid (their `grid_worker` role assignments)."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import restrict, visible
from banshi.demands.models import Category, Demand
from banshi.demands.services import demand_submit
from banshi.territory.grid_index import grid_at
from banshi.territory.models import Grid, Household

from . import selectors
from .models import FieldPhoto, Finding, HomeVisit, Patrol, VisitNeed
from .photos import validated_photo

# A phone's clock may run a little fast; more than this ahead is refused.
CLOCK_SKEW = datetime.timedelta(minutes=5)
MAX_NOTE = 2000
MAX_ROUTE_POINTS = 5000
MAX_PHOTOS = 9
MAX_ID = 2**63 - 1


class NotFound(Exception):
    """A place outside the worker's grid; the view answers 404 with the message."""


# --- parsing -------------------------------------------------------------------------


def _uuid(value, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise ValidationError(_("%(what)s的记录编号无效") % {"what": what}) from None


def _when(value, *, what: str, now: datetime.datetime, required: bool = True):
    if value in (None, ""):
        if required:
            raise ValidationError(_("请填写%(what)s") % {"what": what})
        return None
    if isinstance(value, datetime.datetime):
        at = value
    else:
        try:
            at = parse_datetime(str(value))
        except ValueError:  # well formed but impossible, like 2026-02-30T10:00:00
            at = None
        if at is None:
            raise ValidationError(_("%(what)s格式无效：%(v)s") % {"what": what, "v": value})
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + CLOCK_SKEW:
        raise ValidationError(
            _("%(what)s晚于当前时间（%(at)s），请检查手机时间")
            % {"what": what, "at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M")}
        )
    return at


def _text(value, *, what: str, limit: int = MAX_NOTE, required: bool = False) -> str:
    value = str(value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value


def _point(lat, lng) -> tuple[float | None, float | None]:
    if lat in (None, "") and lng in (None, ""):
        return None, None
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        raise ValidationError(_("位置的经纬度无效")) from None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationError(_("位置的经纬度超出范围"))
    return lat, lng


# --- the worker ------------------------------------------------------------------------


def worker_assignments(user) -> list[RoleAssignment]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(
        RoleAssignment.objects.filter(
            user=user, role=RoleAssignment.Role.GRID_WORKER, grid__isnull=False
        ).select_related("grid__community")
    )


def worker_grid(user, grid_code: str | None = None) -> tuple[Grid, object]:
    """(grid, the worker's resident or None) of a grid worker; PermissionDenied for anyone
    else, NotFound for a grid that is not theirs."""
    assignments = worker_assignments(user)
    if not assignments:
        raise PermissionDenied(_("只有网格员可以记录巡查走访"))
    if grid_code:
        for a in assignments:
            if a.grid.code == grid_code:
                return a.grid, a.resident
        raise NotFound(_("网格%(code)s不是您负责的网格") % {"code": grid_code})
    a = assignments[0]
    return a.grid, a.resident


# --- photos ----------------------------------------------------------------------------


@transaction.atomic
def photo_upload(*, user, client_id, upload, grid_code: str | None = None, now=None):
    """Store a photo once per client id. Returns (photo, created)."""
    now = now or timezone.now()
    cid = _uuid(client_id, _("照片"))
    grid, _resident = worker_grid(user, grid_code)
    existing = FieldPhoto.objects.filter(client_id=cid).first()
    if existing is not None:
        if existing.uploaded_by_id != user.pk:
            raise PermissionDenied(_("该照片编号已被他人使用"))
        return existing, False
    if upload is None:
        raise ValidationError(_("请选择照片"))
    content, content_type, size = validated_photo(upload)
    photo = FieldPhoto(
        client_id=cid,
        grid=grid,
        file=content,
        content_type=content_type,
        size=size,
        uploaded_by=user,
        uploaded_at=now,
    )
    try:
        with transaction.atomic():
            photo.save()
    except IntegrityError:
        return FieldPhoto.objects.get(client_id=cid), False
    return photo, True


# --- patrols ---------------------------------------------------------------------------


def _route(value) -> list:
    if not value:
        return []
    if not isinstance(value, list) or len(value) > MAX_ROUTE_POINTS:
        raise ValidationError(_("巡查轨迹格式无效"))
    points = []
    for p in value:
        try:
            lat, lng = _point(p["lat"], p["lng"])
        except (TypeError, KeyError):
            raise ValidationError(_("巡查轨迹格式无效")) from None
        points.append({"lat": lat, "lng": lng, "at": str(p.get("at", ""))[:40]})
    return points


@transaction.atomic
def patrol_record(
    *,
    user,
    client_id,
    started_at,
    ended_at=None,
    route=None,
    note: str = "",
    findings=(),
    grid_code: str | None = None,
    now=None,
) -> tuple[Patrol, bool]:
    """Store a patrol and its findings once per client id. A repeated delivery adds the
    findings not yet stored (a patrol may be sent again with more findings). Returns
    (patrol, created)."""
    now = now or timezone.now()
    cid = _uuid(client_id, _("巡查"))
    grid, resident = worker_grid(user, grid_code)
    started = _when(started_at, what=_("巡查开始时间"), now=now)
    ended = _when(ended_at, what=_("巡查结束时间"), now=now, required=False)
    if ended is not None and ended < started:
        raise ValidationError(_("巡查结束时间早于开始时间"))
    if not isinstance(findings, list | tuple):
        raise ValidationError(_("巡查发现格式无效"))
    patrol = Patrol.objects.filter(client_id=cid).first()
    created = patrol is None
    if patrol is not None:
        if patrol.worker_id != user.pk:
            raise PermissionDenied(_("该巡查编号已被他人使用"))
        if patrol.grid_id != grid.pk or not visible(patrol, user):
            raise NotFound(_("巡查不存在或不在您的范围内"))
        if ended is not None and patrol.ended_at is None:
            patrol.ended_at = ended
            patrol.save(update_fields=["ended_at"])
    else:
        points = _route(route)
        patrol = Patrol.objects.create(
            client_id=cid,
            grid=grid,
            worker=user,
            worker_resident=resident,
            started_at=started,
            ended_at=ended,
            route=points,
            route_m=Patrol.route_length_m(points),
            note=_text(note, what=_("备注")),
        )
    for item in findings:
        if not isinstance(item, dict):
            raise ValidationError(_("巡查发现格式无效"))
        finding_record(patrol=patrol, user=user, now=now, **item)
    return patrol, created


def finding_record(
    *,
    patrol: Patrol,
    user,
    client_id,
    kind: str,
    note: str,
    lat=None,
    lng=None,
    found_at=None,
    photos=(),
    to_demand: bool = False,
    now=None,
) -> Finding:
    now = now or timezone.now()
    cid = _uuid(client_id, _("巡查发现"))
    finding = Finding.objects.filter(client_id=cid).first()
    if finding is not None:
        if finding.patrol_id != patrol.pk:
            raise ValidationError(_("巡查发现编号重复"))
    else:
        if kind not in Finding.Kind.values:
            raise ValidationError(_("未知的发现类型：%(k)s") % {"k": kind})
        lat, lng = _point(lat, lng)
        finding = Finding.objects.create(
            client_id=cid,
            patrol=patrol,
            kind=kind,
            note=_text(note, what=_("情况说明"), required=True),
            lat=lat,
            lng=lng,
            found_at=_when(found_at, what=_("发现时间"), now=now, required=False)
            or patrol.started_at,
        )
    photo_ids = [_uuid(p, _("照片")) for p in (photos or [])]
    if len(photo_ids) > MAX_PHOTOS:
        raise ValidationError(_("每条发现最多%(n)d张照片") % {"n": MAX_PHOTOS})
    if photo_ids:
        found = restrict(FieldPhoto.objects, user).filter(
            client_id__in=photo_ids, uploaded_by=user, grid=patrol.grid
        )
        if found.count() != len(set(photo_ids)):
            raise ValidationError(_("照片尚未上传完成，请稍后重试"))
        found.filter(finding__isnull=True).update(finding=finding)
    if to_demand and finding.demand_id is None:
        finding_to_demand(finding=finding, user=user, now=now)
    return finding


def _grid_point(grid: Grid) -> tuple[float | None, float | None]:
    """A point inside the grid (its boundary's vertex mean; good for the convex grids
    drawn in practice), so that routing by location lands on this grid."""
    try:
        ring = grid.boundary["coordinates"][0][:-1]
        if grid.boundary.get("type") == "MultiPolygon":
            ring = grid.boundary["coordinates"][0][0][:-1]
        lng = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
        return lat, lng
    except (TypeError, KeyError, IndexError, ZeroDivisionError):
        return None, None


def _category(code: str):
    return (
        Category.objects.filter(code=code, active=True).first()
        or Category.objects.filter(code="other", active=True).first()
        or Category.objects.filter(active=True).first()
    )


def _submit(*, key: str, category_code: str, description: str, user, now, **kw):
    category = _category(category_code)
    if category is None:
        raise ValidationError(_("尚未设置诉求类别，无法转为诉求"))
    return demand_submit(
        category=category,
        description=description,
        channel=Demand.Channel.GRID_WORKER,  # field work is a grid worker's
        user=user,
        idempotency_key=key,
        now=now,
        **kw,
    ).demand


@transaction.atomic
def finding_to_demand(*, finding: Finding, user, now=None):
    """Turn a finding into a demand routed to the patrol's grid (once)."""
    finding = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("patrol__grid")
        .get(pk=finding.pk)
    )
    if finding.demand_id:
        return finding.demand
    grid = finding.patrol.grid
    lat, lng = finding.lat, finding.lng
    # Routing places a point by the grid containing it; a GPS fix that drifted across the
    # line (or none at all) would send the demand elsewhere, so use a point of this grid.
    if lat is None or (g := grid_at(lat, lng)) is None or g.pk != grid.pk:
        lat, lng = _grid_point(grid)
    extra = {"lat": lat, "lng": lng} if lat is not None else {"region": grid.community}
    photos = [p.file for p in finding.photos.all()]
    for f in photos:
        f.open("rb")
    description = _("【巡查发现·%(kind)s】%(note)s\n（来自巡查 #%(patrol)d，%(at)s，%(grid)s）") % {
        "kind": finding.get_kind_display(),
        "note": finding.note,
        "patrol": finding.patrol_id,
        "at": timezone.localtime(finding.found_at).strftime("%Y-%m-%d %H:%M"),
        "grid": grid.name,
    }
    try:
        demand = _submit(
            key=f"fieldwork:finding:{finding.client_id}",
            category_code=Finding.CATEGORY[finding.kind],
            description=description[:2000],
            user=user,
            now=now,
            photos=photos,
            **extra,
        )
    finally:
        for f in photos:
            f.close()
    finding.demand = demand
    finding.save(update_fields=["demand"])
    return demand


# --- home visits -----------------------------------------------------------------------


def _visited_household(*, user, grid: Grid, pk: int, at, late: bool):
    """(household or None, flagged, reason) of a visit by `user` in `grid` at `at`. The
    household must be in the user's scope now, or, for a record sent late (`late`: the
    phone names the grid it downloaded), have been in `grid` at `at` and moved or removed
    since; anything else gets the answer a missing id gets, so that a refusal does not
    tell whether a household exists outside the scope."""
    household = selectors.household_in_scope(user=user, pk=pk)
    if household is not None and household.grid_id == grid.pk:
        return household, False, ""
    if late and household is not None:  # moved within the user's own scope
        return household, True, _("该户已迁至%(grid)s") % {"grid": household.grid.name}
    if late and selectors.household_grid_at(pk=pk, at=at) == grid.pk:
        current = Household.objects.select_related("grid").filter(pk=pk).first()
        if current is None:
            return None, True, _("提交时该户已被注销")
        return current, True, _("该户已迁至其他网格")
    raise NotFound(_("户不存在或不在您的范围内"))


@transaction.atomic
def visit_record(
    *,
    user,
    client_id,
    household_id,
    visited_at,
    met: str = "",
    situation: str = "",
    needs=(),
    follow_up_on=None,
    grid_code: str | None = None,
    household_label: str = "",
    now=None,
) -> tuple[HomeVisit, bool]:
    """Store a home visit once per client id. `grid_code` is the grid the household was in
    when the phone downloaded it: a household that moved to another grid or was removed
    since is recorded all the same, flagged for review. A household that was never in the
    worker's grid is refused (NotFound). Returns (visit, created)."""
    now = now or timezone.now()
    cid = _uuid(client_id, _("走访"))
    grid, resident = worker_grid(user)
    if grid_code:
        grid, resident = worker_grid(user, grid_code)
    existing = HomeVisit.objects.filter(client_id=cid).first()
    if existing is not None:
        if existing.worker_id != user.pk:
            raise PermissionDenied(_("该走访编号已被他人使用"))
        return existing, False
    try:
        household_ref = int(household_id)
    except (TypeError, ValueError):
        raise ValidationError(_("请选择走访的户")) from None
    if not 0 < household_ref <= MAX_ID:
        raise ValidationError(_("户编号无效"))
    at = _when(visited_at, what=_("走访时间"), now=now)
    follow = None
    if follow_up_on not in (None, ""):
        try:
            follow = (
                follow_up_on
                if isinstance(follow_up_on, datetime.date)
                else parse_date(str(follow_up_on))
            )
        except ValueError:  # well formed but impossible, like 2026-02-30
            follow = None
        if follow is None:
            raise ValidationError(_("回访日期格式无效：%(v)s") % {"v": follow_up_on})
        if follow < timezone.localdate(at):
            raise ValidationError(_("回访日期早于走访日期"))
    household, flagged, reason = _visited_household(
        user=user, grid=grid, pk=household_ref, at=at, late=bool(grid_code)
    )
    if not isinstance(needs, list | tuple):
        raise ValidationError(_("走访需求格式无效"))
    visit = HomeVisit(
        client_id=cid,
        grid=grid,
        household=household,
        household_ref=household_ref,
        household_label=str(household) if household else str(household_label or "")[:200],
        worker=user,
        worker_resident=resident,
        visited_at=at,
        met=_text(met, what=_("接待人"), limit=100),
        situation=_text(situation, what=_("家庭情况")),
        follow_up_on=follow,
        flagged_for_review=flagged,
        flag_reason=reason,
    )
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError:
        return HomeVisit.objects.get(client_id=cid), False
    seen = set()
    for item in needs:
        if isinstance(item, str):
            item = {"kind": item}
        if not isinstance(item, dict) or item.get("kind") not in VisitNeed.Kind.values:
            raise ValidationError(_("未知的需求类型：%(k)s") % {"k": item})
        if item["kind"] in seen:
            continue
        seen.add(item["kind"])
        need = VisitNeed.objects.create(
            visit=visit,
            kind=item["kind"],
            note=_text(item.get("note"), what=_("需求说明"), limit=500),
        )
        if item.get("to_demand") and not flagged:
            need_to_demand(need=need, user=user, now=now)
    return visit, True


@transaction.atomic
def need_to_demand(*, need: VisitNeed, user, now=None):
    """Turn a visit's need into a demand for the household (once)."""
    need = (
        VisitNeed.objects.select_for_update(of=("self",))
        .select_related("visit__household__grid")
        .get(pk=need.pk)
    )
    if need.demand_id:
        return need.demand
    visit = need.visit
    if visit.household is None:
        raise ValidationError(_("该户已被注销，请核查后再转为诉求"))
    description = _("【入户走访·%(kind)s】%(note)s\n（来自%(at)s对%(hh)s的走访）") % {
        "kind": need.get_kind_display(),
        "note": need.note or visit.situation or need.get_kind_display(),
        "at": timezone.localtime(visit.visited_at).strftime("%Y-%m-%d"),
        "hh": visit.household,
    }
    demand = _submit(
        key=f"fieldwork:need:{visit.client_id}:{need.kind}",
        category_code=VisitNeed.CATEGORY[need.kind],
        description=description[:2000],
        user=user,
        now=now,
        household=visit.household,
    )
    need.demand = demand
    need.save(update_fields=["demand"])
    return demand
