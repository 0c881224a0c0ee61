"""Twelve-month trends of a region's periodic figures, and their charts.

A trend is the registered figures computed month by month (the same official values the
region page shows for one month). A month that has ended does not change any more, so its
values are kept in the cache for TREND_CACHE_SECONDS; the month in progress is computed
each time. The charts are SVG drawn on the server with pygal: no script, light on a phone,
and the same SVG can go into a PDF. Each chart comes with its numbers as a table."""

import hashlib
import re

import pygal
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pygal.style import Style

from banshi.core import figures
from banshi.core.figures import FigureKind
from banshi.core.periods import Period

MONTHS = 12
TREND_CACHE_SECONDS = 6 * 3600
# The groups whose periodic figures are charted on a region page, and how many counts each.
CHARTED_GROUPS = ("demands", "fieldwork")
COUNTS_CHARTED = 3

STYLE = Style(
    background="transparent",
    plot_background="#ffffff",
    foreground="#1f2328",
    foreground_strong="#1f2328",
    foreground_subtle="#5f6b76",
    colors=("#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a"),
    font_family='"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", sans-serif',
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=15,
)


def months_up_to(end: Period, count: int = MONTHS) -> list[Period]:
    periods = [end]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return list(reversed(periods))


def _key(subject, period: Period, keys: list[str]) -> str:
    digest = hashlib.sha1(",".join(keys).encode()).hexdigest()[:12]
    return f"banshi:trend:{subject.code}:{period.key}:{digest}"


def trend(subject, keys: list[str], *, end: Period) -> list[tuple[Period, dict]]:
    """(month, {key: value}) for the MONTHS months up to `end`. The months that have ended
    (their figures no longer move) are read from the cache in one round trip and those
    missing kept in one; the month in progress is computed each time."""
    current = Period.current_month()
    months = months_up_to(end)
    ended = {_key(subject, p, keys) for p in months if p.key < current.key}
    found = cache.get_many(list(ended))
    kept, series = {}, []
    for p in months:
        name = _key(subject, p, keys)
        values = found.get(name)
        if values is None:
            values = dict(figures.compute(subject, p, keys=keys))
            if name in ended:
                kept[name] = values
        series.append((p, values))
    if kept:
        cache.set_many(kept, TREND_CACHE_SECONDS)
    return series


def charted_figures(level: int) -> dict[str, dict[str, list]]:
    """group → {"rates": [figures], "counts": [figures]}: what a region page charts."""
    found: dict[str, dict[str, list]] = {}
    for f in figures.all_figures(level=level, groups=CHARTED_GROUPS):
        if not f.periodic or f.detail:
            continue
        entry = found.setdefault(f.group, {"rates": [], "counts": []})
        if f.is_rate:
            entry["rates"].append(f)
        elif f.kind == FigureKind.COUNT and len(entry["counts"]) < COUNTS_CHARTED:
            entry["counts"].append(f)
    return found


# Each month's short name, translated as a whole ("12月", "Dec").
MONTH_LABELS = [
    gettext_lazy("1月"),
    gettext_lazy("2月"),
    gettext_lazy("3月"),
    gettext_lazy("4月"),
    gettext_lazy("5月"),
    gettext_lazy("6月"),
    gettext_lazy("7月"),
    gettext_lazy("8月"),
    gettext_lazy("9月"),
    gettext_lazy("10月"),
    gettext_lazy("11月"),
    gettext_lazy("12月"),
]


def _labels(months: list[Period]) -> list[str]:
    """Each month by its short name in the reader's language; January also names its year
    ("2026年1月", "Jan 2026"), where the year changes."""
    out = []
    for p in months:
        name = str(MONTH_LABELS[int(p.key[5:]) - 1])
        out.append(
            _("%(y)s年%(month)s") % {"y": p.key[:4], "month": name} if p.key[5:] == "01" else name
        )
    return out


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def _svg(chart) -> str:
    # pygal writes its configuration for its tooltips script into the SVG even with js=[]:
    # the page's content security policy would refuse it, so it is taken out.
    return mark_safe(_SCRIPT.sub("", chart.render(is_unicode=True)))  # noqa: S308 (pygal's)


def _chart(kind, title: str, months: list[Period], series: list[tuple[str, list]], percent: bool):
    chart = kind(
        style=STYLE,
        width=720,
        height=320,
        explicit_size=False,  # scales to its box: the same SVG on a phone and a desk
        js=[],  # no script: the page's content security policy allows none inline
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        show_minor_x_labels=True,
        truncate_legend=-1,
        print_values=False,
        margin=12,
        title=title,
        value_formatter=(lambda v: f"{v:.1f}%") if percent else (lambda v: f"{v:,.0f}"),
        range=(0, 100) if percent else None,
        include_x_axis=True,
        no_data_text=_("暂无数据"),
    )
    chart.x_labels = _labels(months)
    for name, values in series:
        chart.add(name, values)
    return _svg(chart)


def region_charts(subject, *, end: Period) -> list[dict]:
    """The charts of a region page: for each charted group, its rates as lines (percent) and
    its first counts as bars, over the twelve months up to `end`; each with its table."""
    groups = charted_figures(subject.level)
    keys = [f.key for g in groups.values() for f in g["rates"] + g["counts"]]
    if not keys:
        return []
    series = trend(subject, keys, end=end)
    months = [p for p, _v in series]
    charts = []
    for group, chosen in groups.items():
        for part, percent, kind in (("rates", True, pygal.Line), ("counts", False, pygal.Bar)):
            shown = chosen[part]
            if not shown:
                continue
            plotted, table = [], []
            for f in shown:
                raw = [values.get(f.key) for _p, values in series]
                if percent:
                    plotted.append((str(f.label), [None if x is None else x * 100 for x in raw]))
                else:
                    plotted.append((str(f.label), raw))
                table.append((str(f.label), [figures.display(f, x) for x in raw]))
            title = _("%(what)s · 近12个月") % {"what": _("、").join(str(f.label) for f in shown)}
            charts.append(
                {
                    "group": group,
                    "title": title,
                    "svg": _chart(kind, title, months, plotted, percent),
                    "months": [p.key for p in months],
                    "rows": table,
                }
            )
    return charts
