"""How a heat's score sheets become its ranking — pure arithmetic on the judges' totals,
with no database, so the hand-computed table in the tests checks it directly.

The final score of an entrant is the mean of the judges' totals after dropping one highest
and one lowest (the trimmed rule, when at least `min_judges` totals are in; with fewer, and
under the "mean of all" rule, every total counts). Scores are rounded to 0.01 half up, and
equal rounded scores tie. A tie is broken by (1) the mean of all the judges' totals, the
dropped ones included, then (2) the number of judges who gave the entrant the highest total
they gave anyone in the heat ("firsts"); entrants still equal share the rank (1, 2, 2, 4).
The top `quota` ranks advance: a tie straddling the cut-off advances everyone in it."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
TRIMMED, MEAN = "trimmed", "mean"


def cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Ranked:
    key: object
    label: str
    totals: list[Decimal]
    score: Decimal = Decimal(0)
    mean_all: Decimal = Decimal(0)
    firsts: int = 0
    dropped: list[Decimal] = field(default_factory=list)
    rank: int = 0
    advanced: bool = False
    reward: str = ""
    explanation: str = ""

    @property
    def order_key(self) -> tuple:
        return (self.score, self.mean_all, self.firsts)


def final_score(totals: list[Decimal], *, rule: str, min_judges: int) -> tuple[Decimal, list]:
    """The final score of one entrant and the totals dropped to reach it."""
    if not totals:
        return Decimal(0), []
    ordered = sorted(totals)
    if rule == TRIMMED and len(ordered) >= min_judges:
        kept, dropped = ordered[1:-1], [ordered[-1], ordered[0]]
    else:
        kept, dropped = ordered, []
    return cents(sum(kept) / len(kept)), dropped


def _firsts(sheets: dict) -> dict:
    """{entry key: how many judges gave it the highest total they gave anyone}."""
    by_judge: dict = {}
    for entry, per_judge in sheets.items():
        for judge, total in per_judge.items():
            by_judge.setdefault(judge, {})[entry] = total
    counts = dict.fromkeys(sheets, 0)
    for given in by_judge.values():
        top = max(given.values())
        for entry, total in given.items():
            if total == top:
                counts[entry] += 1
    return counts


def _names(rows: list[Ranked]) -> str:
    return "、".join(r.label for r in rows)


def _explain(row: Ranked, rows: list[Ranked], quota: int, advancing: int) -> str:
    words = []
    same_score = [r for r in rows if r is not row and r.score == row.score]
    if same_score:
        same_mean = [r for r in same_score if r.mean_all == row.mean_all]
        same_all = [r for r in same_mean if r.firsts == row.firsts]
        if same_all:
            words.append(
                _("最后得分、全部评委平均分和给出最高分的评委数均与%(names)s相同，并列第%(rank)d名")
                % {"names": _names(same_all), "rank": row.rank}
            )
        elif same_mean:
            words.append(
                _(
                    "最后得分和全部评委平均分（%(mean)s）与%(names)s相同，"
                    "按给出最高分的评委数（%(firsts)d名）排第%(rank)d名"
                )
                % {
                    "mean": row.mean_all,
                    "names": _names(same_mean),
                    "firsts": row.firsts,
                    "rank": row.rank,
                }
            )
        else:
            words.append(
                _(
                    "最后得分（%(score)s）与%(names)s相同，按全部评委平均分（%(mean)s）排第%(rank)d名"
                )
                % {
                    "score": row.score,
                    "names": _names(same_score),
                    "mean": row.mean_all,
                    "rank": row.rank,
                }
            )
    if row.advanced and advancing > quota and row.rank == max(r.rank for r in rows if r.advanced):
        words.append(
            _("晋级名额%(quota)d名，第%(rank)d名并列，并列者全部晋级")
            % {"quota": quota, "rank": row.rank}
        )
    return "；".join(words)


def reward_for(rank: int, *, first: int, second: int, third: int, rest: bool) -> str:
    if rank <= first:
        return _("一等奖")
    if rank <= first + second:
        return _("二等奖")
    if rank <= first + second + third:
        return _("三等奖")
    return _("优秀奖") if rest else ""


def rank_heat(
    sheets: dict,
    *,
    labels: dict,
    rule: str = TRIMMED,
    min_judges: int = 3,
    quota: int = 0,
    prizes: tuple[int, int, int] = (0, 0, 0),
    excellence_for_rest: bool = False,
) -> list[Ranked]:
    """`sheets` is {entry key: {judge key: total}}; the rows come back best first."""
    firsts = _firsts(sheets)
    rows = []
    for key, per_judge in sheets.items():
        totals = list(per_judge.values())
        row = Ranked(key=key, label=labels.get(key, str(key)), totals=totals)
        row.score, row.dropped = final_score(totals, rule=rule, min_judges=min_judges)
        row.mean_all = cents(sum(totals) / len(totals)) if totals else Decimal(0)
        row.firsts = firsts[key]
        rows.append(row)
    for row in rows:
        row.rank = 1 + sum(other.order_key > row.order_key for other in rows)
        row.advanced = quota > 0 and row.rank <= quota
        row.reward = reward_for(
            row.rank,
            first=prizes[0],
            second=prizes[1],
            third=prizes[2],
            rest=excellence_for_rest,
        )
    advancing = sum(r.advanced for r in rows)
    for row in rows:
        row.explanation = _explain(row, rows, quota, advancing)
    rows.sort(key=lambda r: (r.rank, str(r.label)))
    return rows
