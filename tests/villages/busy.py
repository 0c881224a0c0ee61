"""Villages for a test world that must give every registered figure something to count
(the dashboards' `busy` fixture calls `add_villages(world, at=NOV)`): two villages of the
street, one with a short pool and a secretary trained in the month, one with a full pool
and a vacant villagers' committee post."""

import datetime

from banshi.organizations.services import committee_seat_fill, member_admit, organization_create
from banshi.people.services import resident_create
from banshi.territory.models import Region
from banshi.villages import services
from tests.conftest import make_id_number


def add_villages(world, *, at) -> list[Region]:
    day = at.date()
    seq = iter(range(1, 100))

    def villager(name):
        return resident_create(
            name=name, id_number=make_id_number(next(seq), place="150105", birth="19880808")
        )

    villages = [
        Region.objects.create(code=f"150105001{n}", name=name, kind="village", parent=world.street)
        for n, name in (("201", "前进村"), ("202", "红旗村"))
    ]
    branch = organization_create(name="前进村党支部", kind="branch", region=villages[0])
    secretary = member_admit(
        resident=villager("前进书记"), organization=branch, joined_on=datetime.date(2005, 7, 1)
    )
    committee_seat_fill(
        organization=branch, member=secretary, post="secretary", started_on="2021-03-15"
    )
    for village, n in zip(villages, (2, 3), strict=True):
        for i in range(n):
            services.reserve_add(
                village=village,
                resident=villager(f"{village.name}后备{i}"),
                education="college",
                political_status="masses",
                added_on="2025-03-01",
            )
    seat = services.villager_seat_fill(
        village=villages[1], resident=villager("红旗委员"), post="member", started_on="2021-03-20"
    )
    services.villager_seat_vacate(seat=seat, ended_on=day, reason="辞职")
    course = services.course_create(
        region=world.district, name="头雁领航专题培训班", organizer="区委组织部", year=day.year
    )
    session = services.session_add(course=course, held_on=day, hours=4, topic="乡村振兴")
    services.attendance_record(session=session, village=villages[0], resident=secretary.resident)
    return villages
