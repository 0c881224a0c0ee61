"""The verdict arithmetic against hand-worked cases: exact counts, "余" at its bounds, a rate
rounded or truncated to the report's decimals, a range, and figures written in 万."""

from decimal import Decimal as D

import pytest

from banshi.workreports.judge import Said, approximate_span, judge, judge_standard
from banshi.workreports.models import Verdict


@pytest.mark.parametrize(
    ("value", "span"),
    [(D(1000), D(1000)), (D(68231), D(1)), (D(68000), D(1000)), (D("6.5"), D("0.1")), (D(0), D(1))],
)
def test_one_unit_of_the_last_non_zero_digit(value, span):
    assert approximate_span(value) == span


@pytest.mark.parametrize(
    ("said", "record", "verdict"),
    [
        (Said(D(68), "68个"), 68, Verdict.MATCH),
        (Said(D(68), "68个"), 67, Verdict.MISMATCH),
        (Said(D(10), "10个"), 14, Verdict.MISMATCH),  # written out in full: no rounding
        (Said(D(1000), "1000余人", approximate=True), 1000, Verdict.APPROXIMATE),
        (Said(D(1000), "1000余人", approximate=True), 1999, Verdict.APPROXIMATE),
        (Said(D(1000), "1000余人", approximate=True), 2000, Verdict.MISMATCH),
        (Said(D(1000), "1000余人", approximate=True), 999, Verdict.MISMATCH),
        (Said(D(68231), "68231余人", approximate=True), 68231, Verdict.APPROXIMATE),
        (Said(D(68231), "68231余人", approximate=True), 68232, Verdict.MISMATCH),
        (Said(D(68000), "6.8万余人", approximate=True), 68999, Verdict.APPROXIMATE),
        (Said(D(68000), "6.8万人"), 68231, Verdict.ROUNDING),
        (Said(D(68000), "6.8万人"), 68600, Verdict.ROUNDING),  # truncated to its 千
        (Said(D(68000), "6.8万人"), 69500, Verdict.MISMATCH),  # 6.9万 or 7.0万
        (Said(D(44), "44%", percent=True), 0.4474, Verdict.ROUNDING),
        (Said(D(45), "45%", percent=True), 0.4474, Verdict.ROUNDING),  # rounded
        (Said(D(43), "43%", percent=True), 0.4474, Verdict.MISMATCH),  # neither way
        (Said(D("44.7"), "44.7%", percent=True), 0.4474, Verdict.MATCH),  # as pages show it
        (Said(D("44.74"), "44.74%", percent=True), 0.4474, Verdict.MATCH),
        (Said(D(100), "100%", percent=True), 1.0, Verdict.MATCH),
        (Said(D(95), "95%", percent=True), 0.9550, Verdict.ROUNDING),  # truncated
        (Said(D(96), "96%", percent=True), 0.9550, Verdict.ROUNDING),  # rounded half up
        (Said(D(3), "3-5名", low=D(3), high=D(5)), 5, Verdict.MATCH),
        (Said(D(3), "3-5名", low=D(3), high=D(5)), 6, Verdict.MISMATCH),
        (Said(D(3), "3个"), None, Verdict.NO_DATA),
    ],
)
def test_verdicts(said, record, verdict):
    assert judge(said, record).verdict == verdict


def test_a_rounding_says_which_way():
    assert "截断" in judge(Said(D(44), "44%", percent=True), 0.4474).detail
    assert "四舍五入" in judge(Said(D(96), "96%", percent=True), 0.9550).detail
    assert "截断" not in judge(Said(D(96), "96%", percent=True), 0.9550).detail


def test_a_standard_lists_the_members_outside_its_bounds():
    members = [("甲", 300), ("乙", 500), ("丙", 299), ("丁", 501)]
    assert judge_standard(D(300), D(500), members) == ["丙", "丁"]
