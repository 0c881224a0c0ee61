"""The work-report checker's pages: checking a pasted or uploaded report, the report's page
(highlights with their symbols, the summary, the filters), the review trail, teaching a
phrase and checking again, the XLSX and the original file; and who may do what: a checker
of another street gets 404 for the report and cannot pick a region outside their scope, a
grid worker or a resident gets 403, and every bad input is a 400 with its message."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from banshi.territory.models import Region
from banshi.workreports import services
from banshi.workreports.models import FigureReview, ReportFigure, SubjectPhrase, WorkReport

PASSWORD = "Banshi-test-1"
# In the test world 大学东路街道 has 2 communities, 3 grids and 6 residents (2 households
# a grid): 2个社区 and 6人 match, 5个网格 does not, no grid holds 300-500 households, and
# nothing counts 健身步道.
TEXT = (
    "2026年工作简报\n"
    "大学东路街道：网格治理见实效\n\n"
    "　　全街道2个社区按照每网格300-500户的标准划分网格5个，覆盖居民6人，建成健身步道6条。\n"
)


@pytest.fixture
def users(world, make_user):
    other_street = Region.objects.create(
        code="150102001000", name="海拉尔东路街道", kind="street", parent=world.other_district
    )
    return {
        "street": make_user("jd", "street", region=world.street),
        "elsewhere": make_user("hl", "street", region=other_street),
        "grid": make_user("wg", "grid_worker", grid=world.grid1),
        "resident": make_user("jm", "resident", resident=world.residents[world.grid1.code][0]),
    }


def client_of(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def jd(client, users):
    return client_of(client, users["street"])


def check(jd, world, **fields):
    data = {"region": world.street.code, "year": "2026", "title": "", **fields}
    return jd.post(reverse("workreports:index"), data)


@pytest.fixture
def report(jd, world):
    response = check(jd, world, text=TEXT)
    assert response.status_code == 302
    return WorkReport.objects.get()


def by_text(report):
    return {f.text: f for f in report.figures.all()}


def test_the_form_offers_the_regions_of_the_scope(jd, world):
    page = jd.get(reverse("workreports:index")).content.decode()
    assert "正在核对…" in page and 'name="file"' in page and 'name="text"' in page
    for region in (world.street, world.community, world.community2):
        assert f'value="{region.code}"' in page
    assert world.other_district.code not in page and world.district.code not in page


def test_a_pasted_report_is_checked_and_listed(jd, world, users, report):
    assert report.source == WorkReport.Source.PASTE and report.region == world.street
    assert report.uploaded_by == users["street"] and report.year == 2026
    verdicts = {text: f.verdict for text, f in by_text(report).items()}
    assert verdicts == {
        "2个": "match",
        "300-500户": "standard_failed",
        "5个": "mismatch",
        "6人": "match",
        "6条": "no_data",
    }
    listing = jd.get(reverse("workreports:index")).content.decode()
    assert reverse("workreports:report", args=[report.pk]) in listing
    assert report.title in listing


def test_an_uploaded_gbk_text_file_is_kept_and_downloadable(jd, world):
    upload = SimpleUploadedFile("简报.txt", TEXT.encode("gbk"), content_type="text/plain")
    response = check(jd, world, file=upload, title="十一月简报")
    report = WorkReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workreports:report", args=[report.pk])
    assert report.source == WorkReport.Source.TEXT and report.title == "十一月简报"
    assert by_text(report)["5个"].verdict == "mismatch"
    original = jd.get(reverse("workreports:original", args=[report.pk]))
    assert original.status_code == 200 and original.content == TEXT.encode("gbk")
    assert original["Content-Type"] == "text/plain"
    assert original["Content-Disposition"].startswith("attachment;")
    assert "%E7%AE%80%E6%8A%A5.txt" in original["Content-Disposition"]


def test_a_pasted_report_has_no_original_file(jd, report):
    assert jd.get(reverse("workreports:original", args=[report.pk])).status_code == 404


def test_the_report_page_marks_every_figure_with_its_symbol(jd, report):
    page = jd.get(reverse("workreports:report", args=[report.pk])).content.decode()
    wrong = by_text(report)["5个"]
    assert (
        f'<mark class="v-mismatch" title="不一致" data-verdict="mismatch">'
        f'<a href="#f-{wrong.index}" aria-label="5个：不一致">5个'
        '<span class="sym" aria-hidden="true">✗</span></a></mark>'
    ) in page
    assert page.count("<mark ") == 5
    assert f'<tr id="f-{wrong.index}" data-verdict="mismatch">' in page
    assert f'href="{wrong.records_url}" class="records-link">查看记录' in page
    assert jd.get(wrong.records_url).status_code == 200  # the drill-down, in the scope
    assert '<td data-label="数字" class="num" id="n-found">5</td>' in page
    assert 'id="n-checked">2</td>' in page and 'id="n-wrong">2</td>' in page
    assert 'id="n-unchecked">1</td>' in page
    # The failed standard names each grid that fails, with its households and its link.
    failing = by_text(report)["300-500户"].failing
    assert len(failing) == 3
    for member in failing:
        assert f'<a href="{member["url"]}">{member["name"]}</a>：{member["value"]}' in page
    # The figure without data offers to teach its phrase; the others do not.
    assert page.count('class="inline-form teach-form"') == 1


def test_the_filters(jd, report):
    url = reverse("workreports:report", args=[report.pk])
    page = jd.get(url, {"verdict": "mismatch"}).content.decode()
    assert page.count('<tr id="f-') == 1 and 'data-verdict="mismatch">' in page
    assert page.count("<mark ") == 1
    page = jd.get(url, {"article": "0", "verdict": "match"}).content.decode()
    assert page.count('<tr id="f-') == 2
    for query, message in (
        ({"article": "9"}, "没有这篇稿件"),
        ({"article": "abc"}, "没有这篇稿件"),
        ({"verdict": "maybe"}, "没有这种核对结果"),
    ):
        response = jd.get(url, query)
        assert response.status_code == 400 and message in response.content.decode()


def test_confirm_and_dismiss_with_a_note_keep_a_trail(jd, users, report):
    figures = by_text(report)
    right, wrong = figures["2个"], figures["5个"]
    url = reverse("workreports:figure_review", args=[report.pk, right.pk])
    response = jd.post(url, {"action": "confirmed"})
    assert response.status_code == 302 and response["Location"].endswith(f"#f-{right.index}")
    right.refresh_from_db()
    assert right.review == ReportFigure.Review.CONFIRMED

    url = reverse("workreports:figure_review", args=[report.pk, wrong.pk])
    response = jd.post(url, {"action": "dismissed", "note": "  "})
    assert response.status_code == 400 and "驳回核对结果须说明理由" in response.content.decode()
    response = jd.post(url, {"action": "deleted", "note": "x"})
    assert response.status_code == 400 and "操作无效" in response.content.decode()
    assert not FigureReview.objects.filter(figure=wrong).exists()

    jd.post(url, {"action": "dismissed", "note": "另有3个网格在建，报送含在建网格"})
    wrong.refresh_from_db()
    assert wrong.review == ReportFigure.Review.DISMISSED
    review = FigureReview.objects.get(figure=wrong)
    assert review.by == users["street"] and review.action == "dismissed"
    page = jd.get(reverse("workreports:report", args=[report.pk])).content.decode()
    assert '<span class="note">另有3个网格在建，报送含在建网格</span>' in page
    assert "已驳回" in page and "已确认" in page


def test_teach_a_phrase_then_check_again(jd, users, report):
    missing = by_text(report)["6条"]
    url = reverse("workreports:teach", args=[report.pk, missing.pk])
    response = jd.post(url, {"figure_key": "no_such_figure"})
    assert response.status_code == 400 and "没有这个指标" in response.content.decode()
    matched = by_text(report)["6人"]
    response = jd.post(
        reverse("workreports:teach", args=[report.pk, matched.pk]), {"figure_key": "residents"}
    )
    assert response.status_code == 400 and "只有“无数据”" in response.content.decode()
    assert not SubjectPhrase.objects.exists()

    response = jd.post(url, {"figure_key": "households"})
    assert response.status_code == 302
    phrase = SubjectPhrase.objects.get()
    assert (phrase.phrase, phrase.unit, phrase.figure_key) == ("健身步道", "条", "households")

    response = jd.post(reverse("workreports:recheck", args=[report.pk]))
    again = WorkReport.objects.exclude(pk=report.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workreports:report", args=[again.pk])
    assert by_text(again)["6条"].verdict == "match"
    assert by_text(report)["6条"].verdict == "no_data"  # the old report is kept as it was
    assert (again.title, again.region, again.year) == (report.title, report.region, 2026)


def test_recheck_of_an_uploaded_file_reads_the_file_again(jd, world):
    check(jd, world, file=SimpleUploadedFile("r.txt", TEXT.encode()))
    first = WorkReport.objects.get()
    jd.post(reverse("workreports:recheck", args=[first.pk]))
    again = WorkReport.objects.exclude(pk=first.pk).get()
    assert again.source == WorkReport.Source.TEXT and bytes(again.original) == TEXT.encode()
    assert again.filename == "r.txt"


def test_the_xlsx_holds_the_figures(jd, report):
    response = jd.get(reverse("workreports:xlsx", args=[report.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "稿件", "原文") and len(rows) == 6
    wrong = next(r for r in rows if r[2] == "5个")
    assert wrong[3] == "网格" and wrong[7] == "✗ 不一致" and wrong[8] == "3"
    failed = next(r for r in rows if r[2] == "300-500户")
    assert failed[10].count("网格") == 3


def test_another_streets_checker_gets_404_and_cannot_pick_this_street(client, world, users, report):
    figure = report.figures.first()
    other = client_of(client, users["elsewhere"])
    for url in (
        reverse("workreports:report", args=[report.pk]),
        reverse("workreports:xlsx", args=[report.pk]),
        reverse("workreports:original", args=[report.pk]),
    ):
        assert other.get(url).status_code == 404, url
    for url, data in (
        (
            reverse("workreports:figure_review", args=[report.pk, figure.pk]),
            {"action": "confirmed"},
        ),
        (reverse("workreports:teach", args=[report.pk, figure.pk]), {"figure_key": "grids"}),
        (reverse("workreports:recheck", args=[report.pk]), {}),
    ):
        assert other.post(url, data).status_code == 404, url
    page = other.get(reverse("workreports:index")).content.decode()
    assert report.title not in page and world.street.code not in page
    response = check(other, world, text=TEXT)
    assert response.status_code == 400 and "请选择核对单位" in response.content.decode()
    assert WorkReport.objects.count() == 1 and not FigureReview.objects.exists()


def test_a_figure_of_another_report_is_404(jd, world, report):
    check(jd, world, text=TEXT)
    other = WorkReport.objects.exclude(pk=report.pk).get()
    figure = other.figures.first()
    url = reverse("workreports:figure_review", args=[report.pk, figure.pk])
    assert jd.post(url, {"action": "confirmed"}).status_code == 404


@pytest.mark.parametrize("who", ["grid", "resident"])
def test_grid_workers_and_residents_get_403_and_see_no_report(client, world, users, report, who):
    someone = client_of(client, users[who])
    assert someone.get(reverse("workreports:index")).status_code == 403
    assert check(someone, world, text=TEXT).status_code == 403
    # No report is in their scope (a grid or a household holds no checking region): 404.
    figure = report.figures.first()
    assert someone.get(reverse("workreports:report", args=[report.pk])).status_code == 404
    url = reverse("workreports:figure_review", args=[report.pk, figure.pk])
    assert someone.post(url, {"action": "confirmed"}).status_code == 404
    assert someone.post(reverse("workreports:recheck", args=[report.pk])).status_code == 404
    assert WorkReport.objects.count() == 1 and not FigureReview.objects.exists()


def test_a_reader_who_may_not_check_this_region_gets_403_on_writes(jd, monkeypatch, report):
    """No role of today sees a report it may not check (the report's scope is its checking
    region, which only checkers' roles cover); should one ever, the page hides the forms
    and every write is 403 with its message."""
    monkeypatch.setattr(services, "may_check", lambda user, region: False)
    figure = by_text(report)["6条"]
    page = jd.get(reverse("workreports:report", args=[report.pk])).content.decode()
    assert "review-form" not in page and "teach-form" not in page and "重新核对" not in page
    for url, data in (
        (
            reverse("workreports:figure_review", args=[report.pk, figure.pk]),
            {"action": "confirmed"},
        ),
        (reverse("workreports:teach", args=[report.pk, figure.pk]), {"figure_key": "grids"}),
        (reverse("workreports:recheck", args=[report.pk]), {}),
    ):
        response = jd.post(url, data)
        assert response.status_code == 403, url
    assert not FigureReview.objects.exists() and not SubjectPhrase.objects.exists()
    assert WorkReport.objects.count() == 1


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("workreports:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"text": "  "}, "请上传报送文件或粘贴报送文字"),
        ({"file": SimpleUploadedFile("empty.txt", b"")}, "上传的文件是空的"),
        ({"file": SimpleUploadedFile("bad.pdf", b"%PDF-1.4\n garbage")}, "PDF文件已损坏"),
        ({"file": SimpleUploadedFile("old.doc", b"\xd0\xcf\x11\xe0" + b"x" * 40)}, "DOCX"),
        ({"text": TEXT, "year": "abc"}, "年份"),
        ({"text": TEXT, "year": "1800"}, "年份"),
        ({"text": TEXT, "year": "２０２６"}, "年份"),
        ({"text": TEXT, "region": ""}, "请选择核对单位"),
        ({"text": TEXT, "region": "150105001001001"}, "请选择核对单位"),
        ({"text": "没有任何内容的一句话"}, "没有读出任何稿件"),
    ],
)
def test_bad_inputs_are_400_and_write_nothing(jd, world, fields, message):
    response = check(jd, world, **fields)
    page = response.content.decode()
    assert response.status_code == 400 and message in page, page[:3000]
    assert 'role="alert"' in page
    assert not WorkReport.objects.exists()
    if fields.get("text", "").strip():
        assert "2026年工作简报" in page or "没有任何内容" in page  # what was typed is kept
