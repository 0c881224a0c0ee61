"""Which registered figure a report's words mean. In this order: the phrases administrators
and reviewers taught (`SubjectPhrase`, for the measure word or for any), the defaults below,
a figure's own label, its label without the words reports leave out ("党的组织覆盖率" said
"组织覆盖率"), and a label the subject is the unique part of. The words are data: Chinese,
like fixtures."""

from django.db.models import Q

from banshi.core import figures
from banshi.core.figures import Figure

from .models import SubjectPhrase

# (subject, measure word or "" for any) → figure key.
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
}
# Words a report leaves out of a figure's label.
LEFT_OUT = ("党的", "已建立", "已建", "辖区")


def _stripped(label: str) -> str:
    for word in LEFT_OUT:
        label = label.replace(word, "")
    return label


def figure_for(subject: str, unit: str, level: int) -> Figure | None:
    """The registered figure the subject (in the measure word) means at the level, if any."""
    if not subject:
        return None
    taught = {
        p.unit: p.figure_key
        for p in SubjectPhrase.objects.filter(Q(unit=unit) | Q(unit=""), phrase=subject)
    }
    keys = [taught.get(unit), taught.get(""), DEFAULTS.get((subject, unit))]
    keys.append(DEFAULTS.get((subject, "")))
    known = figures.registry.figures
    for key in keys:
        if key and key in known and known[key].exists_at(level) and _rate_fits(known[key], unit):
            return known[key]
    at_level = [f for f in figures.all_figures(level=level) if _rate_fits(f, unit)]
    for same in (
        lambda f: str(f.label) == subject,
        lambda f: _stripped(str(f.label)) == _stripped(subject),
    ):
        found = [f for f in at_level if same(f)]
        if len(found) == 1:
            return found[0]
    if len(subject) >= 2:
        found = [f for f in at_level if subject in str(f.label)]
        if len(found) == 1:
            return found[0]
    return None


def _rate_fits(figure: Figure, unit: str) -> bool:
    """A percentage means a rate, a measure word a count or an amount."""
    return figure.is_rate == (unit == "%")
