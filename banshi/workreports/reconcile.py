"""Each figure of a parsed report reconciled with the records: where it is about (the
article's unit, or a place its paragraph names), for which period, which registered figure,
unit fact, place fact or standard it is, and the verdict (`judge.py`). Reads only; the
service stores what this returns.

A figure about a place outside the checking region (or the checker's scope) is refused: no
value of the records is read for it, so none can leak."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banshi.core import figures, reportfacts
from banshi.core.figures import Part, as_number, as_percent, drill_down_url
from banshi.core.periods import Period, PeriodError
from banshi.core.reportfacts import Claim, Fact
from banshi.territory.models import Region

from . import places
from .judge import Judged, Said, judge, judge_standard
from .models import CHECKED, Verdict
from .parsing import ParsedReport
from .vocabulary import figure_for

_YEAR_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")
_YEAR = re.compile(r"(\d{4})年")
_MONTH = re.compile(r"^(\d{1,2})月")
# A paragraph that opens with its unit: "新城区：划分网格5个". Short, and no punctuation in it.
_LEAD_UNIT = re.compile(r"([^，。；：、\s（）()“”]{2,20})[：:]")
# How far back the words before a number are read, and where they stop.
PHRASE_CHARS = 12
PHRASE_STOPS = frozenset("，。；：、！？（）()“”\n")
COMPARED_WITH = ("较上月", "比上月", "环比")
NOW_WORDS = ("截至目前", "目前", "现有", "至今", "截至")


_PART_WORDS = {"numerator": gettext_lazy("分子"), "denominator": gettext_lazy("分母")}


@dataclass(frozen=True)
class ReportPeriod:
    """What the report's undated figures are about: its month, or its year."""

    year: int
    month: int | None = None

    @property
    def period(self) -> Period:
        if self.month:
            return Period.month(self.year, self.month)
        return Period.year(self.year)


def report_period(parsed: ParsedReport, *, year: int, month: int | None = None) -> ReportPeriod:
    """The month a monthly report names in its title ("2026年11月工作月报"), else the year."""
    if month is None:
        for section in parsed.layout.sections:
            m = _YEAR_MONTH.search(section)
            if m and 1 <= int(m[2]) <= 12:
                return ReportPeriod(int(m[1]), int(m[2]))
    return ReportPeriod(year, month)


def period_of(said: str, base: ReportPeriod) -> Period | None:
    """The period a figure's words name; None for "as things stand" (截至目前, or none said
    in a yearly report)."""
    text = (said or "").strip()
    try:
        m = _YEAR_MONTH.search(text)
        if m:
            return Period.month(int(m[1]), int(m[2]))
        m = _YEAR.search(text)
        if m:
            return Period.year(int(m[1]))
        if text.startswith("今年") or text.startswith("本年"):
            return Period.year(base.year)
        if text.startswith("去年"):
            return Period.year(base.year - 1)
        if text.startswith("上月") and base.month:
            return base.period.previous()
        if text.startswith("本月") and base.month:
            return base.period
        m = _MONTH.match(text)
        if m and 1 <= int(m[1]) <= 12:
            return Period.month(base.year, int(m[1]))
    except PeriodError:
        return None
    if any(text.startswith(w) for w in NOW_WORDS):
        return None
    return base.period if base.month else None


@dataclass
class Reconciled:
    """One figure's reconciliation, as the service stores it."""

    verdict: Verdict
    detail: str = ""
    place: places.Place = field(default_factory=lambda: places.Place(""))
    period: Period | None = None
    key: str = ""
    label: str = ""
    record_value: Decimal | None = None
    record_text: str = ""
    url: str = ""
    failing: list = field(default_factory=list)


