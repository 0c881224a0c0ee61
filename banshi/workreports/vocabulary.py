"""Which registered figure a report's words mean. In this order: the phrases administrators
and reviewers taught (`SubjectPhrase`, for the measure word or for any), the defaults below,
a figure's own label, its label without the words reports leave out ("党的组织覆盖率" said
"组织覆盖率"), and a label the subject is the unique part of. The words are data: Chinese,
like fixtures."""

from django.db.models import Q

from banshi.core import figures
from banshi.core.figures import Figure

from .models import SubjectPhrase

# (subject or the words before the number, measure word or "" for any) → figure key, or
# "key:part" for the count of a rate's numerator or denominator (the monthly report's
# "派单161件，按时签收138件，响应率85.7%").
DEFAULTS: dict[tuple[str, str], str] = {
    ("社区", ""): "communities",
    ("村", ""): "communities",
    ("嘎查村", ""): "communities",
    ("住户", ""): "households",
    ("党组织企业", ""): "enterprises_with_party_org",
    ("建立党组织企业", ""): "enterprises_with_party_org",
    ("指导员", ""): "party_building_instructors",
    ("党员", "名"): "party_members",
    ("党员", "人"): "party_members",
    ("志愿者", "人"): "volunteers_registered",
    ("志愿者", "名"): "volunteers_registered",
    # The monthly report's words (dashboards/report/compose.py).
    ("群众诉求", "件"): "demands_received",
    ("派单", "件"): "response_rate:denominator",
    ("签收", "件"): "response_rate:numerator",
    ("按时签收", "件"): "response_rate:numerator",
    ("应办结", "件"): "resolution_rate:denominator",
    ("已办结", "件"): "resolution_rate:numerator",
    ("回访评价", "件"): "satisfaction_rate:denominator",
    ("其中满意和基本满意", "件"): "satisfaction_rate:numerator",
    ("满意和基本满意", "件"): "satisfaction_rate:numerator",
    ("网格员", "名"): "visiting_workers",
    ("入户走访", "次"): "visits",
    ("人均每周走访", "次"): "visits_per_worker_week",
    ("巡查", "次"): "patrols",
    ("开展巡查", "次"): "patrols",
    ("巡查发现问题", "处"): "findings",
    ("其中转为诉求", "件"): "findings_to_demand",
    ("转为诉求", "件"): "findings_to_demand",
}
# Words a report leaves out of a figure's label.
LEFT_OUT = ("党的", "已建立", "已建", "辖区")


def _stripped(label: str) -> str:
    for word in LEFT_OUT:
        label = label.replace(word, "")
    return label


def figure_for(subject: str, unit: str, level: int, phrase: str = "") -> tuple | None:
    """The registered figure (and the part of a rate, or None for its value) the words mean
    at the level: the words just before the number first ("人均每周走访"), then the subject."""
    if not subject and not phrase:
        return None
    words = [w for w in (phrase, subject) if w]
    taught = {
        (p.phrase, p.unit): p.figure_key
        for p in SubjectPhrase.objects.filter(Q(unit=unit) | Q(unit=""), phrase__in=words)
    }
    known = figures.registry.figures
    for word in words:
        for key in (taught.get((word, unit)), taught.get((word, "")), DEFAULTS.get((word, unit))):
            found = _keyed(key, known, level, unit)
            if found is not None:
                return found
        found = _keyed(DEFAULTS.get((word, "")), known, level, unit)
        if found is not None:
            return found
    if not subject:
        return None
    at_level = [f for f in figures.all_figures(level=level) if _rate_fits(f, unit)]
    for same in (
        lambda f: str(f.label) == subject,
        lambda f: _stripped(str(f.label)) == _stripped(subject),
    ):
        found = [f for f in at_level if same(f)]
        if len(found) == 1:
            return found[0], None
    if len(subject) >= 2:
        found = [f for f in at_level if subject in str(f.label)]
        if len(found) == 1:
            return found[0], None
    return None


def _keyed(key: str | None, known: dict, level: int, unit: str) -> tuple | None:
    """A "key" or "key:part" that names a figure existing at the level, fitting the unit."""
    if not key:
        return None
    name, _sep, part = key.partition(":")
    figure = known.get(name)
    if figure is None or not figure.exists_at(level):
        return None
    if part:
        # A part of a rate is a count of its records: a measure word, never a percentage.
        return (figure, part) if figure.is_rate and part in figure.parts and unit != "%" else None
    return (figure, None) if _rate_fits(figure, unit) else None


def _rate_fits(figure: Figure, unit: str) -> bool:
    """A percentage means a rate, a measure word a count or an amount."""
    return figure.is_rate == (unit == "%")
