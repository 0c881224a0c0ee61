"""The campaign and its screening: open a county's campaign for a year, screen every
village branch of the county on a day (the automatic criteria, re-runnable: a finding is
updated in place), record a criterion by hand with its evidence, and the county's
decision on each flagged organization."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banshi.organizations.models import PartyOrganization
from banshi.territory import codes
from banshi.territory.models import Region

from .. import criteria
from ..models import AUTOMATIC, Campaign, Criterion, Screening, ScreeningFinding
from ._base import as_day, check_county, text


@transaction.atomic
def campaign_open(
    *, county, year, screening_deadline, rectification_deadline, user=None
) -> Campaign:
    if not isinstance(county, Region) or county.level != codes.DISTRICT:
        raise ValidationError({"county": _("请选择县（区）")})
    check_county(user, county)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("请填写有效的年度")}) from None
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("请填写有效的年度")})
    screening = as_day(screening_deadline, what=_("排查截止日期"), future=True)
    rectification = as_day(rectification_deadline, what=_("整顿截止日期"), future=True)
    if screening.year != year:
        raise ValidationError({"screening_deadline": _("排查截止日期应在本年度内")})
    if rectification < screening:
        raise ValidationError({"rectification_deadline": _("整顿截止日期不能早于排查截止日期")})
    if Campaign.objects.filter(county=county, year=year).exists():
        raise ValidationError({"year": _("该县本年度的排查整顿已经开展")})
    return Campaign.objects.create(
        county=county,
        year=year,
        screening_deadline=screening,
        rectification_deadline=rectification,
    )


def _village_branches(county: Region) -> list[tuple[Region, PartyOrganization]]:
    """Each village of the county with its own party branch (the first serving it)."""
    out: dict[int, tuple[Region, PartyOrganization]] = {}
    orgs = (
        PartyOrganization.objects.filter(
            region__code__startswith=county.prefix,
            region__kind=Region.Kind.VILLAGE,
            kind__in=PartyOrganization.BRANCH_KINDS,
            grid__isnull=True,
        )
        .select_related("region")
        .order_by("-pk")
    )
    for org in orgs:
        out[org.region_id] = (org.region, org)  # the lowest pk last, so it wins
    return sorted(out.values(), key=lambda t: t[0].code)


def _reflag(screening: Screening) -> None:
    flagged = screening.findings.filter(met=True).exists()
    if flagged != screening.flagged:
        screening.flagged = flagged
        screening.save(update_fields=["flagged"])


@transaction.atomic
def screen(*, campaign: Campaign, on, user=None) -> list[Screening]:
    """Screen every village branch of the county on `on` (the automatic criteria). Run
    again, it updates the same findings in place (in bulk: a county has a hundred
    branches); a decision taken and the findings recorded by hand stay."""
    check_county(user, campaign.county)
    day = as_day(on, what=_("排查日期"))
    if day.year != campaign.year:
        raise ValidationError({"on": _("排查日期应在本年度内")})
    pairs = _village_branches(campaign.county)
    known = set(Screening.objects.filter(campaign=campaign).values_list("organization", flat=True))
    Screening.objects.bulk_create(
        [
            Screening(campaign=campaign, organization=b, village=v)
            for v, b in pairs
            if b.pk not in known
        ]
    )
    screenings = {
        s.organization_id: s
        for s in Screening.objects.filter(campaign=campaign).select_related(
            "village", "organization"
        )
    }
    found: dict[int, dict[str, ScreeningFinding]] = {}
    for f in ScreeningFinding.objects.filter(screening__campaign=campaign):
        found.setdefault(f.screening_id, {})[f.criterion] = f
    create, update, reflagged, out = [], [], [], []
    memo: dict = {}
    for village, branch in pairs:
        s = screenings[branch.pk]
        mine = found.setdefault(s.pk, {})
        for criterion, (met, value) in criteria.evaluate(branch, village, day, memo=memo).items():
            f = mine.get(criterion)
            if f is None:
                f = ScreeningFinding(screening=s, criterion=criterion)
                create.append(f)
            else:
                update.append(f)
            f.met, f.value, f.automatic, f.on = met, value, True, day
            mine[criterion] = f
        flagged = any(f.met for f in mine.values())
        if flagged != s.flagged:
            s.flagged = flagged
            reflagged.append(s)
        out.append(s)
    ScreeningFinding.objects.bulk_create(create)
    ScreeningFinding.objects.bulk_update(update, ["met", "value", "automatic", "on"])
    Screening.objects.bulk_update(reflagged, ["flagged"])
    campaign.screened_on = day
    campaign.save(update_fields=["screened_on"])
    return out


@transaction.atomic
def finding_record(
    *, screening: Screening, criterion, met, evidence, on, user=None
) -> ScreeningFinding:
    """A criterion judged by hand, with its evidence (needed when it is met). An
    automatic criterion may be recorded by hand too; the next screening recomputes it."""
    check_county(user, screening.campaign.county)
    if criterion not in Criterion.values:
        raise ValidationError({"criterion": _("请选择排查标准")})
    met = met in (True, "1", "on", "true", "yes")
    evidence = text(evidence, what=_("佐证材料"), limit=2000, required=met)
    day = as_day(on, what=_("判定日期"))
    finding, _new = ScreeningFinding.objects.update_or_create(
        screening=screening,
        criterion=criterion,
        defaults={
            "met": met,
            "evidence": evidence,
            "value": _("人工认定") if met else "",
            "automatic": False,
            "on": day,
        },
    )
    _reflag(screening)
    return finding


@transaction.atomic
def screening_decide(*, screening: Screening, confirm, on, note="", user=None) -> Screening:
    check_county(user, screening.campaign.county)
    day = as_day(on, what=_("决定日期"))
    confirm = confirm in (True, "1", "on", "true", "yes", "confirm")
    if confirm and not screening.flagged:
        raise ValidationError(_("该党组织未排查出问题，不能列入整顿"))
    if not confirm and hasattr(screening, "plan"):
        raise ValidationError(_("已制定整顿方案，不能取消整顿"))
    screening.decision = Screening.Decision.CONFIRMED if confirm else Screening.Decision.DISMISSED
    screening.decided_on = day
    screening.note = text(note, what=_("说明"), required=False)
    screening.save(update_fields=["decision", "decided_on", "note"])
    return screening


def automatic(criterion) -> bool:
    return criterion in AUTOMATIC
