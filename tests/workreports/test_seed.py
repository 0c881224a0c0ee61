"""The issue's "Done when": `banshi check-report` on the seed page, over the demo's records,
finds the 11 articles with their units and regions and reconciles the figures of 大学东路街道,
乌兰社区, 市公交公司 and 清水河县 as the seed states them. The demo's territory and the
service and village modules are built once for the module (no year of demands: no figure
here counts them)."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from banshi.demo.builder import build_demo
from banshi.praise.demo import build_demo_praise
from banshi.projects.demo import build_demo_projects
from banshi.villages.demo import build_demo_villages
from banshi.volunteers.demo import build_demo_volunteers
from banshi.workreports.models import ReportFigure, WorkReport

SEED = Path(__file__).parent / "data" / "seed_page.txt"
NOW = timezone.make_aware(datetime.datetime(2026, 12, 1))
STREET = "150105001000"
WULAN = "150105001001"
# The module's build needs the test database set up (pytest-django sets up the databases
# its marked tests name) and each test reads it in its own transaction.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def checked(django_db_setup, django_db_blocker):
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers):
        with transaction.atomic():
            build_demo(flush=False, activity=False)
            build_demo_villages(seed=7, now=NOW)
            build_demo_volunteers(seed=7, now=NOW)
            build_demo_praise(seed=7, now=NOW)
            build_demo_projects(seed=7, now=NOW)
            out = StringIO()
            call_command("check_report", str(SEED), "--json", "--year", "2023", stdout=out)
            yield json.loads(out.getvalue())
            transaction.set_rollback(True)


def _figures(out, article: int) -> dict[str, dict]:
    return {(f["text"], f["subject"]): f for f in out["figures"] if f["article"] == article}


def _article(out, unit: str) -> dict:
    return next(a for a in out["articles"] if a["unit"] == unit)


def test_the_eleven_articles_with_their_units_and_regions(checked):
    articles = checked["articles"]
    assert len(articles) == 11
    units = {a["unit"]: a for a in articles if a["unit"]}
    assert units["大学东路街道"]["region"] == STREET
    assert units["清水河县"]["region"] == "150124000000"
    assert units["玉泉区"]["region"] == "150104000000"
    assert units["中山西路街道"]["region"] is not None
    # 土左旗 is 土默特左旗 by its alias, at the head of the unit's name.
    assert units["土左旗新时代文明实践服务中心"]["region"] == "150121000000"
    # 市公交公司 is no region but the bus company's party committee.
    assert units["市公交公司"]["region"] is None
    assert units["市公交公司"]["organization"] == "呼和浩特市公共交通总公司党委"
    assert units["清水河县"]["authors"] == ["梁婧姝", "吕喜燕", "潘磊"]


@pytest.mark.parametrize(
    ("text", "subject", "verdict", "record"),
    [
        ("6个", "社区", "match", 6),
        ("68个", "网格", "match", 68),
        ("68231余人", "居民", "approximate", 68231),
        ("816个", "商业网点", "match", 816),
        ("517人", "楼栋长", "match", 517),
        ("1381人", "单元长", "match", 1381),
        ("76家", "非公企业", "match", 76),
        ("34家", "党组织企业", "match", 34),
        ("13名", "党建指导员", "match", 13),
        ("44%", "组织覆盖率", "rounding", 0.4474),
        ("100%", "工作覆盖率", "match", 1.0),
        ("4家", "红蜂驿站", "match", 4),
    ],
)
def test_the_street_s_figures(checked, text, subject, verdict, record):
    figure = _figures(checked, _article(checked, "大学东路街道")["index"])[(text, subject)]
    assert (figure["verdict"], figure["record_value"]) == (verdict, record)
    assert figure["place"] == "大学东路街道"


def test_the_organization_coverage_is_a_truncation_said_as_such(checked):
    figure = _figures(checked, _article(checked, "大学东路街道")["index"])[("44%", "组织覆盖率")]
    assert figure["figure_key"] == "org_coverage_rate"
    assert "截断" in figure["detail"]


def test_every_grid_of_the_street_is_checked_against_300_to_500_households(checked):
    figure = _figures(checked, _article(checked, "大学东路街道")["index"])[("300-500户", "户")]
    assert figure["verdict"] == "standard_met"
    assert figure["record_value"] == 68  # grids within the standard
    assert figure["failing"] == []


def test_wulan_s_project(checked):
    figures = _figures(checked, _article(checked, "大学东路街道")["index"])
    for text, subject, value in (
        ("68个", "停车位", 68),
        ("3套", "停车起降杆", 3),
        ("700平方米", "绿化面积", 700),
        ("5个", "小区", 5),
        ("1个", "小区", 1),
    ):
        figure = figures[(text, subject)]
        assert (figure["verdict"], figure["record_value"]) == ("match", value), text
        assert figure["place"] == "乌兰社区"


@pytest.mark.parametrize(
    ("text", "subject", "verdict", "record"),
    [
        ("410次", "表扬", "match", 410),
        ("373封", "表扬信", "match", 373),
        ("27面", "锦旗", "match", 27),
        ("16条", "雷锋线路", "match", 16),
        ("39台", "雷锋主题车厢", "match", 39),
        ("2处", "雷锋示范岗", "match", 2),
        ("42名", "公司级岗位学雷锋标兵", "match", 42),
    ],
)
def test_the_bus_company_s_figures(checked, text, subject, verdict, record):
    figure = _figures(checked, _article(checked, "市公交公司")["index"])[(text, subject)]
    assert (figure["verdict"], figure["record_value"]) == (verdict, record)


def test_the_bus_company_s_thousand_odd_volunteers(checked):
    figure = _figures(checked, _article(checked, "市公交公司")["index"])[("1000余人", "志愿服务队")]
    assert figure["verdict"] == "approximate"
    assert 1000 <= figure["record_value"] < 2000


def test_the_county_s_reserve_candidates_are_checked_over_its_villages(checked):
    figure = _figures(checked, _article(checked, "清水河县")["index"])[("3-5名", "后备人选")]
    assert figure["verdict"] in ("standard_met", "standard_failed")
    failing = figure["failing"]
    # The failing villages are named with their counts, each outside 3–5.
    assert all(not 3 <= v["value"] <= 5 for v in failing)
    if figure["verdict"] == "standard_failed":
        assert failing and all(v["name"] for v in failing)


def test_none_of_the_seed_s_checked_figures_is_without_data(checked):
    named = {
        "大学东路街道": {"社区", "网格", "居民", "商业网点", "楼栋长", "单元长", "非公企业"},
        "市公交公司": {"表扬", "表扬信", "锦旗", "雷锋线路", "志愿服务队"},
        "清水河县": {"后备人选"},
    }
    for unit, subjects in named.items():
        index = _article(checked, unit)["index"]
        for f in checked["figures"]:
            if f["article"] == index and f["subject"] in subjects:
                assert f["verdict"] != "no_data", (unit, f["text"])


def test_the_report_is_kept_with_its_file_and_figures(checked):
    report = WorkReport.objects.get(pk=checked["id"])
    assert bytes(report.original) == SEED.read_bytes()
    assert report.source == WorkReport.Source.TEXT
    assert ReportFigure.objects.filter(report=report).count() == len(checked["figures"])
    # Every verdict opens the records behind it.
    for f in ReportFigure.objects.filter(report=report).exclude(verdict="no_data"):
        assert f.records_url.startswith("/"), f.text
