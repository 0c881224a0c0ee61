"""The contest aggregation against a table computed by hand: five judges score six
entrants in the township heat (rule: drop the highest and the lowest, mean of the other
three), four advance to the county final, prizes 1 / 2 / 2 and 优秀奖 for the rest."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from banshi.contests import aggregation, services
from banshi.contests.models import Entry, Result

from .cworld import score

pytestmark = pytest.mark.django_db

# Judges' totals, J1..J5, each entrant's row written out by hand.
TABLE = {
    "A": [90, 88, 85, 80, 95],  # drop 95, 80 → (90+88+85)/3 = 87.67; all 438/5 = 87.60
    "B": [87, 88, 88, 86, 70],  # drop 88, 70 → (87+88+86)/3 = 87.00; all 419/5 = 83.80
    "C": [85, 89, 87, 92, 80],  # drop 92, 80 → (85+89+87)/3 = 87.00; all 433/5 = 86.60
    "D": [80, 82, 84, 86, 88],  # drop 88, 80 → 84.00; all 84.00
    "E": [88, 86, 84, 82, 80],  # drop 88, 80 → 84.00; all 84.00
    "F": [70, 72, 74, 76, 78],  # drop 78, 70 → 74.00; all 74.00
}
# Highest total each judge gave: J1 90 (A), J2 89 (C), J3 88 (B), J4 92 (C), J5 95 (A).
# B and C tie on 87.00: C is ahead on the mean of all (86.60 > 83.80). D and E are equal
# on everything (no judge gave either their highest): they share 4th. The quota is 4 and
# the tie straddles it: D and E both advance, five in all. F is 6th (rank 4, 4, then 6).
EXPECTED = [
    # entrant, rank, score, mean of all, firsts, advanced, reward
    ("A", 1, "87.67", "87.60", 2, True, "一等奖"),
    ("C", 2, "87.00", "86.60", 2, True, "二等奖"),
    ("B", 3, "87.00", "83.80", 1, True, "二等奖"),
    ("D", 4, "84.00", "84.00", 0, True, "三等奖"),
    ("E", 4, "84.00", "84.00", 0, True, "三等奖"),
    ("F", 6, "74.00", "74.00", 0, False, "优秀奖"),
]


def _run(cw):
    by_letter = dict(zip("ABCDEF", cw.entries, strict=True))
    for letter, totals in TABLE.items():
        for judge, total in zip(cw.judge_users, totals, strict=True):
            score(cw, by_letter[letter], judge, total)
    services.heat_close(heat=cw.heat)
    return by_letter


def test_the_service_ranks_as_the_hand_computed_table(cw):
    by_letter = _run(cw)
    letter_of = {e.pk: k for k, e in by_letter.items()}
    got = [
        (
            letter_of[r.entry_id],
            r.rank,
            str(r.score),
            str(r.mean_all),
            r.firsts,
            r.advanced,
            r.reward,
        )
        for r in Result.objects.filter(entry__heat=cw.heat).order_by("rank", "entry__order")
    ]
    assert got == EXPECTED
    # The dropped totals are the highest and the lowest of each row.
    a = Result.objects.get(entry=by_letter["A"])
    assert a.dropped == ["95.00", "80.00"]


def test_ties_are_explained_in_words(cw):
    by_letter = _run(cw)
    c = Result.objects.get(entry=by_letter["C"])
    b = Result.objects.get(entry=by_letter["B"])
    d = Result.objects.get(entry=by_letter["D"])
    a = Result.objects.get(entry=by_letter["A"])
    name = {k: str(e.member) for k, e in by_letter.items()}
    assert f"与{name['B']}相同" in c.explanation and "全部评委平均分（86.60）" in c.explanation
    assert "排第2名" in c.explanation
    assert f"与{name['C']}相同" in b.explanation and "排第3名" in b.explanation
    assert f"均与{name['E']}相同" in d.explanation and "并列第4名" in d.explanation
    assert "晋级名额4名" in d.explanation and "并列者全部晋级" in d.explanation
    assert a.explanation == ""


def test_publishing_advances_the_top_including_the_straddling_tie(cw):
    by_letter = _run(cw)
    services.heat_publish(heat=cw.heat)
    advanced = Entry.objects.filter(heat=cw.final_heat)
    assert sorted(e.came_from_id for e in advanced) == sorted(by_letter[k].pk for k in "ACBDE")
    assert {e.member_id for e in advanced} == {by_letter[k].member_id for k in "ACBDE"}


def test_the_count_of_highest_totals_breaks_a_tie_on_both_means():
    # X: 90 80 70 → 80, all 80; Y: 75 80 85 → 80, all 80; Z: 60 60 95 → 60.
    # Highest per judge: J1 90 (X), J2 80 (X and Y), J3 95 (Z) → X 2, Y 1, Z 1.
    sheets = {
        "X": {1: Decimal(90), 2: Decimal(80), 3: Decimal(70)},
        "Y": {1: Decimal(75), 2: Decimal(80), 3: Decimal(85)},
        "Z": {1: Decimal(60), 2: Decimal(60), 3: Decimal(95)},
    }
    rows = aggregation.rank_heat(sheets, labels={"X": "X", "Y": "Y", "Z": "Z"}, quota=1)
    assert [(r.key, r.rank, str(r.score), r.firsts) for r in rows] == [
        ("X", 1, "80.00", 2),
        ("Y", 2, "80.00", 1),
        ("Z", 3, "60.00", 1),
    ]
    assert "给出最高分的评委数（1名）排第2名" in rows[1].explanation
    assert [r.advanced for r in rows] == [True, False, False]


def test_fewer_judges_than_the_minimum_or_the_mean_rule_count_every_total():
    two = {"X": {1: Decimal(90), 2: Decimal(71)}}
    assert aggregation.rank_heat(two, labels={})[0].score == Decimal("80.50")
    three = {"X": {1: Decimal(90), 2: Decimal(70), 3: Decimal(71)}}
    assert aggregation.rank_heat(three, labels={})[0].score == Decimal("71.00")
    assert aggregation.rank_heat(three, labels={}, rule="mean")[0].score == Decimal("77.00")
    assert aggregation.rank_heat(three, labels={}, min_judges=4)[0].score == Decimal("77.00")


def test_the_final_closes_only_after_its_feeding_heat_is_published(cw, make_user):
    """The county final cannot be scored out before the township heat that feeds it has
    published its results (its advancers would never enter)."""
    by_letter = _run(cw)
    judge = make_user("final_judge")
    services.judge_assign(heat=cw.final_heat, judge=judge, name="评委")
    outsider = services.entry_add(heat=cw.final_heat, member=by_letter["F"].member)
    score(cw, outsider, judge, 80)
    with pytest.raises(ValidationError, match="尚未公布结果"):
        services.heat_close(heat=cw.final_heat)
    services.heat_publish(heat=cw.heat)
    assert Entry.objects.filter(heat=cw.final_heat).count() == 6
