"""The red-flag pages: a village declares through the form (with a file), the township
first-reviews and the county walks the rest through the declaration page; out of scope is
404, the wrong role 403, bad input 400 with its message; the 报备 report and its XLSX
count what the records hold."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from banshi.redflags import services
from banshi.redflags.models import Declaration, Evidence, Flag

from .conftest import DAY, evidence_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def _form(scheme, village, flag=Flag.PARTY, **extra):
    data = {"flag": flag, "village": village.code}
    for i in scheme.indicators.filter(flag=flag):
        data[f"text_{i.pk}"] = f"{i.name}已落实"
        data[f"score_{i.pk}"] = str(i.weight - 2)
    data.update(extra)
    return data


def test_a_village_declares_through_the_form(places, scheme, users, login):
    secretary = login(users.secretary)
    page = secretary.get(f"/redflags/schemes/{scheme.pk}/")
    assert page.status_code == 200 and "提交申报" in page.content.decode()
    first = scheme.indicators.filter(flag=Flag.PARTY).first()
    data = _form(scheme, places.a.region)
    data[f"file_{first.pk}"] = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    response = secretary.post(f"/redflags/schemes/{scheme.pk}/declare/", data)
    d = Declaration.objects.get()
    assert response.status_code == 302 and response.url == f"/redflags/declarations/{d.pk}/"
    assert d.self_score == 100 - 5 * 2
    e = Evidence.objects.get(declaration=d, indicator=first)
    assert e.content_type == "image/png"
    assert secretary.get(f"/redflags/evidence/{e.pk}/file/").status_code == 200
    assert login(users.other_town).get(f"/redflags/evidence/{e.pk}/file/").status_code == 404


def test_bad_input_is_a_400_with_its_message(places, scheme, users, login):
    secretary = login(users.secretary)
    first = scheme.indicators.filter(flag=Flag.PARTY).first()
    data = _form(scheme, places.a.region, **{f"score_{first.pk}": "999"})
    response = secretary.post(f"/redflags/schemes/{scheme.pk}/declare/", data)
    assert response.status_code == 400 and "自评分须在0到" in response.content.decode()
    data = _form(scheme, places.a.region)
    data[f"file_{first.pk}"] = SimpleUploadedFile("a.png", b"MZ not an image")
    response = secretary.post(f"/redflags/schemes/{scheme.pk}/declare/", data)
    assert response.status_code == 400 and "格式不支持" in response.content.decode()
    # Another township's village is one the secretary cannot name.
    response = secretary.post(
        f"/redflags/schemes/{scheme.pk}/declare/", _form(scheme, places.c.region)
    )
    assert response.status_code == 400 and "村不存在" in response.content.decode()
    assert not Declaration.objects.exists()
    county = login(users.county)
    response = county.post(
        f"/redflags/schemes/{scheme.pk}/indicators/",
        {"flag": Flag.PARTY, "items": "只有一项|100|标准"},
    )
    assert response.status_code == 400 and "5至10项" in response.content.decode()


def test_the_chain_through_the_declaration_page(places, scheme, users, login):
    d = services.declaration_submit(
        scheme=scheme,
        village=places.a.region,
        flag=Flag.PARTY,
        evidence=evidence_for(scheme),
        on=DAY,
        user=users.secretary,
    )
    url = f"/redflags/declarations/{d.pk}/"
    town, county, other = login(users.town), login(users.county), login(users.other_town)
    assert other.get(url).status_code == 404
    assert login(users.secretary).post(url + "first_review/", {}).status_code == 403
    assert county.post(url + "decide/", {"passed": "yes", "opinion": "同意"}).status_code == 400
    assert "乡镇初审" in town.get(url).content.decode()
    response = town.post(url + "first_review/", {"passed": "yes", "opinion": "同意", "score": ""})
    assert response.status_code == 400 and "初审得分" in response.content.decode()
    ok = town.post(url + "first_review/", {"passed": "yes", "opinion": "同意", "score": "90"})
    assert ok.status_code == 302
    assert town.post(url + "decide/", {"passed": "yes", "opinion": "同意"}).status_code == 403
    assert county.post(url + "decide/", {"passed": "yes", "opinion": "同意"}).status_code == 302
    assert county.post(url + "notice/", {"on": "2026-03-02"}).status_code == 302
    county.post(url + "object/", {"raised_by": "村民", "content": "不实", "on": "2026-03-03"})
    o = d.objections.get()
    settle = f"/redflags/objections/{o.pk}/settle/"
    assert other.post(settle, {"upheld": "no", "opinion": "x"}).status_code == 404
    assert county.post(settle, {"upheld": "no", "opinion": "经核实不成立"}).status_code == 302
    assert county.post(url + "award/", {"on": "2026-03-06"}).status_code == 400
    assert county.post(url + "award/", {"on": "2026-03-09"}).status_code == 302
    d.refresh_from_db()
    assert d.status == Declaration.Status.AWARDED
    response = county.post(
        url + "review/", {"half": "1", "score": "50", "opinion": "指标下滑", "on": "2026-06-20"}
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == Declaration.Status.REVOKED and d.revoked_reason == "指标下滑"
    assert county.post(url + "nonsense/", {}).status_code == 404


def test_the_report_counts_what_the_records_hold(places, scheme, users, login):
    for village, flag in ((places.a, Flag.PARTY), (places.a, Flag.ECOLOGY), (places.c, Flag.PARTY)):
        d = services.declaration_submit(
            scheme=scheme,
            village=village.region,
            flag=flag,
            evidence=evidence_for(scheme, flag),
            on=DAY,
        )
        if village is places.a and flag == Flag.PARTY:
            services.declaration_first_review(declaration=d, passed=True, opinion="同意", score=90)
            services.declaration_decide(declaration=d, passed=True, opinion="同意")
            services.declaration_notice(declaration=d, on=DAY)
            services.declaration_award(declaration=d, on="2026-03-10")
    county = login(users.county)
    page = county.get(f"/regions/{places.county.code}/redflags/?year=2026")
    body = page.content.decode()
    assert page.status_code == 200 and "1 / 1 / 0" in body
    # 杨家窑村 (declared nothing) and 石板沟村 (declared, holds nothing) lag behind.
    assert (
        "杨家窑村" in body
        and "石板沟村" in body
        and "王桂窑村" not in body.split('id="lagging"')[1]
    )
    assert county.get(f"/regions/{places.county.code}/redflags/?year=20x6").status_code == 400
    xlsx = county.get(f"/regions/{places.county.code}/redflags/report.xlsx?year=2026")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    total = next(r for r in rows if r[0] == "合计")
    assert total[1] == 3 and total[2:5] == [1, 2, 0]  # 党建引领: held, declared, revoked
    town = next(r for r in rows if r[0] == "城关镇")
    assert town[1] == 2 and town[2:5] == [1, 1, 0]
    assert login(users.other_town).get(f"/regions/{places.town.code}/redflags/").status_code == 404


def test_a_village_s_staff_declare_for_their_village_only_with_links_on_the_site(
    places, scheme, users, login
):
    staff = login(users.staff)
    page = staff.get(f"/redflags/schemes/{scheme.pk}/").content.decode()
    assert 'value="150124100202"' in page and 'value="150124100201"' not in page
    first = scheme.indicators.filter(flag=Flag.PARTY).first()
    for bad in ("//evil.example/x", "/\\evil.example", "https://evil.example/"):
        data = _form(scheme, places.b.region, **{f"link_{first.pk}": bad})
        response = staff.post(f"/redflags/schemes/{scheme.pk}/declare/", data)
        assert response.status_code == 400 and "本平台的页面地址" in response.content.decode()
    data = _form(scheme, places.b.region, **{f"link_{first.pk}": "/villages/150124100202/"})
    assert staff.post(f"/redflags/schemes/{scheme.pk}/declare/", data).status_code == 302
    assert Evidence.objects.get(indicator=first).link == "/villages/150124100202/"
