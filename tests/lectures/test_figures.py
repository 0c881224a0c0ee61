"""`lectures_held` and `lecture_audience` recount the talks held in a region in a period,
and each opens its records on the one drill-down."""

import datetime

from banshi.core import figures
from banshi.core.periods import Period
from banshi.lectures.models import Lecture

from .conftest import talk


def test_figures_recount_the_talks_by_region_and_month(world, team, login, make_user):
    talk(world.community, team=team, size=40)
    talk(world.community2, team=team, size=25)
    talk(world.community2, team=team, size=7, day=datetime.date(2026, 5, 2))
    talk(world.other_district, host_unit="人武部", size=300)
    april = Period.month(2026, 4)
    for region in (world.street, world.community, world.community2, world.district):
        values = figures.compute(region, april, groups=["lectures"])
        raw = [
            lec
            for lec in Lecture.objects.all()
            if lec.region.code.startswith(region.prefix) and lec.held_on.month == 4
        ]
        assert values["lectures_held"] == len(raw)
        assert values["lecture_audience"] == sum(lec.audience_size for lec in raw)
    assert figures.compute(world.street, april, groups=["lectures"]) == {
        "lectures_held": 2,
        "lecture_audience": 65,
    }
    admin = make_user("admin1", "system_admin")
    page = login(admin).get(
        figures.drill_down_url(figures.registry.get("lectures_held"), world.street.code, april)
    )
    assert page.status_code == 200
    assert page.content.decode().count("乡村振兴政策解读") == 2
