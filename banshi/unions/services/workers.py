"""The minimum-living line (a setting per city and year) and the needy-worker files: a file
is opened with the household's figures and classified (hardship.classify against the line
of the year), a monthly income review reclassifies it and exits it after six consecutive
months above the line, a re-certification renews it for another year."""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.scope import scope_for, visible
from banshi.people.models import Resident
from banshi.territory import codes
from banshi.territory.models import Region

from .. import hardship
from ..models import EnterpriseUnion, IncomeReview, NeedyWorker, PovertyLine, UnionFederation
from .common import check_writer, count, day, text, yuan

log = logging.getLogger(__name__)


def city_code_of(region: Region) -> str:
    return codes.padded(region.code[: codes.LEVEL_PREFIX_LEN[codes.CITY]])


def city_of(federation: UnionFederation) -> Region | None:
    """The city whose 低保标准 the federation's files are classified against."""
    return Region.objects.filter(code=city_code_of(federation.region), level=codes.CITY).first()


def line_for(federation: UnionFederation, on: datetime.date) -> PovertyLine:
    """The city's line of the year of `on` (or its latest earlier year)."""
    line = (
        PovertyLine.objects.filter(region__code=city_code_of(federation.region), year__lte=on.year)
        .order_by("-year")
        .first()
    )
    if line is None:
        raise ValidationError(_("本市尚未设置%(year)d年的低保标准") % {"year": on.year})
    return line


def may_set_line(user, region: Region | None) -> bool:
    """The 低保标准 is a city's setting: only a write scope that covers the city sets it, and
    the only roles bound above a district are the system administrator's."""
    if user is None:  # the demo and the worker's jobs
        return True
    scope = scope_for(user)
    return region is not None and scope.everything and scope.covers_code(region.code)


@transaction.atomic
def poverty_line_set(*, region: Region, year: int, amount, user=None) -> PovertyLine:
    """The city's 低保标准 for a year (a system administrator's setting). The active files
    whose line is that year's (assessed in it, or in a later year without its own line) take
    the new amount and are re-classified against it (`files_reclass`)."""
    if not isinstance(region, Region) or region.level != codes.CITY:
        raise ValidationError(_("低保标准按市设置"))
    if not may_set_line(user, region):
        raise PermissionDenied(_("只有系统管理员可以设置低保标准"))
    year = count(year, what=_("年度"), least=2000, most=2100)
    amount = yuan(amount, what=_("低保标准"))
    if not amount:
        raise ValidationError(_("低保标准应大于0"))
    line, _created = PovertyLine.objects.update_or_create(
        region=region, year=year, defaults={"amount": amount}
    )
    files_reclass(city=region)
    return line


def assessed_on(worker: NeedyWorker) -> datetime.date:
    """The day whose year's line the file's figures were last assessed against: its
    (re-)certification, or its latest income review when that is later."""
    assessed = worker.last_recertified_on or worker.certified_on
    latest = worker.reviews.order_by("-month").values_list("month", flat=True).first()
    return max(assessed, latest) if latest else assessed


def files_reclass(*, city: Region) -> int:
    """Re-classify the city's active files against the line that now applies to them (called
    inside poverty_line_set's transaction); the number of files whose line changed."""
    lines = dict(
        PovertyLine.objects.filter(region=city).order_by("year").values_list("year", "amount")
    )
    active = NeedyWorker.objects.select_for_update().filter(
        federation__region__code__startswith=city.prefix, status=NeedyWorker.Status.ACTIVE
    )
    changed = 0
    for worker in active:
        years = [y for y in lines if y <= assessed_on(worker).year]
        if not years or lines[max(years)] == worker.line:
            continue
        worker.line = lines[max(years)]
        worker.hardship = worker.computed_hardship()
        worker.save(update_fields=["line", "hardship"])  # one by one: each change is audited
        changed += 1
    return changed


def _household(income, members, costs):
    return (
        yuan(income, what=_("家庭年收入")),
        count(members, what=_("家庭人口"), least=1, most=50),
        yuan(costs or 0, what=_("年意外/疾病支出")),
    )