class Reconciler:
    """Reconciles the figures of one report for a checking region (and, on the web, the
    checker's scope: `covers(code)`)."""

    def __init__(self, parsed: ParsedReport, *, region: Region, base: ReportPeriod, covers=None):
        self.parsed = parsed
        self.region = region
        self.base = base
        self.covers = covers or (lambda code: True)
        self._units: dict[str, places.Place] = {}
        self._below: dict[int, list[Region]] = {}

    # --- where -------------------------------------------------------------------------

    def article_place(self, article) -> places.Place:
        return self._unit_place(article.unit)

    def _regions_below(self, region: Region) -> list[Region]:
        if region.pk not in self._below:
            self._below[region.pk] = places.places_below(region)
        return self._below[region.pk]

    def _unit_place(self, unit: str) -> places.Place:
        if unit not in self._units:
            self._units[unit] = places.unit_place(unit, within=self.region)
        return self._units[unit]

    def figure_place(self, mention, article) -> places.Place:
        """The article's place — or the unit its paragraph opens with ("新城区：…" in a
        briefing of several units' paragraphs) — or the region under it that the paragraph
        names last before the figure (乌兰社区's compounds in an article of 大学东路街道)."""
        normalized = self.parsed.normalized
        paragraph = next(
            (p for p in normalized.paragraphs if p.start <= mention.start < p.end), None
        )
        place = self.article_place(article)
        if paragraph is not None:
            lead = _LEAD_UNIT.match(normalized.text, paragraph.start, mention.start)
            if lead:
                opened = self._unit_place(lead[1])
                if opened.known:
                    place = opened
        if place.region is None or paragraph is None:
            return place
        before = normalized.text[paragraph.start : mention.start]
        below = self._regions_below(place.region)
        hits = [(before.rfind(r.name), r) for r in below if r.name and r.name in before]
        if hits:
            region = max(hits, key=lambda h: (h[0], len(h[1].name)))[1]
            return places.Place(region.name, region=region)
        return place

    def in_scope(self, place: places.Place) -> bool:
        code = place.code
        return code.startswith(self.region.prefix) and self.covers(code)

    # --- what --------------------------------------------------------------------------

    def check(self, mention, article) -> Reconciled:
        place = self.figure_place(mention, article)
        phrase = self.phrase_before(mention)
        period = period_of(mention.period, self.base)
        if phrase.startswith(COMPARED_WITH) and mention.period.startswith("上月"):
            # "较上月增加19件" is this month's change on the last, not a figure of last month.
            period = period_of("", self.base)
        if not place.known:
            detail = (
                _("未识别所述单位“%(u)s”") % {"u": place.name}
                if place.name
                else _("稿件未注明所述单位")
            )
            return Reconciled(Verdict.NO_DATA, detail, place=place, period=period)
        if not self.in_scope(place):
            return Reconciled(
                Verdict.REFUSED, _("所述地方不在核对范围内"), place=place, period=period
            )
        said = Said(
            value=mention.value,
            text=mention.text,
            approximate=mention.approximate,
            percent=mention.percent,
            low=mention.low,
            high=mention.high,
        )
        if mention.standard:
            return self._standard(mention, place, period)
        claim = Claim(
            mention.subject,
            mention.unit,
            period,
            mention.text,
            sentence=mention.sentence,
            phrase=phrase,
        )
        if place.region is not None:
            found = self._figure(said, claim, place, period)
            if found is not None:
                return found
            facts = reportfacts.place_facts(place.region, claim)
        else:
            facts = reportfacts.unit_facts(place.organization, claim)
        if facts:
            return self._fact(said, facts, place, period)
        return Reconciled(
            Verdict.NO_DATA,
            _("没有与“%(s)s”对应的指标或记录") % {"s": mention.subject or mention.text},
            place=place,
            period=period,
        )

    def phrase_before(self, mention) -> str:
        """The words between the last comma (or the like) and the number: "人均每周走访"."""
        text = self.parsed.normalized.text
        start = mention.start
        i = start
        while i > 0 and start - i < PHRASE_CHARS and text[i - 1] not in PHRASE_STOPS:
            i -= 1
        return text[i:start].strip()

    def _figure(self, said, claim, place, period) -> Reconciled | None:
        region = place.region
        found = figure_for(claim.subject, claim.unit, region.level, claim.phrase)
        if found is None:
            return None
        figure, part = found
        at = period or self.base.period
        if part:
            value = figure.count(figure.part_records(region, at, part))
            shown = as_number(value)
            label = f"{figure.label}·{_PART_WORDS[part]}"
        else:
            value = figures.compute(region, at, keys=[figure.key])[figure.key]
            shown = figures.display(figure, value)
            label = str(figure.label)
        judged = judge(said, value)
        return Reconciled(
            judged.verdict,
            judged.detail,
            place=place,
            period=at if figure.periodic else None,
            key=f"{figure.key}:{part}" if part else figure.key,
            label=label,
            record_value=_decimal(value),
            record_text=shown,
            url=drill_down_url(figure, region.code, at, Part(part) if part else None),
        )

    def _fact(self, said, facts: list[Fact], place, period) -> Reconciled:
        judged = [(judge(said, f.value), f) for f in facts]
        chosen: tuple[Judged, Fact] = next(
            ((j, f) for j, f in judged if j.verdict in CHECKED), judged[0]
        )
        verdict, fact = chosen
        return Reconciled(
            verdict.verdict,
            verdict.detail,
            place=place,
            period=period,
            key=fact.key,
            label=str(fact.label),
            record_value=_decimal(fact.value),
            record_text=as_percent(fact.value) if fact.rate else as_number(fact.value),
            url=fact.url,
        )

    def _standard(self, mention, place, period) -> Reconciled:
        region = place.region
        standard = (
            reportfacts.standard_for(mention.subject, mention.per) if region is not None else None
        )
        if standard is None:
            return Reconciled(
                Verdict.NO_DATA,
                _("没有“每%(p)s%(s)s”的标准核对") % {"p": mention.per, "s": mention.subject},
                place=place,
                period=period,
            )
        members = standard.members(region)
        if not members:
            return Reconciled(
                Verdict.NO_DATA,
                _("%(r)s没有可核对的%(p)s") % {"r": region.name, "p": mention.per},
                place=place,
                period=period,
                key=standard.key,
                label=str(standard.label),
                url=standard.url(region),
            )
        low = mention.low if mention.low is not None else mention.value
        high = mention.high if mention.high is not None else mention.value
        failing = judge_standard(low, high, [(m, m.value) for m in members])
        if failing:
            verdict = Verdict.STANDARD_FAILED
            text = _("%(n)s个%(p)s中%(f)s个未达标") % {
                "n": len(members),
                "p": mention.per,
                "f": len(failing),
            }
        else:
            verdict = Verdict.STANDARD_MET
            text = _("%(n)s个%(p)s全部达标") % {"n": len(members), "p": mention.per}
        return Reconciled(
            verdict,
            text,
            place=place,
            period=period,
            key=standard.key,
            label=str(standard.label),
            record_value=Decimal(len(members) - len(failing)),
            record_text=text,
            url=standard.url(region),
            failing=[
                {"name": m.name, "code": m.code, "value": m.value, "url": m.url} for m in failing
            ],
        )


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value))
