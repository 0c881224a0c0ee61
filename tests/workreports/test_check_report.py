"""Checking reports written for the test (not the seed) against the test world's records:
right and wrong figures, a figure for the wrong year, Chinese numerals, a range, standards met
and failed, a figure about a region outside the checker's scope (refused, its value never
read), a GBK file and a two-column PDF — through the service and through the command."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from weasyprint import HTML

from banshi.organizations.services import organization_create
from banshi.praise.services import praise_record
from banshi.workreports import services
from banshi.workreports.models import ReportFigure, Verdict, WorkReport

STREET_REPORT = """大学东路街道：网格治理底数清

　　本报讯（记者 张三）街道2个社区按照每网格1-3户的标准划分网格3个，覆盖居民6人、住户7户。
　　2026年，街道收到表扬信2封。2025年，街道收到表扬信2封。
　　全街道共有三个网格，居民5-8人。
"""


def _by_text(report) -> dict[str, ReportFigure]:
    return {f.text: f for f in report.figures.all()}


@pytest.fixture
def letters(world):
    unit = organization_create(
        name="大学东路街道党工委", kind="working_committee", region=world.street
    )
    for day in (datetime.date(2026, 3, 1), datetime.date(2026, 5, 1)):
        praise_record(kind="letter", received_on=day, unit=unit, content="感谢信")
    return unit


def test_right_and_wrong_figures(world, letters):
    report = services.report_check(region=world.street, text=STREET_REPORT, year=2026)
    figures = _by_text(report)
    assert figures["2个"].verdict == Verdict.MATCH  # communities
    assert figures["3个"].verdict == Verdict.MATCH  # grids
    assert figures["6人"].verdict == Verdict.MATCH  # residents
    wrong = figures["7户"]  # six households in the records
    assert (wrong.verdict, wrong.record_value, wrong.figure_key) == (
        Verdict.MISMATCH,
        Decimal(6),
        "households",
    )
    assert wrong.records_url.startswith(f"/regions/{world.street.code}/figures/households/")


def test_a_figure_for_the_wrong_year_is_a_mismatch(world, letters):
    report = services.report_check(region=world.street, text=STREET_REPORT, year=2026)
    this_year, last_year = report.figures.filter(subject="表扬信").order_by("index")
    assert (this_year.period_key, this_year.verdict) == ("2026", Verdict.MATCH)
    assert (last_year.period_key, last_year.verdict) == ("2025", Verdict.MISMATCH)
    assert last_year.record_value == 0
    assert "period=2025" in last_year.records_url


def test_chinese_numerals_and_a_range(world, letters):
    figures = _by_text(services.report_check(region=world.street, text=STREET_REPORT, year=2026))
    assert (figures["三个"].value, figures["三个"].verdict) == (3, Verdict.MATCH)
    ranged = figures["5-8人"]
    assert (ranged.low, ranged.high, ranged.verdict) == (5, 8, Verdict.MATCH)


def test_a_standard_met_and_one_failed_naming_the_grids(world):
    met = _by_text(services.report_check(region=world.street, text=STREET_REPORT, year=2026))
    assert met["1-3户"].verdict == Verdict.STANDARD_MET
    assert met["1-3户"].failing == []
    failed = services.report_check(
        region=world.street, text="大学东路街道：按照每网格3-5户的标准划分网格。", year=2026
    )
    figure = failed.figures.get()
    assert figure.verdict == Verdict.STANDARD_FAILED
    assert sorted(m["code"] for m in figure.failing) == sorted(
        [world.grid1.code, world.grid2.code, world.grid3.code]
    )
    assert all(m["value"] == 2 for m in figure.failing)


def test_a_region_outside_the_checker_is_refused_and_its_value_not_read(world, make_user):
    user = make_user("street", "street", region=world.street)
    text = "新城区：划分网格5个。\n\n大学东路街道：划分网格3个。"
    report = services.report_check(region=world.street, text=text, year=2026, user=user)
    outside = report.figures.get(place="新城区")
    assert outside.verdict == Verdict.REFUSED
    assert (outside.record_value, outside.record_text, outside.records_url) == (None, "", "")
    assert report.figures.get(place="大学东路街道").verdict == Verdict.MATCH


def test_a_unit_cannot_check_for_a_region_outside_its_scope(world, make_user):
    user = make_user("street", "street", region=world.street)
    with pytest.raises(PermissionDenied):
        services.report_check(region=world.other_district, text=STREET_REPORT, user=user)
    grid_worker = make_user("grid", "grid_worker", grid=world.grid1)
    with pytest.raises(PermissionDenied):
        services.report_check(region=world.street, text=STREET_REPORT, user=grid_worker)
    assert not WorkReport.objects.exists()


def test_a_gbk_file(world):
    data = "大学东路街道：划分网格3个，覆盖居民6人。".encode("gbk")
    report = services.report_check(region=world.street, data=data, filename="报送.txt")
    assert report.source == "text" and bytes(report.original) == data
    assert {f.text: f.verdict for f in report.figures.all()} == {
        "3个": Verdict.MATCH,
        "6人": Verdict.MATCH,
    }


def test_a_two_column_pdf(world):
    filler = "坚持党建引领，推进网格治理，把服务送到群众身边。" * 3
    left = (
        "<p>大学东路街道：网格治理底数清</p>"
        f"<p class=i>本报讯（记者 张三）{filler}街道划分网格3个，覆盖居民6人。{filler}</p>"
    )
    right = (
        "<p class=b>新城区：另一篇报道</p>"
        f"<p class=i>本报讯（记者 李四）{filler}新城区划分网格9个，覆盖居民90人。{filler}</p>"
    )
    css = "@page { size: A4; margin: 2cm } body { font-family: 'Noto Sans CJK SC' }"
    css += ".cols { column-count: 2 } .b { break-before: column } .i { text-indent: 2em }"
    html = f"<style>{css}</style><div class=cols>{left}{right}</div>"
    data = HTML(string=html).write_pdf()
    report = services.report_check(region=world.street, data=data, filename="page.pdf")
    assert report.source == "pdf"
    assert [a.unit for a in report.articles.all()] == ["大学东路街道", "新城区"]
    by_unit = {(f.article.unit, f.text): f.verdict for f in report.figures.all()}
    assert by_unit[("大学东路街道", "3个")] == Verdict.MATCH
    assert by_unit[("大学东路街道", "6人")] == Verdict.MATCH
    assert by_unit[("新城区", "9个")] == Verdict.REFUSED


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "   "}, "请上传报送文件或粘贴报送文字"),
        ({"data": b""}, "文件中没有可读取的文字"),
        ({"data": b"%PDF-1.4 broken"}, "PDF文件已损坏"),
        ({"text": "没有任何数字，也没有单位。"}, None),
    ],
)
def test_bad_input_is_refused_and_nothing_is_kept(world, kwargs, message):
    if message is None:
        report = services.report_check(region=world.street, **kwargs)
        assert report.figures.count() == 0  # a report without figures is kept, with none
        return
    with pytest.raises(ValidationError) as caught:
        services.report_check(region=world.street, **kwargs)
    assert message in " ".join(caught.value.messages)
    assert not WorkReport.objects.exists()


def test_the_command_prints_articles_and_figures(world, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(STREET_REPORT, encoding="utf-8")
    out = StringIO()
    call_command("check_report", str(path), "--region", "大学东路街道", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["articles"][0]["unit"] == "大学东路街道"
    assert printed["articles"][0]["region"] == world.street.code
    figure = next(f for f in printed["figures"] if f["text"] == "7户")
    assert (figure["verdict"], figure["record_value"], figure["figure_key"]) == (
        "mismatch",
        6.0,
        "households",
    )
    assert figure["span"][1] - figure["span"][0] == len("7户")
    assert STREET_REPORT[figure["span"][0] : figure["span"][1]] == "7户"


def test_the_command_refuses_a_missing_file_and_an_unknown_region(world, tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("check_report", str(tmp_path / "none.txt"))
    path = tmp_path / "r.txt"
    path.write_text("大学东路街道：划分网格3个。", encoding="utf-8")
    with pytest.raises(CommandError, match="找不到区划"):
        call_command("check_report", str(path), "--region", "没有这个区")


def test_a_reviewer_dismisses_with_a_note_and_the_trail_keeps_it(world, make_user):
    user = make_user("street", "street", region=world.street)
    report = services.report_check(region=world.street, text=STREET_REPORT, year=2026, user=user)
    figure = report.figures.get(text="7户")
    with pytest.raises(ValidationError, match="须说明理由"):
        services.figure_review(figure=figure, user=user, action="dismissed")
    services.figure_review(figure=figure, user=user, action="dismissed", note="含空置房")
    services.figure_review(figure=figure, user=user, action="confirmed", note="复核后确认")
    figure.refresh_from_db()
    assert figure.review == "confirmed"
    assert [(r.action, r.note) for r in figure.reviews.all()] == [
        ("dismissed", "含空置房"),
        ("confirmed", "复核后确认"),
    ]
    other = make_user("other", "district", region=world.other_district)
    with pytest.raises(PermissionDenied):
        services.figure_review(figure=figure, user=other, action="confirmed")


def test_teaching_a_phrase_turns_no_data_into_a_check(world, make_user):
    user = make_user("street", "street", region=world.street)
    text = "大学东路街道：街道共有楼院3个。"
    before = services.report_check(region=world.street, text=text, user=user).figures.get()
    assert before.verdict == Verdict.NO_DATA
    services.phrase_teach(phrase=before.subject, unit=before.unit, figure_key="grids", user=user)
    after = services.report_check(region=world.street, text=text, user=user).figures.get()
    assert (after.verdict, after.figure_key) == (Verdict.MATCH, "grids")
    with pytest.raises(ValidationError, match="没有这个指标"):
        services.phrase_teach(phrase="楼院", figure_key="no_such_key", user=user)
    resident = make_user("res", "resident", resident=world.residents[world.grid1.code][0])
    with pytest.raises(PermissionDenied):
        services.phrase_teach(phrase="楼院", figure_key="grids", user=resident)
