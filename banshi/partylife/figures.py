"""The registered figures of party life for a region or a grid and a period (by month): theme
party days held on time against those due, attendance (present or made up ÷ expected), the
members to follow up, and the obligations of the rules held against those due.

A branch counts where it serves (its `territory_code`), an attendance row where its
activity's holder does. Obligations are counted by branch: a branch has an obligation due in a
period when the rule's window (month, quarter, year) ends in it, and has met it when it held
what the rule asks in every such window (see `obligations`). So each figure lists branches,
attendance rows or members, and every list is the figure's count."""

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind, register_all
from banshi.organizations.models import PartyOrganization
from banshi.territory import codes

from . import obligations
from . import rules as rulebook
from .models import Activity, Attendance

LEVELS = codes.ALL_LEVELS
GROUP = "partylife"


def _rule(key: str):
    return rulebook.get(key)


def _due(key: str | None):
    def records(s, p):
        rule = _rule(key) if key else None
        if key and rule is None:  # switched off in the settings
            return PartyOrganization.objects.none()
        return obligations.due_branches(s.prefix, p, rule)

    return records


def _met(key: str | None):
    def records(s, p):
        rule = _rule(key) if key else None
        if key and rule is None:
            return PartyOrganization.objects.none()
        return obligations.met_branches(s.prefix, p, rule)

    return records


def _expected(s, p):
    return Attendance.objects.filter(
        p.q("activity__held_at"),
        activity__status=Activity.Status.HELD,
        activity__organization__territory_code__startswith=s.prefix,
    )


def _present_or_made_up(s, p):
    return _expected(s, p).filter(Q(status=Attendance.Status.PRESENT) | Q(makeup__isnull=False))


def _absent_3_months(s, p):
    return obligations.members(s.prefix).filter(obligations.absent_q(p.as_of()))


def _out_of_contact(s, p):
    return obligations.members(s.prefix).filter(obligations.out_of_contact_q(p.as_of()))


def _figure(key, label, kind, order, **kw):
    return Figure(key, label, kind, levels=LEVELS, group=GROUP, order=order, **kw)


def _progress(key: str, met: bool):
    def records(s, p):
        rule = _rule(key)
        if rule is None:  # switched off in the settings
            return PartyOrganization.objects.none()
        fn = obligations.progress_met if met else obligations.progress_due
        return fn(s.prefix, p, rule)

    return records


def _per_rule():
    """Per rule, the branches that owe it and those that met it in the period's month,
    quarter or year so far (detail figures: a quarterly rule read in November shows the
    fourth quarter up to the end of November)."""
    out = []
    for i, rule in enumerate(rulebook.DEFAULTS):
        out.append(
            _figure(
                f"obligations_due_{rule.key}",
                format_lazy("{}·{}", _("应落实支部"), rule.label),
                FigureKind.COUNT,
                540 + 2 * i,
                records=_progress(rule.key, met=False),
                detail=True,
            )
        )
        out.append(
            _figure(
                f"obligations_held_{rule.key}",
                format_lazy("{}·{}", _("已落实支部"), rule.label),
                FigureKind.COUNT,
                541 + 2 * i,
                records=_progress(rule.key, met=True),
                detail=True,
                help=_("本月、本季度或本年度（截至期末）已按规定开展的支部"),
            )
        )
    return out


FIGURES = (
    _figure(
        "theme_days_due",
        _("应开展主题党日的支部"),
        FigureKind.COUNT,
        500,
        records=_due("theme_day"),
    ),
    _figure(
        "theme_days_on_time",
        _("按时开展主题党日的支部"),
        FigureKind.COUNT,
        501,
        records=_met("theme_day"),
    ),
    _figure(
        "theme_day_on_time_rate",
        _("主题党日按时开展率"),
        FigureKind.RATE,
        502,
        numerator=_met("theme_day"),
        denominator=_due("theme_day"),
        help=_("当月开展了主题党日的支部占应开展支部的比例（每个支部每月一次）"),
    ),
    _figure("attendance_expected", _("应到人次"), FigureKind.COUNT, 510, records=_expected),
    _figure(
        "attendance_present_or_made_up",
        _("出席或已补学人次"),
        FigureKind.COUNT,
        511,
        records=_present_or_made_up,
    ),
    _figure(
        "attendance_rate",
        _("组织生活参加率"),
        FigureKind.RATE,
        512,
        numerator=_present_or_made_up,
        denominator=_expected,
        help=_("当期已召开的组织生活中出席或已补学的人次占应到人次的比例"),
    ),
    _figure(
        "members_absent_3_months",
        _("连续3个月缺席的党员"),
        FigureKind.COUNT,
        520,
        records=_absent_3_months,
        help=_("截至期末连续3个月应参加组织生活却一次都未出席的党员"),
    ),
    _figure(
        "members_out_of_contact",
        _("失联党员"),
        FigureKind.COUNT,
        521,
        records=_out_of_contact,
        help=_("截至期末6个月以上未参加组织生活、未补学且无联系记录的党员"),
    ),
    _figure(
        "obligations_due",
        _("有组织生活任务到期的支部"),
        FigureKind.COUNT,
        530,
        records=_due(None),
    ),
    _figure(
        "obligations_held",
        _("到期任务全部落实的支部"),
        FigureKind.COUNT,
        531,
        records=_met(None),
    ),
    _figure(
        "obligation_rate",
        _("组织生活落实率"),
        FigureKind.RATE,
        532,
        numerator=_met(None),
        denominator=_due(None),
        help=_("当期到期的三会一课等组织生活全部落实的支部占有任务到期支部的比例"),
    ),
    *_per_rule(),
)


def register() -> None:
    register_all(FIGURES)
