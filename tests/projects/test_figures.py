"""The projects' figures recounted from the raw records: running now (a stock), finished in
the period, feedback given in the period and its satisfaction rate, at each level."""

import datetime

from django.utils import timezone

from banshi.core import figures
from banshi.core.periods import Period
from banshi.projects import services
from banshi.projects.models import Project, ProjectFeedback

from .conftest import AT, D

NOV = Period.month(2026, 11)
OCT = Period.month(2026, 10)


def test_the_figures_recount(world, project, users):
    later = services.project_create(
        region=world.community2, title="加装电梯", starts_on=D(2026, 5, 1), due_on=D(2026, 12, 1)
    )
    services.project_move(project=later, to="running", on=D(2026, 5, 1))
    services.project_move(project=later, to="finished", on=D(2026, 11, 20))
    services.feedback_give(project=project, user=users.resident, rating="basic", now=AT)
    octo = timezone.make_aware(datetime.datetime(2026, 10, 20, 9, 0))
    services.feedback_give(project=project, user=users.neighbour, rating="unsatisfied", now=octo)

    def value(key, subject, period=NOV):
        return figures.get(key).compute(subject, period)

    running = Project.objects.filter(status="running")
    assert value("projects_running", world.community) == 1 == running.count()
    assert value("projects_running", world.community, OCT) == 1  # a stock: now
    assert value("projects_running", world.community2) == 0
    assert value("projects_finished", world.street) == 1
    assert value("projects_finished", world.community) == 0
    assert value("projects_finished", world.street, OCT) == 0
    assert value("project_feedback", world.city) == 1
    assert value("project_feedback", world.city, OCT) == 1
    assert value("project_satisfaction", world.district) == 1  # 基本满意 counts as satisfied
    assert value("project_satisfaction", world.district, OCT) == 0
    assert ProjectFeedback.objects.count() == 2
    keys = {f.key for f in figures.all_figures() if f.group == "projects"}
    assert keys == {
        "projects_running",
        "projects_finished",
        "project_feedback",
        "project_satisfaction",
    }
