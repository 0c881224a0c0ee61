"""The red-flag demo on a small county (three villages): the 2025 results reported with a
flag revoked at the December review, 2026 declarations in review with a notice still
running, every step's opinion kept; the report agrees with the records."""

import datetime

from django.utils import timezone

from banshi.redflags.demo import build_demo_redflags
from banshi.redflags.models import Declaration, FlagReview, Opinion, Scheme
from banshi.redflags.selectors import year_report

NOW = timezone.make_aware(datetime.datetime(2026, 12, 1))
S = Declaration.Status


def test_the_demo_reports_2025_and_reviews_2026(places):
    summary = build_demo_redflags(seed=0, now=NOW)
    assert set(Scheme.objects.values_list("year", flat=True)) == {2025, 2026}
    last = Declaration.objects.filter(scheme__year=2025)
    assert summary["last_year"]["revoked"] >= 1
    revoked = last.filter(status=S.REVOKED)
    assert revoked.count() == summary["last_year"]["revoked"]
    for d in revoked:
        assert d.revoked_on == datetime.date(2025, 12, 20) and d.revoked_reason
        assert FlagReview.objects.get(declaration=d, half=2).passed is False
    held = last.filter(status=S.AWARDED)
    assert held.count() + revoked.count() == summary["last_year"]["awarded"]
    this = Declaration.objects.filter(scheme__year=2026)
    assert not this.filter(status__in=[S.AWARDED, S.REVOKED]).exists()
    for d in this.filter(status=S.IN_NOTICE):
        assert d.notice_until > NOW.date()
    assert sum(summary["this_year"].values()) == this.count()
    # Each step left its opinion: every awarded flag has its five, then two reviews.
    for d in held:
        assert d.opinions.filter(step=Opinion.Step.REVIEW).count() == 2
    report = year_report(places.county, 2025)
    total = report.total
    assert sum(c[0] for c in total.cells) == held.count()
    assert sum(c[1] for c in total.cells) == last.count()
    assert sum(c[2] for c in total.cells) == revoked.count()
    holding = set(held.values_list("village_id", flat=True))
    assert {v.pk for v in total.lagging} == {
        v.region.pk for v in (places.a, places.b, places.c)
    } - holding


def test_the_demo_is_deterministic(places):
    first = build_demo_redflags(seed=3, now=NOW)
    rows = list(Declaration.objects.values_list("village__code", "flag", "status", "self_score"))
    Declaration.objects.all().delete()
    Scheme.objects.all().delete()
    assert build_demo_redflags(seed=3, now=NOW) == first
    again = list(Declaration.objects.values_list("village__code", "flag", "status", "self_score"))
    assert again == rows
