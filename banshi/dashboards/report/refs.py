"""The references of the monthly report: each number of its text is a FigureRef that knows
its query (figure key, region code, period, part), the page listing its records and the
as-of time; `Citations` makes each distinct query once and numbers them in reading order,
and `fill` turns a translated sentence with placeholders into text and references."""

import datetime
import re
from dataclasses import dataclass, field

from banshi.core import figures
from banshi.core.figures import Part
from banshi.core.periods import Period
from banshi.demands.rates import FIGURE_LABELS, RATES

_MARK = re.compile(r"\x00(\d+)\x00")


@dataclass
class FigureRef:
    """One number of the report and where it comes from."""

    number: int  # the endnote it carries in the PDF
    label: str
    text: str  # the value as written (as `banshi stats` / the pages write it)
    path: str  # the page that lists its records (relative to the site)
    key: str  # the figure key, or "topic_of_month"
    code: str  # the region (or grid) code
    period: str  # "2026-11", or "" for a stock read at the as-of time
    part: str = ""  # a rate's numerator or denominator
    as_of: datetime.datetime | None = None

    @property
    def is_ref(self) -> bool:  # templates tell a reference from text by this
        return True


@dataclass
class ReportSection:
    heading: str
    paragraphs: list[list] = field(default_factory=list)  # each: str and FigureRef segments
    table: dict | None = None  # {"caption", "columns", "rows": [[cell…]]}, cells str or ref


class Citations:
    """Numbers each distinct query once, in the order the text first cites it."""

    def __init__(self, as_of: datetime.datetime):
        self.as_of = as_of
        self.found: dict[tuple, FigureRef] = {}

    def figure(self, key: str, subject, period: Period, value, part: Part | None = None):
        figure = figures.get(key)
        shown_period = period.key if figure.periodic else ""
        ident = (key, subject.code, shown_period, str(part or ""))
        if ident not in self.found:
            label = str(figure.label)
            text = figures.display(figure, value)
            if part is not None:
                label = f"{label}·{FIGURE_LABELS[RATES[key][part == Part.DENOMINATOR]]}"
                text = f"{value:,}"
            self.found[ident] = FigureRef(
                number=0,
                label=label,
                text=text,
                path=figures.drill_down_url(figure, subject.code, period, part),
                key=key,
                code=subject.code,
                period=shown_period,
                part=str(part or ""),
                as_of=period.as_of(self.as_of) if figure.periodic else self.as_of,
            )
        return self.found[ident]

    def other(self, *, key: str, label: str, text: str, path: str, code: str, period: Period):
        ident = (key, code, period.key, label)
        if ident not in self.found:
            self.found[ident] = FigureRef(
                0,
                label,
                text,
                path,
                key,
                code,
                period.key,
                as_of=period.as_of(self.as_of),
            )
        return self.found[ident]

    def numbered(self, sections: list["ReportSection"]) -> list[FigureRef]:
        """The references the text cites, numbered in the order a reader meets them."""
        cited: list[FigureRef] = []
        for section in sections:
            segments = [seg for paragraph in section.paragraphs for seg in paragraph]
            if section.table:
                segments += [cell for row in section.table["rows"] for cell in row]
            for seg in segments:
                if isinstance(seg, FigureRef) and not seg.number:
                    cited.append(seg)
                    seg.number = len(cited)
        return cited


def fill(template: str, **values) -> list:
    """A translated sentence with its %(name)s placeholders filled: a list of text and the
    FigureRef segments that stand for the figures."""
    segments: list = []
    marked = {}
    for name, value in values.items():
        if isinstance(value, FigureRef):
            segments.append(value)
            marked[name] = f"\x00{len(segments) - 1}\x00"
        else:
            marked[name] = value
    text = template % marked
    out: list = []
    pos = 0
    for m in _MARK.finditer(text):
        if m.start() > pos:
            out.append(text[pos : m.start()])
        out.append(segments[int(m[1])])
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out
