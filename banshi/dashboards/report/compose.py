"""The monthly report as data: sections of newspaper-style paragraphs whose numbers are
references to registered figures (or to the topic of the month), each reference numbered
once, with the query it came from (figure key, region code, period) and the as-of time.

Every number is an official figure: computed over all records of the region, the same for
whoever reads the report. The structure figures are `structure_figures`, the ones
`banshi stats` prints, and they are written as it writes them (`figures.display`).
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.core import figures
from banshi.core.figures import Part
from banshi.core.periods import Period, PeriodError
from banshi.dashboards import trends
from banshi.dashboards.selectors import structure_figures
from banshi.demands.models import Level
from banshi.demands.rates import RATES, unit_rates
from banshi.demands.topics import topic_of_month
from banshi.demands.units import TERRITORY_LEVEL, HandlingUnit
from banshi.organizations.lint import GRID_HOUSEHOLDS
from banshi.territory import codes
from banshi.territory.models import Grid, Region

from .refs import Citations, FigureRef, ReportSection, fill

# The figures of the field-work paragraph, in the order the text names them.
FIELDWORK_KEYS = (
    "visits",
    "visiting_workers",
    "visits_per_worker_week",
    "covered_households",
    "visit_coverage_rate",
    "overdue_households",
    "patrols",
    "patrol_km",
    "findings",
    "findings_to_demand",
)
RATE_KEYS = tuple(RATES)
# The ranked units one level below the region (a street ranks its communities).
CHILD_LEVEL = {level - 1: name for name, level in TERRITORY_LEVEL.items()}
TOPIC_WORDS = 5


class ReportMonthError(ValueError):
    """A month the report cannot be written for; the message is for the user."""


@dataclass
class MonthlyReport:
    region: Region
    period: Period
    as_of: datetime.datetime
    title: str
    kicker: str
    sections: list[ReportSection]
    charts: list[dict]
    refs: list[FigureRef]
    structure: dict  # key → value, as `banshi stats` computes them

    @property
    def month_label(self) -> str:
        return month_label(self.period)


def month_label(period: Period) -> str:
    return _("%(y)s年%(m)s月") % {"y": period.key[:4], "m": int(period.key[5:])}


def report_month(value: str | None, *, now: datetime.datetime | None = None) -> Period:
    """The month asked for ("YYYY-MM"; by default the last complete month). A month that
    has not begun has nothing to report."""
    value = (value or "").strip()
    if not value:
        return Period.last_complete_month(now)
    try:
        period = Period.parse(value, allow_year=False)
    except PeriodError as exc:
        raise ReportMonthError(str(exc)) from None
    except ValueError:  # Period.month builds its end for 9999-12 in year 10000
        raise ReportMonthError(_("月份无效：%(m)s") % {"m": value[:20]}) from None
    if period.key > Period.current_month(now).key:
        raise ReportMonthError(_("%(m)s尚未开始，无可报告的数据") % {"m": period.key})
    return period


def _only_communities(region) -> bool:
    """A street whose units are all communities (no village among them) says 社区."""
    if region.kind != Region.Kind.STREET:
        return False
    units = Region.objects.filter(code__startswith=region.prefix, level=codes.COMMUNITY)
    return not units.filter(kind=Region.Kind.VILLAGE).exists()


def _kind_word(region: Region) -> str:
    """How the text names the region itself: 街道, 全区, 社区…"""
    word = region.get_kind_display()
    return word if region.level >= codes.STREET else _("全%(kind)s") % {"kind": word}


def _structure(region: Region, refs: Citations, values: dict, period: Period) -> ReportSection:
    r = {key: refs.figure(key, region, period, value) for key, value in values.items()}
    who = _kind_word(region)
    lo, hi = GRID_HOUSEHOLDS
    if region.level < codes.COMMUNITY:
        grids = fill(
            _(
                "%(who)s%(communities)s个%(children)s按照每网格%(lo)s-%(hi)s户的标准划分网格%(grids)s个，"
            ),
            who=who,
            communities=r["communities"],
            children=_("社区") if _only_communities(region) else _("社区/村"),
            lo=str(lo),
            hi=str(hi),
            grids=r["grids"],
        )
    else:
        grids = fill(
            _("%(who)s按照每网格%(lo)s-%(hi)s户的标准划分网格%(grids)s个，"),
            who=who,
            lo=str(lo),
            hi=str(hi),
            grids=r["grids"],
        )
    first = grids + fill(
        _("覆盖居民%(residents)s人、%(households)s户、商业网点%(outlets)s个。"),
        residents=r["residents"],
        households=r["households"],
        outlets=r["commercial_outlets"],
    )
    first += fill(
        _(
            "健全“社区党组织—网格党支部—楼栋党小组—单元党员中心户”四级组织体系，建有网格党支部"
            "%(branches)s个、楼栋党小组%(groups)s个、党员中心户%(centers)s户，有党员%(members)s名；"
            "选配楼栋长%(bheads)s人、单元长%(uheads)s人，把实体支部和治理网格有机结合起来。"
        ),
        branches=r["grid_party_branches"],
        groups=r["building_party_groups"],
        centers=r["party_member_center_households"],
        members=r["party_members"],
        bheads=r["building_heads"],
        uheads=r["unit_heads"],
    )
    second = fill(
        _(
            "探索加强新业态、新就业群体党建工作，辖区共有非公企业%(enterprises)s家，已建立党组织企业"
            "%(with_org)s家，共选派党建指导员%(instructors)s名，实现党的组织覆盖率%(org_rate)s，"
            "党的工作覆盖率%(work_rate)s；建成“红蜂驿站”%(stations)s家，带动新就业群体参与基层治理。"
        ),
        enterprises=r["non_public_enterprises"],
        with_org=r["enterprises_with_party_org"],
        instructors=r["party_building_instructors"],
        org_rate=r["org_coverage_rate"],
        work_rate=r["work_coverage_rate"],
        stations=r["rider_stations"],
    )
    return ReportSection(_("在“新”上见真章，网格治理“底数”清"), [first, second])


def _rate_parts(region, refs: Citations, period: Period, key: str) -> tuple:
    """The numerator and denominator of a rate, each as a reference to its record list."""
    figure = figures.get(key)
    out = []
    for part in (Part.NUMERATOR, Part.DENOMINATOR):
        n = figure.count(figure.part_records(region, period, part))
        out.append(refs.figure(key, region, period, n, part))
    return tuple(out)


def _demands(region: Region, refs: Citations, period: Period) -> ReportSection:
    keys = ("demands_received", *RATE_KEYS)
    now = figures.compute(region, period, keys=keys)
    before = figures.compute(region, period.previous(), keys=RATE_KEYS)
    r = {k: refs.figure(k, region, period, v) for k, v in now.items()}
    p = {k: refs.figure(k, region, period.previous(), v) for k, v in before.items()}
    parts = {k: _rate_parts(region, refs, period, k) for k in RATE_KEYS}
    text = fill(
        _("%(month)s，%(who)s共受理群众诉求%(received)s件。"),
        month=month_label(period),
        who=region.name,
        received=r["demands_received"],
    )
    text += fill(
        _(
            "派单%(dispatched)s件，按时签收%(signed)s件，响应率%(response)s（上月%(response_before)s）；"
            "应办结%(due)s件，已办结%(resolved)s件，解决率%(resolution)s（上月%(resolution_before)s）；"
            "回访评价%(rated)s件，其中满意和基本满意%(satisfied)s件，满意率%(satisfaction)s"
            "（上月%(satisfaction_before)s）。"
        ),
        dispatched=parts["response_rate"][1],
        signed=parts["response_rate"][0],
        response=r["response_rate"],
        response_before=p["response_rate"],
        due=parts["resolution_rate"][1],
        resolved=parts["resolution_rate"][0],
        resolution=r["resolution_rate"],
        resolution_before=p["resolution_rate"],
        rated=parts["satisfaction_rate"][1],
        satisfied=parts["satisfaction_rate"][0],
        satisfaction=r["satisfaction_rate"],
        satisfaction_before=p["satisfaction_rate"],
    )
    return ReportSection(_("在“实”上求突破，接诉即办“情味”浓"), [text])


def _child_code(unit: HandlingUnit) -> str:
    return unit.code if unit.level == Level.GRID else codes.padded(unit.code)


def _ranking(region: Region, refs: Citations, period: Period) -> ReportSection | None:
    """The region's units one level down, ranked by the three rates (official figures, every
    peer listed), as a sentence and a table."""
    level = CHILD_LEVEL.get(region.level)
    if level is None:
        return None
    if level == Level.GRID:
        found = Grid.objects.filter(code__startswith=region.prefix).values_list("code", flat=True)
        peers = [HandlingUnit(level, code=c) for c in found]
    else:
        n = codes.PREFIX_LEN[TERRITORY_LEVEL[level]]
        found = Region.objects.filter(
            level=TERRITORY_LEVEL[level], code__startswith=region.prefix
        ).values_list("code", flat=True)
        peers = [HandlingUnit(level, code=c[:n]) for c in found]
    rows = unit_rates(level=level, period=period.key, region=region, peers=peers)
    if not rows:
        return None
    table_rows = []
    for row in rows:
        subject = _Subject(_child_code(row.unit), row.name, TERRITORY_LEVEL[level])
        values = row.as_dict()
        cells = [str(row.rank) if row.rank is not None else "—", row.name]
        cells += [refs.figure(k, subject, period, values[k]) for k in RATE_KEYS]
        cells.append("—" if row.score is None else f"{row.score:.2f}")
        table_rows.append(cells)
    ranked = [(row, cells) for row, cells in zip(rows, table_rows, strict=True) if row.rank]
    unit_word = {
        Level.GRID: _("网格"),
        Level.COMMUNITY: _("社区") if region.kind == Region.Kind.STREET else _("社区/村"),
        Level.STREET: _("街道（乡镇）"),
    }.get(level, _("单位"))
    text = fill(
        _("从%(month)s%(who)s所辖%(count)s个%(unit)s的三率综合排名看，"),
        month=month_label(period),
        who=region.name,
        count=str(len(rows)),
        unit=unit_word,
    )
    if ranked:
        best, cells = ranked[0]
        text += fill(
            _("%(name)s位列第一，响应率%(response)s、解决率%(resolution)s、满意率%(satisfaction)s"),
            name=best.name,
            response=cells[2],
            resolution=cells[3],
            satisfaction=cells[4],
        )
        if len(ranked) > 1:
            last, cells = ranked[-1]
            text += fill(
                _(
                    "；%(name)s排名末位，响应率%(response)s、解决率%(resolution)s、满意率%(satisfaction)s"
                ),
                name=last.name,
                response=cells[2],
                resolution=cells[3],
                satisfaction=cells[4],
            )
        text.append(_("。"))
    else:
        text.append(_("本月尚无可计算三率的诉求。"))
    unranked = [row.name for row in rows if row.rank is None]
    if unranked:
        text.append(
            _("%(names)s本月无可计算三率的诉求，不参与排名。") % {"names": "、".join(unranked)}
        )
    table = {
        "caption": _("%(month)s%(who)s三率排名")
        % {"month": month_label(period), "who": region.name},
        "columns": [_("名次"), _("单位"), _("响应率"), _("解决率"), _("满意率"), _("综合得分")],
        "rows": table_rows,
    }
    return ReportSection(_("比学赶超，三率排名见实效"), [text], table)


@dataclass(frozen=True)
class _Subject:
    """A ranked unit as the figure registry takes it (a code, a name and a level)."""

    code: str
    name: str
    level: int

    @property
    def prefix(self) -> str:
        return codes.prefix_of(self.code)


def _fieldwork(region: Region, refs: Citations, period: Period) -> ReportSection:
    values = figures.compute(region, period, keys=FIELDWORK_KEYS)
    r = {k: refs.figure(k, region, period, v) for k, v in values.items()}
    text = fill(
        _(
            "坚持常态化巡查走访，让民生服务下沉到网格。%(month)s，%(workers)s名网格员入户走访"
            "%(visits)s次，人均每周走访%(per_week)s次；走访周期内已走访%(covered)s户，"
            "入户走访覆盖率%(coverage)s，逾期未走访%(overdue)s户。开展巡查%(patrols)s次，"
            "巡查里程%(km)s公里，巡查发现问题%(findings)s处，其中转为诉求%(to_demand)s件。"
        ),
        month=month_label(period),
        workers=r["visiting_workers"],
        visits=r["visits"],
        per_week=r["visits_per_worker_week"],
        covered=r["covered_households"],
        coverage=r["visit_coverage_rate"],
        overdue=r["overdue_households"],
        patrols=r["patrols"],
        km=r["patrol_km"],
        findings=r["findings"],
        to_demand=r["findings_to_demand"],
    )
    paragraphs = [text]
    children = _children(region)
    if len(children) > 1:
        rates = []
        for child in children:
            value = figures.compute(child, period, keys=["visit_coverage_rate"])
            rates.append((value["visit_coverage_rate"], child))
        known = sorted((v, c.code, c) for v, c in rates if v is not None)
        if known:
            low, high = known[0], known[-1]
            paragraphs.append(
                fill(
                    _(
                        "分片看，%(high_name)s入户走访覆盖率最高，为%(high)s；%(low_name)s最低，为%(low)s。"
                    ),
                    high_name=high[2].name,
                    high=refs.figure("visit_coverage_rate", high[2], period, high[0]),
                    low_name=low[2].name,
                    low=refs.figure("visit_coverage_rate", low[2], period, low[0]),
                )
            )
    return ReportSection(_("在“走”上下功夫，巡查走访“常态”化"), paragraphs)


def _children(region: Region) -> list:
    if region.level == codes.COMMUNITY:
        return list(Grid.objects.filter(code__startswith=region.prefix).order_by("code"))
    return list(Region.objects.filter(parent=region).order_by("code"))


def _topic(region: Region, refs: Citations, period: Period) -> ReportSection:
    found = topic_of_month(period=period.key, region=region, top=TOPIC_WORDS)
    path = f"{reverse('demands:topics')}?region={region.code}&period={period.key}"
    topic = found["topic"]
    if topic is None:
        return ReportSection(
            _("每月一题"), [[_("%(month)s暂无诉求。") % {"month": month_label(period)}]]
        )
    count = refs.other(
        key="topic_of_month",
        label=_("每月一题·%(name)s") % {"name": topic["name"]},
        text=f"{topic['count']:,}",
        path=path,
        code=region.code,
        period=period,
    )
    change = topic["change"]
    if topic["previous"] == 0:
        trend = _("上月无此类诉求")
    elif change > 0:
        trend = _("较上月增加%(n)s件") % {"n": f"{change:,}"}
    elif change < 0:
        trend = _("较上月减少%(n)s件") % {"n": f"{-change:,}"}
    else:
        trend = _("与上月持平")
    text = fill(
        _("%(month)s群众反映最集中的是“%(name)s”类诉求，共%(count)s件，%(trend)s。"),
        month=month_label(period),
        name=topic["name"],
        count=count,
        trend=trend,
    )
    words = [w["word"] for w in found["words"][:TOPIC_WORDS]]
    if words:
        text.append(
            _("诉求中出现最多的词是%(words)s，列为本月“每月一题”，主动治理、举一反三。")
            % {"words": "、".join(f"“{w}”" for w in words)}
        )
    return ReportSection(_("每月一题，主动治理“未诉先办”"), [text])


def compose(
    region: Region,
    period: Period,
    *,
    now: datetime.datetime | None = None,
) -> MonthlyReport:
    """The report of a region for a month (official figures; see the module)."""
    as_of = now or timezone.now()
    refs = Citations(as_of)
    structure = structure_figures(region)
    sections = [
        _structure(region, refs, structure, period),
        _demands(region, refs, period),
    ]
    ranking = _ranking(region, refs, period)
    if ranking is not None:
        sections.append(ranking)
    sections.append(_fieldwork(region, refs, period))
    sections.append(_topic(region, refs, period))
    return MonthlyReport(
        region=region,
        period=period,
        as_of=as_of,
        title=_("%(name)s：党建“聚势”引领基层治理“增能”") % {"name": region.name},
        kicker=_("%(month)s工作月报") % {"month": month_label(period)},
        sections=sections,
        charts=trends.region_charts(region, end=period),
        refs=refs.numbered(sections),
        structure=structure,
    )
