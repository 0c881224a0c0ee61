"""Volunteering for a test world that must give every registered figure something to count
(the dashboards' `busy` fixture calls `add_volunteers(world, at=NOV)`): 乌兰社区's team with
two registered volunteers, an activity on the day, both signed in and out by the organiser
(trusted code, so at the day's times), one of them with an approved correction."""

import datetime

from django.contrib.auth import get_user_model

from banshi.access.models import RoleAssignment
from banshi.volunteers import services


def add_volunteers(world, *, at):
    users = get_user_model().objects
    first = users.create_user(username="vol_manager1", password="Banshi-test-1")
    second = users.create_user(username="vol_manager2", password="Banshi-test-1")
    for user in (first, second):
        RoleAssignment.objects.create(user=user, role="community", region=world.community)
    team = services.team_create(name="乌兰社区志愿服务队", community=world.community)
    residents = world.residents[world.grid1.code][:2]
    volunteers = [
        services.volunteer_register(team=team, resident=r, joined_on=at.date()) for r in residents
    ]
    activity = services.activity_create(
        team=team,
        title="助老服务",
        place="乌兰社区活动中心",
        starts_at=at,
        ends_at=at + datetime.timedelta(hours=3),
        capacity=10,
    )
    records = []
    for i, volunteer in enumerate(volunteers):
        services.organiser_sign_in(activity=activity, volunteer=volunteer, at=at)
        records.append(
            services.organiser_sign_out(
                activity=activity,
                volunteer=volunteer,
                at=at + datetime.timedelta(hours=2, minutes=10 * i),
            )
        )
    correction = services.correction_request(
        record=records[0], delta="0.5", reason="补记签退", user=first
    )
    services.correction_approve(correction=correction, user=second)
    return team
