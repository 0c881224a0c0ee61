"""The round trip: the monthly report the dashboards write from the official figures
(`banshi report`), fed back into the checker, reconciles completely — every figure it quotes
is found, mapped to its figure (or a rate's numerator or denominator, or the month's topic)
and matches. Over the dashboards' busy world, where every registered figure counts something."""

from io import StringIO

import pytest
from django.core.management import call_command

from banshi.workreports import services
from banshi.workreports.models import Verdict
from tests.dashboards.conftest import *  # noqa: F403 (the busy world's fixtures)

MONTH = "2026-11"
RECONCILED = {Verdict.MATCH, Verdict.STANDARD_MET}


@pytest.fixture
def monthly(world, civic, busy):  # noqa: F405 (fixtures)
    out = StringIO()
    call_command("report", "--region", "大学东路街道", "--month", MONTH, stdout=out)
    return out.getvalue()


def test_the_monthly_report_reconciles_completely(world, monthly):
    report = services.report_check(region=world.street, text=monthly, year=2026)
    assert (report.year, report.month) == (2026, 11)
    figures = list(report.figures.all())
    assert len(figures) > 30
    # The report states the city's standard of 300-500 households a grid; the test world's
    # grids hold two each, and the checker says so (in the demo every grid meets it).
    standard = next(f for f in figures if f.standard)
    assert (standard.verdict, len(standard.failing)) == (Verdict.STANDARD_FAILED, 3)
    wrong = [(f.text, f.subject, f.verdict, f.record_text, f.detail) for f in figures]
    wrong = [w for w in wrong if w[2] not in RECONCILED and w[0] != standard.text]
    assert wrong == []
    keys = {f.figure_key for f in figures}
    # Its figures come from every section: the territory, the organization, the demands
    # (with the rates' parts), the field work and the month's topic.
    assert {"residents", "org_coverage_rate", "response_rate:denominator", "visits"} <= keys
    assert "demands.category" in keys


def test_a_figure_changed_in_the_report_is_a_mismatch(world, monthly):
    residents = next(
        line for line in monthly.splitlines() if "覆盖居民" in line
    )  # "…覆盖居民6人、6户…"
    changed = monthly.replace(residents, residents.replace("覆盖居民", "覆盖居民1", 1))
    report = services.report_check(region=world.street, text=changed, year=2026)
    figure = report.figures.get(subject="居民")
    assert figure.verdict == Verdict.MISMATCH
