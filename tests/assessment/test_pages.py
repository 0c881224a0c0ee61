"""The assessment pages: the schemes in scope, a scheme's page with a sheet form per
branch for assessors and the county's decide button; bad input re-renders with its
message and 400; out of scope 404; a write by someone who may not is 403; the XLSX."""

import io

import openpyxl

from banshi.assessment.models import AssessmentResult, AssessmentSheet


def form(scheme, branch, *points, cases=()):
    data = {"branch": branch.pk}
    for item, p in zip(scheme.items.all(), points, strict=True):
        data[f"item_{item.pk}"] = p
    for case in cases:
        data[f"case_{case.pk}"] = "1"
        data[f"note_{case.pk}"] = "说明"
    return data


def test_the_list_and_the_scheme_page_by_role(places, staff, scheme, login):
    for user in (staff.county, staff.town):
        assert scheme.name in login(user).get("/assessment/").content.decode()
        page = login(user).get(f"/assessment/{scheme.pk}/").content.decode()
        assert "抓党建" in page and "获市级以上表彰" in page
        assert places.a.branch.name in page
    town = login(staff.town).get(f"/assessment/{scheme.pk}/").content.decode()
    assert places.c.branch.name not in town
    assert "确定考核结果" not in town
    assert "确定考核结果" in login(staff.county).get(f"/assessment/{scheme.pk}/").content.decode()
    assert login(staff.county).get("/assessment/987654/").status_code == 404
    # The village's secretary reads the scheme but has no sheet form.
    own = login(staff.secretary).get(f"/assessment/{scheme.pk}/").content.decode()
    assert "抓党建" in own and "填写考核表" not in own


def test_a_sheet_through_the_page_and_the_decision(places, staff, scheme, login):
    url = f"/assessment/{scheme.pk}/sheet/"
    bonus = scheme.case["bonus"]
    r = login(staff.town).post(
        url, form(scheme, places.a.branch, 23, 22, 18, 14, 13, cases=[bonus])
    )
    assert r.status_code == 302
    sheet = AssessmentSheet.objects.get()
    assert sheet.assessor == staff.town and sheet.applied.get().case == bonus
    # Not a branch the township sees: a message, nothing written.
    r = login(staff.town).post(url, form(scheme, places.c.branch, 1, 1, 1, 1, 1))
    assert r.status_code == 400 and "请选择村党组织" in r.content.decode()
    r = login(staff.town).post(url, form(scheme, places.a.branch, 99, 1, 1, 1, 1))
    assert r.status_code == 400 and "之间" in r.content.decode()
    r = login(staff.town).post(url, form(scheme, places.a.branch, "x", 1, 1, 1, 1))
    assert r.status_code == 400 and "应为数字" in r.content.decode()
    r = login(staff.town).post(url, {"branch": "abc"})
    assert r.status_code == 400
    assert (
        login(staff.other_town).post(url, form(scheme, places.a.branch, 1, 1, 1, 1, 1)).status_code
        == 400
    )
    assert AssessmentSheet.objects.count() == 1
    decide = f"/assessment/{scheme.pk}/decide/"
    assert login(staff.town).post(decide).status_code == 403
    assert login(staff.county).post(decide).status_code == 302
    result = AssessmentResult.objects.get()
    assert result.score == 93 and result.grade == "excellent"
    page = login(staff.county).get(f"/assessment/{scheme.pk}/").content.decode()
    assert "优秀" in page and "93.00" in page and "填写考核表" not in page
    r = login(staff.town).post(url, form(scheme, places.a.branch, 1, 1, 1, 1, 1))
    assert r.status_code == 400 and "不能再修改" in r.content.decode()
    assert login(staff.county).post(decide).status_code == 400


def test_the_results_xlsx(places, staff, scheme, login):
    login(staff.county).post(
        f"/assessment/{scheme.pk}/sheet/", form(scheme, places.c.branch, 20, 20, 15, 10, 10)
    )
    login(staff.county).post(f"/assessment/{scheme.pk}/decide/")
    xlsx = login(staff.county).get(f"/assessment/{scheme.pk}/results.xlsx")
    assert xlsx.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("名次", "村党组织", "书记", "得分", "等次", "一票否决")
    assert rows[1][:2] == (1, places.c.branch.name) and rows[1][3:] == (75, "合格", "否")
    # The township sees the scheme but not 宏河镇's result.
    town = login(staff.town).get(f"/assessment/{scheme.pk}/results.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(town.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1
    # A county elsewhere sees nothing of it.
    assert login(staff.elsewhere).get(f"/assessment/{scheme.pk}/").status_code == 404
    assert login(staff.elsewhere).get(f"/assessment/{scheme.pk}/results.xlsx").status_code == 404
