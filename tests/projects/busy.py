"""Projects for a test world that must give every registered figure something to count
(the dashboards' `busy` fixture calls `add_projects(world, at=NOV)`): in 乌兰社区 one
project running over the first grid's building and one finished in the month, rated by
both households of the building (one satisfied, one not)."""

import datetime

from django.contrib.auth import get_user_model

from banshi.access.models import RoleAssignment
from banshi.projects import services
from banshi.territory.models import Building


def add_projects(world, *, at):
    day = at.date()
    building = Building.objects.get(grid=world.grid1)
    made = []
    for title in ("加装电梯", "拆墙并院"):
        project = services.project_create(
            region=world.community,
            title=title,
            starts_on=day - datetime.timedelta(days=60),
            due_on=day,
            deliverables=[("规划停车位", "个", "68", 1)],
            buildings=[building],
            now=at,
        )
        services.project_move(project=project, to="running", on=project.starts_on, now=at)
        made.append(project)
    services.project_move(project=made[1], to="finished", on=day, now=at)
    for i, rating in enumerate(("satisfied", "unsatisfied")):
        resident = world.residents[world.grid1.code][i]
        user = get_user_model().objects.create_user(
            username=f"projects_rater{i}", password="Banshi-test-1"
        )
        RoleAssignment.objects.create(user=user, role="resident", resident=resident)
        services.feedback_give(project=made[1], user=user, rating=rating, now=at)
    return made
