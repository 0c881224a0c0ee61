"""综合分析 of village party secretaries: township or county staff make, for a period (a
year or a month), one record per village secretary holding their village's registered
figures — the demands' three rates, the party life's obligations and attendance, the red
flags held — and then write the township's conclusion. The figures come from the registry
by key, so the apps that own them are not imported; a key no app registered is skipped."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banshi.access.scope import restrict, scope_for, visible
from banshi.core import figures
from banshi.core.periods import Period, PeriodError
from banshi.organizations.models import PartyOrganization
from banshi.territory import codes
from banshi.territory.models import Region

from .models import SecretaryAnalysis
from .services import ASSESSOR_ROLES, secretary_on

FIGURE_KEYS = (
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "obligation_rate",
    "attendance_rate",
    "redflags_held",
)
MAKE_LEVELS = frozenset({codes.DISTRICT, codes.STREET, codes.COMMUNITY})
COMMENT_LIMIT = 1000
NOT_STAFF = gettext_lazy("只有乡镇或县委组织部的工作人员可以办理书记综合分析")


def analysis_figures() -> list[figures.Figure]:
    """The registered figures an analysis holds, in FIGURE_KEYS order."""
    found = []
    for key in FIGURE_KEYS:
        try:
            found.append(figures.get(key))
        except KeyError:
            continue
    return found


def parse_period(text) -> Period:
    """A year "YYYY" or a month "YYYY-MM" (not a window of days: an analysis is of a
    calendar period); ValidationError with the reason otherwise."""
    try:
        period = Period.parse(str(text or "")[:20])
    except PeriodError as exc:
        raise ValidationError(str(exc)) from None
    if period.kind == "window":
        raise ValidationError(_("分析期间应为年度（YYYY）或月份（YYYY-MM）"))
    return period


def check_staff(user) -> None:
    """Township or county staff (or a system administrator)."""
    scope = scope_for(user)
    if not scope.everything and not scope.roles & ASSESSOR_ROLES:
        raise PermissionDenied(NOT_STAFF)


def check_analyst(user, code: str) -> None:
    """Township or county staff over the code (or a system administrator)."""
    check_staff(user)
    if not scope_for(user).covers_code(code):
        raise PermissionDenied(NOT_STAFF)


def _village_branches(region: Region, user) -> list[PartyOrganization]:
    """Each village's own branch (the first one serving the village) under the region, that
    the user sees."""
    orgs = PartyOrganization.objects.filter(
        kind__in=PartyOrganization.BRANCH_KINDS,
        grid__isnull=True,
        region__kind=Region.Kind.VILLAGE,
        region__code__startswith=region.prefix,
    ).select_related("region")
    first: dict[int, PartyOrganization] = {}
    for org in restrict(orgs, user).order_by("region__code", "pk"):
        first.setdefault(org.region_id, org)
    return list(first.values())


@transaction.atomic
def analyses_make(
    *, region: Region, period: Period, user, now: datetime.datetime | None = None
) -> list[SecretaryAnalysis]:
    """The analyses of the period for every village under the region whose branch has a
    secretary on the period's last day (or today, if the period has not ended). A second
    run refreshes the figures of the secretary's record and keeps its conclusion."""
    check_analyst(user, region.code)
    if region.level not in MAKE_LEVELS or not visible(region, user):
        raise ValidationError(_("请选择县、乡镇或村"))
    if period.kind == "window":
        raise ValidationError(_("分析期间应为年度（YYYY）或月份（YYYY-MM）"))
    now = now or timezone.now()
    if period.start > now:
        raise ValidationError(_("分析期间尚未开始"))
    day = timezone.localtime(period.as_of(now) - datetime.timedelta(microseconds=1)).date()
    chosen = analysis_figures()
    keys = [f.key for f in chosen]
    made = []
    for branch in _village_branches(region, user):
        secretary = secretary_on(branch, day)
        if secretary is None:
            continue
        values = figures.compute(branch.region, period, keys=keys)
        analysis, _created = SecretaryAnalysis.objects.update_or_create(
            branch=branch,
            secretary=secretary,
            period=period.key,
            defaults={
                "village": branch.region,
                "figures": values,
                "made_at": now,
                "made_by": user,
            },
        )
        made.append(analysis)
    if not made:
        raise ValidationError(_("该地区在分析期间没有在任的村党组织书记"))
    return made


@transaction.atomic
def analysis_conclude(
    *, analysis: SecretaryAnalysis, conclusion: str, comment: str, user
) -> SecretaryAnalysis:
    """The township's conclusion (好、较好、一般、较差) and comment on a secretary's record."""
    analysis = (
        SecretaryAnalysis.objects.select_for_update().select_related("village").get(pk=analysis.pk)
    )
    if not visible(analysis, user):
        raise ValidationError(_("综合分析不存在"))
    check_analyst(user, analysis.village.code)
    if conclusion not in SecretaryAnalysis.Conclusion.values:
        raise ValidationError(_("请选择分析结论"))
    comment = str(comment or "").strip()
    if "\x00" in comment:
        raise ValidationError(_("乡镇意见包含无效字符"))
    if len(comment) > COMMENT_LIMIT:
        raise ValidationError(_("乡镇意见不能超过%(n)d个字") % {"n": COMMENT_LIMIT})
    analysis.conclusion = conclusion
    analysis.comment = comment
    analysis.commented_at = timezone.now()
    analysis.commented_by = user
    analysis.save(update_fields=["conclusion", "comment", "commented_at", "commented_by"])
    return analysis


def analysis_list(*, user, period: str | None = None) -> QuerySet[SecretaryAnalysis]:
    qs = SecretaryAnalysis.objects.select_related("village", "branch", "secretary__resident")
    if period:
        qs = qs.filter(period=period)
    return restrict(qs, user)


def analysis_get(*, user, pk: int) -> SecretaryAnalysis:
    """SecretaryAnalysis.DoesNotExist unless the user sees it."""
    return analysis_list(user=user).get(pk=pk)


def analysis_periods(*, user) -> list[str]:
    """The periods the user has analyses of, newest first."""
    periods = analysis_list(user=user).values_list("period", flat=True).distinct()
    return sorted(set(periods), reverse=True)
