"""The staff's forms that make a project or change its shape: a new project through its
page (records and redirect; each bad input 400 with its message, what was typed kept and
nothing written; 403 to a user who manages no community; another community refused), a
deliverable more on the project's page, and a compounds merge recorded from it (five
compounds into one, buildings and households kept; bad choices 400)."""

import pytest

from banshi.people.models import Resident
from banshi.projects.models import CompoundMerge, Deliverable, Project
from banshi.projects.services.compounds import compound_names
from banshi.territory.models import Building, Household, Region

from .conftest import D

FIVE = ["粮油小区", "画报社小区", "二轻工艺美术小区", "教育局宿舍", "协作办小区"]


@pytest.fixture
def compounds(world):
    """乌兰社区's buildings as five compounds: 粮油小区 in the first grid, the other four in
    the second (画报社小区 has the grid's own building and its households)."""
    Building.objects.filter(grid=world.grid1).update(name="粮油小区1号楼")
    Building.objects.filter(grid=world.grid2).update(name="画报社小区1号楼")
    for n, name in enumerate(FIVE[2:], start=2):
        Building.objects.create(grid=world.grid2, number=f"{n}号楼", name=f"{name}{n}号楼")
    Building.objects.filter(grid=world.grid3).update(name="工大小区1号楼")
    return world


@pytest.fixture
def stranger(world, make_user):
    """A community worker of another street."""
    street = Region.objects.create(
        code="150105002000", name="昭乌达路街道", kind="street", parent=world.district
    )
    community = Region.objects.create(
        code="150105002001", name="昭乌达社区", kind="community", parent=street
    )
    return make_user("stranger", "community", region=community)


def _new(world, **kw):
    data = {
        "region": world.community.pk,
        "title": "加装电梯",
        "summary": "两部电梯",
        "budget": "120000",
        "starts_on": "2026-05-01",
        "due_on": "2026-09-30",
        "compound": ["画报社小区"],
        "building": [Building.objects.get(grid=world.grid1).pk],
        "d_name": ["电梯", "无障碍坡道", "", "", ""],
        "d_unit": ["部", "处", "", "", ""],
        "d_target": ["2", "1", "", "", ""],
        "d_weight": ["3", "1", "1", "1", "1"],
    }
    return {**data, **kw}


def test_a_project_created_through_its_page(compounds, users, login):
    world = compounds
    client = login(users.community)
    assert 'id="project-new"' in client.get("/projects/").content.decode()
    page = client.get("/projects/new/").content.decode()
    # one community: chosen already, its compounds offered
    assert 'id="project-form"' in page and "乌兰社区" in page
    assert 'value="粮油小区"' in page and 'value="教育局宿舍"' in page
    assert "工大小区" not in page
    r = client.post("/projects/new/", _new(world))
    project = Project.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/projects/{project.pk}/"
    assert project.region == world.community and project.title == "加装电梯"
    assert project.budget == 120000 and project.status == "planned"
    assert (project.starts_on, project.due_on) == (D(2026, 5, 1), D(2026, 9, 30))
    place = set(project.buildings.values_list("name", flat=True))
    assert place == {"粮油小区1号楼", "画报社小区1号楼"}
    rows = list(project.deliverables.values_list("name", "unit", "target", "weight", "order"))
    assert rows == [("电梯", "部", 2, 3, 0), ("无障碍坡道", "处", 1, 1, 1)]
    shown = client.get(r["Location"]).content.decode()
    assert "无障碍坡道" in shown and "画报社小区1号楼" in shown


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": " "}, "请填写项目名称"),
        ({"starts_on": "五月"}, "请填写有效的开工日期"),
        ({"due_on": "2026-04-01"}, "计划完成日期不能早于开工日期"),
        ({"budget": "很多"}, "预算应为数字"),
        ({"budget": "-5"}, "预算不能为负数"),
        ({"d_weight": ["0", "1", "1", "1", "1"]}, "权重应为1到100的整数"),
        ({"d_weight": ["abc", "1", "1", "1", "1"]}, "权重应为1到100的整数"),
        ({"d_weight": ["1000", "1", "1", "1", "1"]}, "权重应为1到100的整数"),
        ({"d_target": ["0", "1", "", "", ""]}, "目标值应大于0"),
        ({"d_unit": ["", "处", "", "", ""]}, "请填写单位"),
        ({"d_name": ["电梯", "电梯", "", "", ""]}, "建设内容“电梯”重复"),
        ({"d_name": ["", "无障碍坡道", "", "", ""]}, "请填写建设内容"),
        ({"compound": ["工大小区"]}, "本社区没有小区：工大小区"),
        ({"building": ["x"]}, "受益楼栋须在本社区内"),
        ({"region": "abc"}, "请选择社区"),
    ],
)
def test_bad_input_is_refused_keeping_what_was_typed(compounds, users, login, change, message):
    client = login(users.community)
    r = client.post("/projects/new/", _new(compounds, **change))
    page = r.content.decode()
    assert r.status_code == 400 and message in page
    # the form again, filled in as it was posted
    assert 'id="project-form"' in page and "两部电梯" in page
    if "compound" not in change:
        assert 'value="画报社小区" checked' in page
    typed = _new(compounds, **change)
    for field in ("title", "budget", "starts_on", "due_on"):
        assert f'value="{typed[field]}"' in page, field
    if "d_name" not in change:
        assert 'value="无障碍坡道"' in page
    assert not Project.objects.exists() and not Deliverable.objects.exists()


