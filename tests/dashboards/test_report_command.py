"""`banshi report --region … --month YYYY-MM [--html FILE] [--pdf FILE]`: the monthly report
written from the official figures, each one linking to (HTML) or citing (PDF) its records."""

import datetime
import os
import re
import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from banshi.demands.models import Demand
from banshi.enterprises.models import Enterprise
from banshi.people.models import Resident
from banshi.territory import codes
from banshi.territory.models import Grid, Household, Region

MONTH = "2026-11"
GOOD = ("satisfied", "basic")
HREF = re.compile(r'href="([^"]+)"')


def run(*args) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def percent(num: int, den: int) -> str:
    return "—" if not den else f"{round(num / den, 4) * 100:.1f}%"


def in_month(moment) -> bool:
    local = timezone.localtime(moment) if moment else None
    return local is not None and (local.year, local.month) == (2026, 11)


def recount_rates(prefix: str) -> dict[str, str]:
    """The three rates of the unit with `prefix`, counted by hand from its demands."""
    mine = [
        d
        for d in Demand.objects.all()
        if (d.assigned_code or "").startswith(prefix) and d.state != "merged"
    ]
    dispatched = [d for d in mine if in_month(d.dispatched_at)]
    in_time = [d for d in dispatched if d.signed_at and d.signed_at <= d.sign_due]
    due = [d for d in mine if in_month(d.resolve_due)]
    resolved = [d for d in due if d.resolved_at]
    rated = [d for d in mine if in_month(d.rated_at) and d.rating]
    satisfied = [d for d in rated if d.rating in GOOD]
    return {
        "response": percent(len(in_time), len(dispatched)),
        "resolution": percent(len(resolved), len(due)),
        "satisfaction": percent(len(satisfied), len(rated)),
        "counts": (len(dispatched), len(in_time), len(due), len(resolved)),
    }


def test_the_text_holds_the_figures_recounted_from_records(world, civic, busy):
    text = run("--region", "大学东路街道", "--month", MONTH)
    prefix = world.street.prefix
    grids = Grid.objects.filter(code__startswith=prefix).count()
    residents = Resident.objects.filter(grid__code__startswith=prefix).count()
    households = Household.objects.filter(grid__code__startswith=prefix).count()
    enterprises = Enterprise.objects.filter(grid__code__startswith=prefix).count()
    received = sum(
        1
        for d in Demand.objects.all()
        if d.territory_code.startswith(prefix) and in_month(d.received_at)
    )
    assert grids == 3 and residents >= 6 and received > 0
    # The busy world's street holds two communities and some villages (the villages' apps'
    # figures need them): "社区/村", as a street of communities only says "社区".
    units = Region.objects.filter(code__startswith=prefix, level=codes.COMMUNITY).count()
    assert units > 2
    assert f"街道{units}个社区/村按照每网格300-500户的标准划分网格3个" in text
    assert f"覆盖居民{residents:,}人、{households:,}户" in text
    with_org = (
        Enterprise.objects.filter(grid__code__startswith=prefix)
        .exclude(party_org_status=Enterprise.PartyOrgStatus.NONE)
        .count()
    )
    assert f"辖区共有非公企业{enterprises}家，已建立党组织企业{with_org}家" in text
    assert f"党的组织覆盖率{with_org / enterprises * 100:.1f}%" in text
    assert f"共受理群众诉求{received:,}件" in text
    street = recount_rates(prefix)
    dispatched, in_time, due, resolved = street["counts"]
    assert f"派单{dispatched}件，按时签收{in_time}件，响应率{street['response']}" in text
    assert f"应办结{due}件，已办结{resolved}件，解决率{street['resolution']}" in text
    assert f"满意率{street['satisfaction']}" in text
    # The ranking: every community of the street, each row its own rates, recounted.
    rows = {line.split()[1]: line.split() for line in text.splitlines() if "社区  " in line}
    assert set(rows) == {"乌兰社区", "内工大社区"}
    for community in (world.community, world.community2):
        mine = recount_rates(community.prefix)
        assert rows[community.name][2:5] == [
            mine["response"],
            mine["resolution"],
            mine["satisfaction"],
        ], community.name
    # The topic of the month: the most frequent category among the month's demands.
    counts: dict[str, int] = {}
    for d in Demand.objects.select_related("category"):
        if d.territory_code.startswith(prefix) and in_month(d.received_at):
            counts[d.category.name] = counts.get(d.category.name, 0) + 1
    top = max(counts.values())
    assert any(f"“{name}”类诉求，共{n}件" in text for name, n in counts.items() if n == top)


