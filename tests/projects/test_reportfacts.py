"""What a work report may say of a place's projects: the deliverable its words name (in a
compatible measure word) with its measured value, the compounds merged (the former ones and
the one they became), for a community and the street above it, each opening the project's
page; another community's projects stay out, and a subject the projects do not know gives
nothing."""

from banshi.core.reportfacts import Claim, place_facts
from banshi.projects import reportfacts, services
from banshi.projects.models import CompoundMerge, Deliverable, Project
from banshi.territory.models import Building

from .conftest import AT, D, deliverable


def facts(region, subject, unit):
    return reportfacts.place_facts(region, Claim(subject=subject, unit=unit, period=None))


def test_deliverables_named_in_other_words(world, project, users):
    services.progress_report(
        deliverable=deliverable(project, "规划停车位"),
        measured="68",
        on=D(2026, 9, 1),
        user=users.community,
        now=AT,
    )
    services.progress_report(
        deliverable=deliverable(project, "门禁及停车道闸"),
        measured="2",
        on=D(2026, 9, 1),
        user=users.community,
        now=AT,
    )
    for region in (world.community, world.street):
        [parking] = facts(region, "停车位", "个")
        assert (parking.key, parking.label, parking.value) == (
            "projects.deliverable",
            "规划停车位",
            68,
        )
        assert parking.url == f"/projects/{project.pk}/"
        [barriers] = facts(region, "停车起降杆", "套")
        assert (barriers.label, barriers.value) == ("门禁及停车道闸", 2)
        assert [f.label for f in facts(region, "门禁系统", "套")] == ["门禁及停车道闸"]
        [green] = facts(region, "绿化面积", "平方米")
        assert (green.label, green.value) == ("新增绿地", 0)  # nothing reported yet
    assert facts(world.community2, "停车位", "个") == []
    via = place_facts(world.community, Claim("停车位", "个", None))
    assert [(f.key, f.value) for f in via] == [("projects.deliverable", 68)]


def test_a_measure_word_that_does_not_fit_or_an_unknown_subject_gives_nothing(world, project):
    assert facts(world.community, "停车位", "平方米") == []
    assert facts(world.community, "绿化面积", "个") == []
    assert facts(world.community, "表扬信", "封") == []
    assert facts(world.community, "", "") == []


def test_a_merge_answers_both_counts(world, project, users):
    Building.objects.filter(grid=world.grid1).update(name="粮油小区1号楼")
    Building.objects.filter(grid=world.grid2).update(name="画报社小区1号楼")
    services.compounds_merge(
        region=world.community,
        names=["粮油小区", "画报社小区"],
        new_name="合一小区",
        on=D(2026, 10, 1),
        project=project,
        user=users.community,
    )
    found = facts(world.street, "小区", "个")
    assert [(f.key, f.value) for f in found] == [
        ("projects.compounds_merged", 2),
        ("projects.compound_merged_into", 1),
    ]
    assert {f.url for f in found} == {f"/projects/{project.pk}/"}
    assert facts(world.community2, "小区", "个") == []


def test_a_merge_without_a_project_opens_the_projects_list(world, users):
    CompoundMerge.objects.create(
        region=world.community,
        merged_names=["甲院", "乙院", "丙院"],
        new_name="三合一",
        on=D(2026, 10, 1),
        at=AT,
    )
    [merged, into] = facts(world.community, "小区", "个")
    assert (merged.value, into.value, merged.url) == (3, 1, "/projects/")


def test_the_url_opens_the_project_in_scope_only(world, project, login, users):
    [parking] = facts(world.community, "停车位", "个")
    page = login(users.street).get(parking.url)
    assert page.status_code == 200 and "规划停车位" in page.content.decode()
    assert login(users.other).get(parking.url).status_code == 404


def test_names_match_by_containment_or_the_same_thing():
    assert reportfacts.names_match("停车位", "规划停车位")
    assert reportfacts.names_match("新增绿地面积", "新增绿地")
    assert reportfacts.names_match("绿化面积", "新增绿地")
    assert not reportfacts.names_match("停车起降杆", "规划停车位")
    assert not reportfacts.names_match("", "规划停车位")


def test_deliverables_of_finished_and_other_projects_each_answer(world, project, users):
    second = services.project_create(
        region=world.community2,
        title="车位改造",
        starts_on=D(2026, 4, 1),
        due_on=D(2026, 10, 31),
        deliverables=[("新增车位", "个", "20", 1)],
        buildings=[],
        budget="0",
        user=users.street,
        now=AT,
    )
    Deliverable.objects.filter(project=second).update(measured=20)
    found = facts(world.street, "停车位", "个")
    assert sorted((f.label, f.value) for f in found) == [("新增车位", 20), ("规划停车位", 0)]
    assert Project.objects.count() == 2