def test_the_street_chooses_a_community_and_is_kept_to_it(compounds, users, login):
    world = compounds
    client = login(users.street)
    page = client.get("/projects/new/").content.decode()
    assert 'id="region-pick"' in page and 'id="project-form"' not in page
    assert "乌兰社区" in page and "内工大社区" in page
    page = client.get(f"/projects/new/?region={world.community2.pk}").content.decode()
    assert 'id="project-form"' in page and 'value="工大小区"' in page
    assert 'value="粮油小区"' not in page
    # a building of the other community is not part of this one's place
    other = Building.objects.get(grid=world.grid3)
    r = client.post("/projects/new/", _new(world, compound=[], building=[other.pk]))
    assert r.status_code == 400 and "受益楼栋须在本社区内" in r.content.decode()
    r = client.post("/projects/new/", _new(world, region=world.community2.pk, compound=[]))
    assert r.status_code == 400 and "受益楼栋须在本社区内" in r.content.decode()
    assert not Project.objects.exists()
    ok = _new(world, region=world.community2.pk, compound=["工大小区"], building=[])
    assert client.post("/projects/new/", ok).status_code == 302
    assert Project.objects.get().region == world.community2


def test_who_may_not_create_is_refused(compounds, users, stranger, login):
    world = compounds
    for user in (users.resident, users.grid, users.nobody):
        client = login(user)
        assert 'id="project-new"' not in client.get("/projects/").content.decode()
        assert client.get("/projects/new/").status_code == 403
        assert client.post("/projects/new/", _new(world)).status_code == 403
    # a community out of the user's territory is not offered, and refused when posted
    for user in (users.other, stranger):
        client = login(user)
        assert "乌兰社区" not in client.get("/projects/new/").content.decode()
        r = client.post("/projects/new/", _new(world, compound=[], building=[]))
        assert r.status_code == 400 and "请选择社区" in r.content.decode()
    assert not Project.objects.exists()


