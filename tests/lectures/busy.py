"""Talks for a test world that must give every registered figure something to count (the
dashboards' `busy` fixture calls `add_lectures(world, at=NOV)`)."""

from banshi.lectures import services
from banshi.lectures.models import Lecture


def add_lectures(world, *, at) -> list[Lecture]:
    team = services.lecture_team_create(
        name="乌兰社区宣讲队", region=world.community, host_unit="乌兰社区新时代文明实践站"
    )
    day = at.date()
    return [
        services.lecture_record(
            team=team,
            region=region,
            held_on=day,
            topic="铸牢中华民族共同体意识",
            speaker_name="王建军",
            venue_kind=Lecture.VenueKind.COMMUNITY,
            place="社区活动室",
            audience_size=size,
            audience_kind=Lecture.AudienceKind.RESIDENTS,
        )
        for region, size in ((world.community, 30), (world.community2, 12))
    ]
