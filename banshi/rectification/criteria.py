"""The criteria Banshi can judge from its own records, on a day: the secretary post vacant over
3 months (organizations' committee seats), 三会一课 not normal (party life's windows missed in
the last 12 months) and residents' satisfaction under 60% (demands' registered satisfaction
rate of the village over the last 12 months) and no candidate for membership (发展对象) named
for 2 years or more (organizations' development records, a member admitted counting as one)
and last place in the county's latest decided cadre assessment. Each gives (met, value), the
value saying why. The rest are recorded by hand with evidence."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.assessment.models import AssessmentScheme
from banshi.assessment.selectors import last_place_branches
from banshi.core import figures
from banshi.core.periods import Period
from banshi.organizations.models import PartyOrganization
from banshi.organizations.selectors import last_candidate_on, secretary_vacant_since
from banshi.partylife import obligations
from banshi.partylife.models import Activity
from banshi.territory import codes
from banshi.territory.models import Region

from .models import CANDIDATE_YEARS, MISSED_LIMIT, SATISFACTION_MIN, VACANT_DAYS, Criterion


def _moment(day: datetime.date) -> datetime.datetime:
    """The end of `day` (the screening counts what happened on it)."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start)


def secretary_vacant(branch: PartyOrganization, day: datetime.date) -> tuple[bool, str]:
    since = secretary_vacant_since(branch, day)
    if since is None:
        return False, _("书记在岗")
    days = (day - since).days
    value = _("自%(since)s起空缺%(days)d天") % {"since": since.isoformat(), "days": days}
    return days > VACANT_DAYS, value


def meetings(branch: PartyOrganization, day: datetime.date) -> tuple[bool, str]:
    """Windows missed in the 12 months up to `day`; a branch whose party life Banshi does
    not keep at all (no activity ever recorded) is left to be judged by hand."""
    now = _moment(day)
    kept = Activity.objects.filter(
        Q(organization=branch) | Q(co_organizations=branch), held_at__lt=now
    )
    if not kept.exists():
        return False, _("系统中无组织生活记录，请人工核实")
    since = now - datetime.timedelta(days=365)
    missed = [
        w
        for year in (day.year - 1, day.year)
        for _rule, w in obligations.missed(branch, year, now=now)
        if w.end > since
    ]
    value = _("近12个月有%(n)d项组织生活未按期开展") % {"n": len(missed)}
    return len(missed) > MISSED_LIMIT, value


def satisfaction(village: Region, day: datetime.date) -> tuple[bool, str]:
    rate = figures.get("satisfaction_rate").compute(village, Period.window(365, _moment(day)))
    if rate is None:
        return False, _("近12个月无群众评价")
    value = _("近12个月满意率%(rate).1f%%") % {"rate": rate * 100}
    return rate < SATISFACTION_MIN, value


def no_candidates(branch: PartyOrganization, day: datetime.date) -> tuple[bool, str]:
    last = last_candidate_on(branch, day)
    try:
        since = day.replace(year=day.year - CANDIDATE_YEARS)
    except ValueError:  # 29 February
        since = day.replace(year=day.year - CANDIDATE_YEARS, day=28)
    if last is None:
        return True, _("未记录过发展对象或新党员")
    value = _("最近一次确定发展对象或接收党员：%(day)s") % {"day": last.isoformat()}
    return last <= since, value


def _last_of_county(county: str, day: datetime.date) -> tuple[int, set[int]] | None:
    """(year, branch ids at the lowest rank) of the county's latest assessment decided by
    `day`; None when there is none."""
    scheme = (
        AssessmentScheme.objects.filter(county__code=county, decided_on__lte=day)
        .select_related("county")
        .order_by("-year")
        .first()
    )
    if scheme is None:
        return None
    return scheme.year, last_place_branches(scheme.county, scheme.year)


def last_place(
    branch: PartyOrganization, village: Region, day: datetime.date, *, memo: dict | None = None
) -> tuple[bool, str]:
    """Last in the county's latest cadre assessment decided by `day` (its secretary's
    result holds the lowest rank, shared ranks included). `memo` keeps the county's answer
    across the branches of one screening (two queries per county, not per branch)."""
    county = codes.padded(codes.prefix_at(village.prefix, codes.DISTRICT))
    memo = {} if memo is None else memo
    if (county, day) not in memo:
        memo[(county, day)] = _last_of_county(county, day)
    found = memo[(county, day)]
    if found is None:
        return False, _("系统中无已确定的村干部考核结果，请人工核实")
    year, lowest = found
    last = branch.pk in lowest
    value = _("%(year)d年度村干部考核%(where)s") % {
        "year": year,
        "where": _("排名末位") if last else _("未排名末位"),
    }
    return last, value


def evaluate(
    branch: PartyOrganization, village: Region, day: datetime.date, *, memo: dict | None = None
) -> dict:
    """criterion → (met, value) for the automatic criteria; pass one `memo` dict for the
    branches of a screening, so what is the same for a county is read once."""
    return {
        Criterion.SECRETARY_VACANT: secretary_vacant(branch, day),
        Criterion.MEETINGS: meetings(branch, day),
        Criterion.SATISFACTION: satisfaction(village, day),
        Criterion.NO_CANDIDATES: no_candidates(branch, day),
        Criterion.LAST_PLACE: last_place(branch, village, day, memo=memo),
    }