def test_a_deliverable_added_on_the_project_page(project, users, stranger, login):
    url = f"/projects/{project.pk}/deliverables/"
    client = login(users.community)
    assert 'id="deliverable-add"' in client.get(f"/projects/{project.pk}/").content.decode()
    ok = {"name": "健身器材", "unit": "套", "target": "4", "weight": "2"}
    r = client.post(url, ok)
    assert r.status_code == 302 and r["Location"] == f"/projects/{project.pk}/"
    added = project.deliverables.get(name="健身器材")
    assert (added.unit, added.target, added.weight, added.order) == ("套", 4, 2, 3)
    for bad, message in (
        ({**ok, "name": "规划停车位"}, "建设内容“规划停车位”重复"),
        ({**ok, "name": "", "unit": "套"}, "请填写建设内容"),
        ({**ok, "name": "路灯", "weight": "101"}, "权重应为1到100的整数"),
        ({**ok, "name": "路灯", "target": "-1"}, "目标值应大于0"),
        ({**ok, "name": "路灯", "unit": ""}, "请填写单位"),
    ):
        r = client.post(url, bad)
        page = r.content.decode()
        assert r.status_code == 400 and message in page
        assert 'id="deliverable-add" open' in page  # the form open again, as typed
    assert 'value="路灯"' in page
    assert login(users.resident).post(url, {**ok, "name": "路灯"}).status_code == 403
    assert login(users.other).post(url, {**ok, "name": "路灯"}).status_code == 404
    assert login(stranger).post(url, {**ok, "name": "路灯"}).status_code == 404
    assert project.deliverables.count() == 4
    # a finished project takes no more
    client.post(f"/projects/{project.pk}/status/", {"to": "finished", "on": "2026-10-30"})
    r = client.post(url, {**ok, "name": "路灯"})
    assert r.status_code == 400 and "项目已完成" in r.content.decode()
    assert 'id="deliverable-add"' not in client.get(f"/projects/{project.pk}/").content.decode()
    assert project.deliverables.count() == 4


def test_five_compounds_merged_into_one_from_the_page(compounds, project, users, login):
    world = compounds
    url = f"/projects/{project.pk}/merge/"
    before = (Building.objects.count(), Household.objects.count(), Resident.objects.count())
    client = login(users.community)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'id="merge"' in page and all(f'value="{n}"' in page for n in FIVE)
    assert "工大小区" not in page
    r = client.post(url, {"names": FIVE, "new_name": "乌兰社区五院合一小区", "on": "2026-10-01"})
    assert r.status_code == 302 and r["Location"] == f"/projects/{project.pk}/"
    merge = CompoundMerge.objects.get()
    assert merge.project == project and merge.region == world.community
    assert merge.merged_names == FIVE and merge.on == D(2026, 10, 1) and merge.by == users.community
    assert merge.moves.count() == 5
    assert (Building.objects.count(), Household.objects.count(), Resident.objects.count()) == before
    names = compound_names(Building.objects.filter(grid__community=world.community))
    assert set(names.values()) == {"乌兰社区五院合一小区"}
    shown = client.get(f"/projects/{project.pk}/").content.decode()
    assert f'data-merge="{merge.pk}"' in shown
    assert "→ 乌兰社区五院合一小区" in shown and "5 栋楼并入" in shown
    # one compound left: nothing more to merge, no form
    assert 'id="merge"' not in shown


def test_bad_merges_are_refused_on_the_page(compounds, project, users, stranger, login):
    url = f"/projects/{project.pk}/merge/"
    client = login(users.community)
    ok = {"names": ["粮油小区", "画报社小区"], "new_name": "合一小区", "on": "2026-10-01"}
    for bad, message in (
        ({**ok, "names": ["粮油小区"]}, "请至少选择两个不同的小区合并"),
        ({**ok, "names": []}, "请至少选择两个不同的小区合并"),
        ({**ok, "names": ["粮油小区", "粮油小区"]}, "请至少选择两个不同的小区合并"),
        ({**ok, "names": ["粮油小区", "工大小区"]}, "本社区没有小区：工大小区"),
        ({**ok, "new_name": " "}, "请填写合并后名称"),
        ({**ok, "new_name": "教育局宿舍"}, "本社区已有小区“教育局宿舍”"),
        ({**ok, "on": "十月"}, "请填写有效的合并日期"),
    ):
        r = client.post(url, bad)
        page = r.content.decode()
        assert r.status_code == 400 and message in page, bad
        assert 'id="merge" open' in page
    assert not CompoundMerge.objects.exists()
    assert login(users.resident).post(url, ok).status_code == 403
    assert login(users.other).post(url, ok).status_code == 404
    assert login(stranger).post(url, ok).status_code == 404
    assert not CompoundMerge.objects.exists()
    assert client.post(url, ok).status_code == 302
    # the compounds merged are gone under their old names
    r = client.post(url, {**ok, "names": ["粮油小区", "教育局宿舍"], "new_name": "新小区"})
    assert r.status_code == 400 and "小区“粮油小区”已并入“合一小区”" in r.content.decode()
    assert CompoundMerge.objects.count() == 1
