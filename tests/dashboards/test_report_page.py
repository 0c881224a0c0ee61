"""`/regions/<code>/report/?month=YYYY-MM` and its downloads (`report.pdf`, `report.html`):
the monthly report in the site, for a region in the viewer's scope."""

import os
import re

import pytest
from django.test import Client
from django.urls import reverse

from banshi.core.periods import Period
from banshi.people.models import Resident
from banshi.territory.models import Grid

MONTH = "2026-11"


def page(code: str) -> str:
    return reverse("region_report", args=[code])


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_report_of_a_region_in_scope(world, civic, busy, people, login):
    client = login(people.street)
    response = client.get(page(world.street.code), {"month": MONTH})
    assert response.status_code == 200
    html = response.content.decode()
    grids = Grid.objects.filter(code__startswith=world.street.prefix).count()
    residents = Resident.objects.filter(grid__code__startswith=world.street.prefix).count()
    assert f"划分网格{grids}个" in text_of(html)
    assert f"覆盖居民{residents:,}人" in text_of(html)
    grids_url = reverse("figure_detail", args=[world.street.code, "grids"])
    assert f'href="{grids_url}"' in html  # each figure opens its records
    pdf = reverse("region_report_pdf", args=[world.street.code])
    assert f'href="{pdf}?month={MONTH}"' in html
    assert f'href="{reverse("region_report_html", args=[world.street.code])}?month={MONTH}"' in html


def test_the_same_figures_for_the_district_and_the_street(
    world, civic, busy, people, login, make_user
):
    district = login(make_user("district", "district", region=world.district))
    street = login(people.street)
    shown = [
        c.get(page(world.street.code), {"month": MONTH}).content.decode()
        for c in (district, street)
    ]
    # the report's text up to the charts (whose SVG ids are random), without the as-of minute
    body = [
        re.sub(r"\d\d:\d\d", "", s.split('<article class="report"')[1].split("近12个月趋势")[0])
        for s in shown
    ]
    assert "划分网格3个" in text_of(body[0])
    assert body[0] == body[1]


def test_the_month_defaults_to_the_last_complete_one(world, people, login):
    response = login(people.street).get(page(world.street.code))
    assert response.status_code == 200
    last = Period.last_complete_month().key
    assert f'value="{last}"' in response.content.decode()


def test_a_region_outside_the_scope_is_not_found(world, people, login):
    client = login(people.community)
    assert client.get(page(world.community2.code), {"month": MONTH}).status_code == 404
    assert client.get(page(world.other_district.code), {"month": MONTH}).status_code == 404
    url = reverse("region_report_pdf", args=[world.community2.code])
    assert client.get(url, {"month": MONTH}).status_code == 404
    assert client.get(page("999999999999")).status_code == 404
    assert client.get(page(world.grid1.code)).status_code == 404  # a grid has no report


@pytest.mark.parametrize("month", ["2026-13", "11-2026", "2999-01", "9999-12", "x" * 300])
def test_a_bad_month_is_a_400_with_a_chinese_message(world, people, login, month):
    client = login(people.street)
    response = client.get(page(world.street.code), {"month": month})
    assert response.status_code == 400
    assert re.search("月份无效|期间格式应为|尚未开始", response.content.decode())
    url = reverse("region_report_pdf", args=[world.street.code])
    assert client.get(url, {"month": month}).status_code == 400


def test_the_pdf_download(world, civic, busy, people, login):
    try:
        import weasyprint  # noqa: F401  (only to see whether its system libraries load)
    except (ImportError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"WeasyPrint cannot run: {exc}")
        pytest.skip(f"WeasyPrint cannot run: {exc}")
    response = login(people.street).get(
        reverse("region_report_pdf", args=[world.street.code]), {"month": MONTH}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"report-{world.street.code}-{MONTH}.pdf" in response["Content-Disposition"]


def test_the_html_download_links_absolutely(world, civic, busy, people, login):
    response = login(people.street).get(
        reverse("region_report_html", args=[world.street.code]), {"month": MONTH}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "attachment" in response["Content-Disposition"]
    grids_url = reverse("figure_detail", args=[world.street.code, "grids"])
    assert f'href="http://testserver{grids_url}"' in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(world):
    for name in ("region_report", "region_report_pdf", "region_report_html"):
        response = Client().get(reverse(name, args=[world.street.code]))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_the_region_page_links_to_its_report(world, people, login):
    html = login(people.street).get(reverse("region_detail", args=[world.street.code])).content
    assert page(world.street.code).encode() in html
