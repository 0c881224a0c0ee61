"""Who sees which demand: a grid worker their grid's, a department what is dispatched (or
whistled) to it, a resident their own; everyone else gets 404, on the web and the API."""

import pytest
from rest_framework.test import APIClient

from banshi.demands import selectors, services
from banshi.demands.models import Demand
from banshi.demands.units import HandlingUnit


@pytest.fixture
def three(world, people, submit, t0):
    """Demands in grid 1 (by the resident), grid 3 (by the other resident), and one in
    grid 1 reassigned to the department."""
    a = submit(user=people.resident, at=t0)
    b = submit(grid=2, user=people.resident_b, at=t0)
    c = submit("property", at=t0)  # community 乌兰, point in grid 1
    services.demand_reassign(
        demand=c, user=people.street, unit=HandlingUnit.of_department(people.department), now=t0
    )
    return a, b, c


def visible(user):
    return set(selectors.demand_list(user=user).values_list("pk", flat=True))


def test_list_scopes(three, people):
    a, b, c = (d.pk for d in three)
    assert visible(people.grid1) == {a, c}  # located in grid 1
    assert visible(people.grid3) == {b}
    assert visible(people.grid2) == set()
    assert visible(people.community) == {a, c}
    assert visible(people.street) == {a, b, c}
    assert visible(people.dept) == {c}
    assert visible(people.dept2) == set()
    assert visible(people.resident) == {a}  # c was not submitted by them
    assert visible(people.resident_b) == {b}
    assert visible(people.nobody) == set()


def test_whistled_department_sees_the_demand(three, people, t0):
    a = three[0]
    assert a.pk not in visible(people.dept2)
    services.demand_escalate(demand=a, user=people.street, departments=[people.department2], now=t0)
    assert a.pk in visible(people.dept2)
    queue = selectors.demand_queue(user=people.dept2, now=t0)
    assert [d.pk for d in queue] == [a.pk]


@pytest.mark.parametrize(
    ("who", "index", "status"),
    [
        ("grid1", 0, 200),
        ("grid1", 1, 404),
        ("grid3", 0, 404),
        ("dept", 2, 200),
        ("dept", 0, 404),
        ("dept2", 2, 404),
        ("resident", 0, 200),
        ("resident", 1, 404),
        ("resident_b", 0, 404),
        ("nobody", 0, 404),
        ("community2", 0, 404),
    ],
)
def test_pages_and_api_answer_404_outside_the_scope(three, people, client_for, who, index, status):
    user = getattr(people, who)
    demand = three[index]
    assert client_for(user).get(f"/demands/{demand.pk}/").status_code == status
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(f"/api/v1/demands/{demand.pk}/").status_code == status
    # acting on it is 404 as well, before any other check
    if status == 404:
        assert client_for(user).post(f"/demands/{demand.pk}/act/sign/").status_code == 404
        assert api.post(f"/api/v1/demands/{demand.pk}/sign/", {}).status_code == 404


def test_photos_are_served_only_in_scope(world, people, submit, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.demands.conftest import JPEG

    d = submit(user=people.resident, photos=[SimpleUploadedFile("a.jpg", JPEG)])
    photo = d.photos.get()
    url = f"/demands/{d.pk}/photos/{photo.pk}/"
    r = client_for(people.grid1).get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    assert b"".join(r.streaming_content) == JPEG
    assert client_for(people.grid3).get(url).status_code == 404
    assert client_for(people.resident_b).get(url).status_code == 404


def test_queue_is_each_roles_work_overdue_first(world, people, submit, t0):
    import datetime

    early = submit(user=people.resident, at=t0)
    late = submit(user=people.resident, at=t0 + datetime.timedelta(hours=1))
    desk = submit("sanitation", lat=40.0, lng=111.0, region=world.street, at=t0)
    now = t0 + datetime.timedelta(hours=2, minutes=30)  # early's sign deadline has passed
    assert [d.pk for d in selectors.demand_queue(user=people.grid1, now=now)] == [
        early.pk,
        late.pk,
    ]
    q = list(selectors.demand_queue(user=people.grid1, now=now))
    assert q[0].late == 1 and q[1].late == 0
    assert [d.pk for d in selectors.demand_queue(user=people.street, now=now)] == [desk.pk]
    assert list(selectors.demand_queue(user=people.grid3, now=now)) == []


def test_intake_names_only_a_household_in_the_writers_scope(world, people, submit):
    """The service itself checks the place against the writer's scope (the forms and the
    API offer only their own): a grid worker cannot file a demand on another grid's
    household, a resident only on their own."""
    from django.core.exceptions import ValidationError

    foreign = world.households[world.grid3.code][0]
    own = world.households[world.grid1.code][0]
    before = Demand.objects.count()
    for user in (people.grid1, people.resident):
        with pytest.raises(ValidationError, match="所选的户不存在"):
            submit(user=user, household=foreign)
    with pytest.raises(ValidationError, match="所选的楼栋不存在"):
        submit(user=people.grid1, building=foreign.building)
    assert Demand.objects.count() == before
    assert submit(user=people.grid1, household=own).household_id == own.pk