@transaction.atomic
def needy_file_create(
    *,
    federation: UnionFederation,
    worker_name: str,
    household_members,
    household_income,
    accident_costs=0,
    certified_on,
    union: EnterpriseUnion | None = None,
    resident: Resident | None = None,
    user=None,
) -> NeedyWorker:
    check_writer(user, federation)
    name = text(worker_name, what=_("职工姓名"), limit=64, required=True)
    income, members, costs = _household(household_income, household_members, accident_costs)
    certified_on = day(certified_on, what=_("建档日期"))
    if union is not None and union.federation_id != federation.pk:
        raise ValidationError(_("企业工会不属于本工会联合会"))
    if resident is not None and user is not None and not visible(resident, user):
        raise ValidationError(_("居民不存在"))
    line = line_for(federation, certified_on).amount
    return NeedyWorker.objects.create(
        federation=federation,
        union=union,
        worker_name=name,
        resident=resident,
        household_members=members,
        household_income=income,
        accident_costs=costs,
        line=line,
        hardship=hardship.classify(income=income, members=members, costs=costs, line=line),
        certified_on=certified_on,
    )


def _active(worker: NeedyWorker, user) -> NeedyWorker:
    worker = (
        NeedyWorker.objects.select_for_update()
        .select_related("federation__region")
        .get(pk=worker.pk)
    )
    check_writer(user, worker.federation)
    if worker.status != NeedyWorker.Status.ACTIVE:
        raise ValidationError(_("该档案已退出"))
    return worker


@transaction.atomic
def needy_income_review(
    *,
    worker: NeedyWorker,
    month,
    household_income,
    household_members,
    accident_costs=0,
    user=None,
    now=None,
) -> IncomeReview:
    """A month's income review: the file takes the new figures and class; after
    hardship.EXIT_MONTHS consecutive months above the line it is exited."""
    worker = _active(worker, user)
    month = day(month, what=_("复核月份")).replace(day=1)
    now = now or timezone.now()
    if month > timezone.localdate(now):
        raise ValidationError(_("复核月份不能晚于本月"))
    if month < worker.certified_on.replace(day=1):
        raise ValidationError(_("复核月份不能早于建档月份"))
    if worker.reviews.filter(month=month).exists():
        raise ValidationError(_("该月已复核"))
    income, members, costs = _household(household_income, household_members, accident_costs)
    line = line_for(worker.federation, month).amount
    klass = hardship.classify(income=income, members=members, costs=costs, line=line)
    review = IncomeReview.objects.create(
        worker=worker,
        month=month,
        household_members=members,
        household_income=income,
        accident_costs=costs,
        line=line,
        hardship=klass,
        above_line=hardship.above_line(income=income, members=members, line=line),
        recorded_at=now,
        recorded_by=user,
    )
    latest = worker.reviews.order_by("-month").first()
    if latest.pk == review.pk:  # a late review of an earlier month leaves the figures
        worker.household_income, worker.household_members = income, members
        worker.accident_costs, worker.line, worker.hardship = costs, line, klass
    run = hardship.months_above_in_a_row(dict(worker.reviews.values_list("month", "above_line")))
    if run >= hardship.EXIT_MONTHS:
        worker.status = NeedyWorker.Status.EXITED
        worker.exited_on = timezone.localdate(now)
        worker.exit_reason = _("连续%(n)d个月家庭人均收入高于低保标准") % {"n": run}
    worker.save()
    return review


@transaction.atomic
def needy_recertify(*, worker: NeedyWorker, on, user=None) -> NeedyWorker:
    """The annual re-certification: the file stays for another 12 months, reclassified
    against the line of the year."""
    worker = _active(worker, user)
    on = day(on, what=_("复核日期"))
    if on < (worker.last_recertified_on or worker.certified_on):
        raise ValidationError(_("复核日期不能早于上次认定"))
    worker.line = line_for(worker.federation, on).amount
    worker.hardship = worker.computed_hardship()
    worker.last_recertified_on = on
    worker.save()
    return worker


def files_due(today: datetime.date) -> list[NeedyWorker]:
    """Active files whose re-certification is due on or before `today` (unscoped: the
    worker's reminder; pages filter through the selectors)."""
    active = NeedyWorker.objects.filter(status=NeedyWorker.Status.ACTIVE).select_related(
        "federation"
    )
    return [w for w in active if w.recertification_is_due(today)]


def recertification_reminder(now=None) -> dict:
    """The worker's daily job: log the files due for re-certification, per federation."""
    today = timezone.localdate(now) if now else timezone.localdate()
    due = files_due(today)
    for w in due:
        log.info(
            "needy-worker file %s (%s) due for re-certification since %s",
            w.pk,
            w.federation.name,
            w.recertification_due,
        )
    return {"needy_files_recertification_due": len(due)}
