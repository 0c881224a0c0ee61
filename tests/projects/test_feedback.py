"""Residents' feedback: only a resident of a household in the project's buildings rates
(anyone else is refused), one rating per household (a second, by any member, replaces the
first), and the feedback figures move with it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.core import figures
from banshi.core.periods import Period
from banshi.projects import services
from banshi.projects.models import ProjectFeedback

from .conftest import AT

NOV = Period.month(2026, 11)


def test_only_residents_of_the_place_rate(project, users):
    for user in (users.elsewhere, users.outside, users.community, users.street, users.nobody):
        with pytest.raises(PermissionDenied):
            services.feedback_give(project=project, user=user, rating="satisfied", now=AT)
    assert not ProjectFeedback.objects.exists()
    with pytest.raises(ValidationError, match="请选择评价"):
        services.feedback_give(project=project, user=users.resident, rating="great", now=AT)
    with pytest.raises(ValidationError, match="不能超过"):
        services.feedback_give(
            project=project, user=users.resident, rating="basic", comment="好" * 301, now=AT
        )
    assert not ProjectFeedback.objects.exists()


def test_a_second_rating_replaces_the_first_and_the_figures_move(world, project, users):
    def value(key):
        return figures.get(key).compute(world.community, NOV)

    assert value("project_feedback") == 0 and value("project_satisfaction") is None
    services.feedback_give(project=project, user=users.resident, rating="unsatisfied", now=AT)
    assert value("project_feedback") == 1 and value("project_satisfaction") == 0
    services.feedback_give(
        project=project, user=users.resident, rating="satisfied", comment="停车方便了", now=AT
    )
    fb = ProjectFeedback.objects.get()
    assert fb.rating == "satisfied" and fb.comment == "停车方便了"
    assert value("project_feedback") == 1 and value("project_satisfaction") == 1
    # the neighbour lives in the same building but in another household: a second rating
    services.feedback_give(project=project, user=users.neighbour, rating="unsatisfied", now=AT)
    assert value("project_feedback") == 2 and value("project_satisfaction") == 0.5
    assert figures.get("project_feedback").compute(world.community2, NOV) == 0


def test_a_planned_project_is_not_rated_yet(world, users):
    from banshi.territory.models import Building  # local: only this test needs it

    project = services.project_create(
        region=world.community,
        title="加装电梯",
        starts_on="2026-12-01",
        due_on="2027-06-01",
        buildings=[Building.objects.get(grid=world.grid1)],
    )
    with pytest.raises(ValidationError, match="开工后"):
        services.feedback_give(project=project, user=users.resident, rating="satisfied")
