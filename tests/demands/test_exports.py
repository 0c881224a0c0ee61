"""Excel exports of the demand list (any filter, so every figure's records) and of the
ranking: same scope as the pages, masked contact, formula-safe text, audited."""

import io

import openpyxl

from banshi.access.models import AuditEvent
from banshi.demands.exports import DEMAND_HEADERS, RANKING_HEADERS
from tests.demands.conftest import walk

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_the_list_export_holds_what_the_list_shows_in_the_users_scope(
    world, people, submit, t0, client_for
):
    mine = [submit(user=people.resident, grid=0, at=t0) for _ in range(3)]
    other = submit(grid=2, at=t0, reporter_name="王小明", reporter_phone="13912345678")
    walk(mine[0], people, at=t0)
    rows = sheet_rows(client_for(people.grid1).get("/demands/export.xlsx"))
    assert rows[0] == DEMAND_HEADERS
    codes = {r[0] for r in rows[1:]}
    assert codes == {d.tracking_code for d in mine}  # grid 1 only
    assert other.tracking_code not in codes
    # the street sees all four; the contact leaves masked
    rows = sheet_rows(client_for(people.street).get("/demands/export.xlsx"))
    by_code = {r[0]: dict(zip(DEMAND_HEADERS, r, strict=True)) for r in rows[1:]}
    assert set(by_code) == {d.tracking_code for d in [*mine, other]}
    assert by_code[other.tracking_code]["联系电话"] == "139****5678"
    assert by_code[other.tracking_code]["联系人"] == "王**"
    assert "13912345678" not in str(rows) and "王小明" not in str(rows)
    assert by_code[mine[0].tracking_code]["状态"] == "已评价"
    assert by_code[mine[0].tracking_code]["评价"] == "满意"


def test_the_list_export_follows_the_filters_and_a_figure_drill_down(
    world, people, submit, t0, client_for
):
    done = submit(user=people.resident, at=t0)
    walk(done, people, at=t0)
    submit(user=people.resident, at=t0)  # dispatched, never signed
    c = client_for(people.street)
    unit = f"grid:{world.grid1.code}"
    query = {"unit": unit, "period": "2026-11", "figure": "responded_in_time"}
    listed = c.get("/demands/", query)
    assert listed.context["count"] == 1
    html = listed.content.decode()
    assert 'id="export-link"' in html
    rows = sheet_rows(c.get("/demands/export.xlsx", query))
    assert [r[0] for r in rows[1:]] == [done.tracking_code]
    rows = sheet_rows(c.get("/demands/export.xlsx", {"state": "dispatched"}))
    assert len(rows) == 2 and rows[1][0] != done.tracking_code


def test_the_export_is_audited_with_its_row_count_and_filters(world, people, submit, client_for):
    submit(user=people.resident)
    submit(user=people.resident, code="noise")
    client_for(people.street).get("/demands/export.xlsx", {"category": "noise"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, user=people.street)
    assert event.object_type == "demands.Demand" and event.rows == 1
    assert "category=noise" in event.changes["filters"]


def test_text_that_looks_like_a_formula_stays_text(world, people, submit, client_for):
    submit(user=people.resident, text='=HYPERLINK("http://example.invalid","点我")楼道堵塞')
    book = openpyxl.load_workbook(
        io.BytesIO(client_for(people.street).get("/demands/export.xlsx").content)
    )
    cell = book.worksheets[0].cell(row=2, column=DEMAND_HEADERS.index("诉求内容") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_bad_filters_answer_400_in_chinese_and_nothing_is_audited(world, people, client_for):
    c = client_for(people.street)
    r = c.get("/demands/export.xlsx", {"unit": "nowhere"})
    assert r.status_code == 400 and "无法导出" in r.content.decode()
    r = c.get("/demands/export.xlsx", {"figure": "responded_in_time"})  # no month
    assert r.status_code == 400 and "需要指定月份" in r.content.decode()
    r = c.get("/demands/ranking/export.xlsx", {"period": "11-2026"})
    assert r.status_code == 400 and "无法导出" in r.content.decode()
    r = c.get("/demands/ranking/export.xlsx", {"period": "2026-11", "level": "bogus"})
    assert r.status_code == 400
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_ranking_export_matches_the_ranking_page(world, people, submit, t0, client_for):
    walk(submit(user=people.resident, at=t0), people, at=t0)
    submit(user=people.resident, at=t0)
    submit(user=people.resident, grid=2, at=t0)
    c = client_for(people.street)
    query = {"period": "2026-11", "level": "grid"}
    page = c.get("/demands/ranking/", query)
    assert 'id="export-link"' in page.content.decode()
    rows = sheet_rows(c.get("/demands/ranking/export.xlsx", query))
    assert rows[0] == RANKING_HEADERS
    # A unit with nothing to count has no rank and no score: its trailing cells are empty.
    width = len(RANKING_HEADERS)
    table = [
        dict(zip(RANKING_HEADERS, [*r, *[None] * (width - len(r))], strict=True)) for r in rows[1:]
    ]
    assert [(t["名次"], t["承办单位"]) for t in table] == [
        (r["rank"], r["name"]) for r in page.context["rows"]
    ]
    first = next(t for t in table if t["承办单位"] == world.grid1.name)
    assert (first["派单数"], first["按时签收"], first["响应率(%)"]) == (2, 1, 50.0)
    assert (first["已评价"], first["满意及基本满意"], first["满意率(%)"]) == (1, 1, 100.0)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.rows == len(table) and event.changes == {"level": "grid", "period": "2026-11"}


def test_the_exports_need_login(db, client):
    for url in ("/demands/export.xlsx", "/demands/ranking/export.xlsx"):
        r = client.get(url)
        assert r.status_code == 302 and "/login" in r["Location"]


def test_control_characters_do_not_break_the_export(world, people, submit, client_for):
    """XML cannot carry most control characters; one pasted into a description must not
    make every export that includes it fail."""
    d = submit(user=people.resident, text="楼道\x0b灯坏了\x01请修")
    rows = sheet_rows(client_for(people.street).get("/demands/export.xlsx"))
    row = dict(zip(DEMAND_HEADERS, rows[1], strict=True))
    assert row["查询码"] == d.tracking_code and row["诉求内容"] == "楼道灯坏了请修"


def test_headers_follow_the_users_language(world, people, submit, client_for):
    submit(user=people.resident)
    c = client_for(people.street)
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    rows = sheet_rows(c.get("/demands/export.xlsx"))
    assert rows[0][0] == "Query code" and "查询码" not in rows[0]
