"""The public tracking page: no login, the progress only, no personal information; the
reporter of a merged duplicate sees the primary's progress."""

from banshi.demands import services
from tests.demands.conftest import walk

SECRETS = ("王小明", "13804719876", "138****9876", "王**", "楼道里堆满了垃圾", "居民1", "1单元101")


def test_tracking_shows_progress_and_no_personal_information(world, people, submit, t0, client):
    d = submit(
        user=people.resident,
        reporter_name="王小明",
        reporter_phone="13804719876",
        household=world.households[world.grid1.code][0],
        address="乌兰社区第一网格1号楼1单元101",
    )
    walk(d, people, at=t0, rating=None)
    r = client.get(f"/track/{d.tracking_code}/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "已办结" in html and "环境卫生" in html and "乌兰社区第一网格" in html
    for kind in ("受理", "派单", "签收", "开始办理", "办结"):
        assert kind in html
    for secret in SECRETS:
        assert secret not in html, secret
    assert "已联系物业清运完毕" not in html  # notes stay inside
    assert r["Cache-Control"] == "no-store"


def test_tracking_code_is_case_insensitive_and_unknown_is_404(world, people, submit, client):
    d = submit(user=people.resident)
    assert client.get(f"/track/{d.tracking_code.lower()}/").status_code == 200
    assert client.get("/track/ZZZZZZZZZZ/").status_code == 404
    r = client.get("/track/", {"code": d.tracking_code.lower()})
    assert r.status_code == 302 and r["Location"] == f"/track/{d.tracking_code}/"
    assert client.get("/track/").status_code == 200


def test_codes_are_short_random_and_distinct(world, submit):
    codes = {submit().tracking_code for _ in range(30)}
    assert len(codes) == 30
    assert all(len(c) == 10 and c.isalnum() and c.upper() == c for c in codes)
    assert not any(set(c) & set("ILOU") for c in codes)


def test_merged_reporter_follows_the_primary(world, people, submit, t0, client, client_for):
    primary = submit(user=people.resident_b, grid=0)
    mine = submit(user=people.resident)
    services.demand_merge(demand=mine, into=primary, user=people.street, now=t0)
    services.demand_sign(demand=primary, user=people.grid1, now=t0)
    html = client.get(f"/track/{mine.tracking_code}/").content.decode()
    assert "已签收" in html and "合并" in html
    assert primary.tracking_code not in html  # the other reporter's code stays private
    page = client_for(people.resident).get(f"/demands/{mine.pk}/").content.decode()
    assert "主诉求状态" in page and "已签收" in page
