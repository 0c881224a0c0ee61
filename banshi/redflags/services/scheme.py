"""The county's creation scheme: the year, the pass mark, each flag's indicators."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from banshi.territory import codes
from banshi.territory.models import Region

from ..models import INDICATORS_MAX, INDICATORS_MIN, WEIGHT_TOTAL, Flag, Indicator, Scheme
from ._base import as_score, check_county, text


@transaction.atomic
def scheme_create(*, county: Region, year, title: str = "", pass_mark=85, user=None) -> Scheme:
    if not isinstance(county, Region) or county.level != codes.DISTRICT:
        raise ValidationError({"county": _("创建方案须由县制定")})
    check_county(user, county)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("请填写有效的年度")}) from None
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("请填写有效的年度")})
    scheme = Scheme(
        county=county,
        year=year,
        title=text(title, what=_("方案名称"), limit=100, required=False)
        or _("%(county)s%(year)d年“五面红旗村”创建方案") % {"county": county.name, "year": year},
        pass_mark=as_score(pass_mark, what=_("合格分")),
    )
    scheme.full_clean(exclude=["county"])
    try:
        with transaction.atomic():
            scheme.save()
    except IntegrityError:
        raise ValidationError({"year": _("该县本年度已有创建方案")}) from None
    return scheme


@transaction.atomic
def indicators_set(*, scheme: Scheme, flag: str, items, user=None) -> list[Indicator]:
    """Replace a flag's indicators: 5–10 of them, (name, weight, standard), the weights
    summing to 100. Refused once the flag has declarations (their evidence names them)."""
    check_county(user, scheme.county)
    if flag not in Flag.values:
        raise ValidationError({"flag": _("红旗类别无效")})
    if scheme.declarations.filter(flag=flag).exists():
        raise ValidationError(_("已有村申报该红旗，指标不能再改"))
    items = list(items or [])
    if not INDICATORS_MIN <= len(items) <= INDICATORS_MAX:
        raise ValidationError(
            _("每面红旗须有%(lo)d至%(hi)d项指标") % {"lo": INDICATORS_MIN, "hi": INDICATORS_MAX}
        )
    rows = []
    for i, (name, weight, standard) in enumerate(items):
        try:
            weight = int(weight)
        except (TypeError, ValueError):
            raise ValidationError(_("第%(n)d项指标的分值无效") % {"n": i + 1}) from None
        if not 0 < weight <= WEIGHT_TOTAL:
            raise ValidationError(_("第%(n)d项指标的分值须在1到100之间") % {"n": i + 1})
        rows.append(
            Indicator(
                scheme=scheme,
                flag=flag,
                order=i + 1,
                name=text(name, what=_("指标名称"), limit=100),
                weight=weight,
                standard=text(standard, what=_("评分标准"), limit=300),
            )
        )
    total = sum(r.weight for r in rows)
    if total != WEIGHT_TOTAL:
        raise ValidationError(_("一面红旗各项指标分值合计须为100（现为%(n)d）") % {"n": total})
    Indicator.objects.filter(scheme=scheme, flag=flag).delete()
    return Indicator.objects.bulk_create(rows)