def test_a_region_s_figures_do_not_depend_on_who_reads(world, civic, busy):
    assert (
        run("--region", world.street.code, "--month", MONTH).split("数据截至")[0]
        == run("--region", "大学东路街道", "--month", MONTH).split("数据截至")[0]
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (("--region", "大学东路街道", "--month", "2026-13"), "月份无效"),
        (("--region", "大学东路街道", "--month", "11/2026"), "期间格式应为 YYYY-MM"),
        (("--region", "大学东路街道", "--month", "2026"), "期间格式应为 YYYY-MM"),
        (("--region", "大学东路街道", "--month", "2999-01"), "尚未开始"),
        (("--region", "大学东路街道", "--month", "9999-12"), "月份无效"),
        (("--region", "不存在的街道", "--month", MONTH), "找不到区划"),
    ],
)
def test_a_bad_month_or_region_is_a_command_error(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def _pdf_tools_or_skip():
    """pdftotext and WeasyPrint's system libraries; in CI their absence is a failure."""
    missing = []
    if shutil.which("pdftotext") is None:
        missing.append("pdftotext (poppler-utils)")
    try:
        import weasyprint  # noqa: F401  (imported here only to see whether its libraries load)
    except (ImportError, OSError) as exc:
        missing.append(f"WeasyPrint ({exc})")
    if missing:
        message = "missing for the PDF report: " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def stats_lines(region: str) -> list[tuple[str, str]]:
    out = StringIO()
    call_command("stats", "--region", region, stdout=out)
    pairs = []
    for line in out.getvalue().splitlines()[1:]:
        label, value = line.strip().rsplit(None, 1)
        pairs.append((label.rstrip("　"), value))
    return pairs


def test_the_pdf_holds_the_street_s_figures_as_banshi_stats_prints_them(
    world, civic, busy, tmp_path
):
    _pdf_tools_or_skip()
    target = tmp_path / "report.pdf"
    out = run("--region", "大学东路街道", "--month", MONTH, "--pdf", str(target))
    assert str(target) in out
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    pairs = stats_lines("大学东路街道")
    assert len(pairs) >= 15
    for label, value in pairs:
        # each cited in the text and listed among the sources with its query and as-of time
        assert value in flat, (label, value)
        assert re.search(rf"{re.escape(label)}{re.escape(value)}·", flat), (label, value)
    assert world.street.code in flat and "截至" in flat
    assert "[1]" in flat  # the endnote numbers
    prose = re.sub(r"\[\d+\]", "", flat)
    # pdftotext may read a line's end after a chart beside it: the sentence in two runs.
    units = Region.objects.filter(code__startswith=world.street.prefix, level=codes.COMMUNITY)
    assert f"街道{units.count()}个社区/村按照每网格300-500户的标准" in prose
    assert "划分网格3个" in prose


def test_without_weasyprint_the_pdf_says_what_to_install_and_the_html_still_works(
    world, civic, busy, tmp_path, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if its libraries were missing
    with pytest.raises(CommandError, match="apt-get install libpango-1.0-0") as caught:
        run("--region", "大学东路街道", "--month", MONTH, "--pdf", str(tmp_path / "r.pdf"))
    assert caught.value.returncode != 0
    assert not (tmp_path / "r.pdf").exists()
    run("--region", "大学东路街道", "--month", MONTH, "--html", str(tmp_path / "r.html"))
    assert "划分网格3个" in re.sub(r"<[^>]+>", "", (tmp_path / "r.html").read_text())


def test_every_figure_of_the_html_opens_its_records(world, civic, busy, people, tmp_path, login):
    target = tmp_path / "report.html"
    run(
        "--region",
        "大学东路街道",
        "--month",
        MONTH,
        "--html",
        str(target),
        "--base-url",
        "https://banshi.example.org/",
    )
    html = target.read_text(encoding="utf-8")
    links = [h.replace("&amp;", "&") for h in HREF.findall(html)]
    figure_links = [h for h in links if "/figures/" in h]
    assert len(figure_links) >= 40
    assert all(h.startswith("https://banshi.example.org/regions/") for h in figure_links)
    assert f"https://banshi.example.org/regions/{world.street.code}/figures/grids/" in links
    assert (
        f"https://banshi.example.org/regions/{world.street.code}/figures/response_rate/"
        f"?period={MONTH}" in links
    )
    assert any(f"/regions/{world.community.code}/figures/response_rate/" in h for h in links)
    client = login(people.street)  # a staff user of the street
    for url in sorted(set(figure_links)):
        path = url.removeprefix("https://banshi.example.org")
        assert client.get(path).status_code == 200, path
    topic = [h for h in links if "/demands/topics/" in h]
    assert (
        topic and client.get(topic[0].removeprefix("https://banshi.example.org")).status_code == 200
    )


def test_the_default_month_is_the_last_complete_one(world, civic):
    today = timezone.localdate()
    last = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y年%-m月")
    assert last in run("--region", world.street.code)
