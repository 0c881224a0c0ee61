"""The project writes: creation with its deliverables, the workflow, progress reports,
spending; bad input refused with a Chinese message and nothing written; a user who does
not manage the community refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.projects import services
from banshi.projects.models import (
    Project,
    ProjectProgressReport,
    ProjectSpending,
    ProjectStatusChange,
)
from banshi.territory.models import Building

from .conftest import AT, D, deliverable


def test_a_report_moves_its_deliverable_and_the_whole(project, users):
    parking = deliverable(project, "规划停车位")
    services.progress_report(
        deliverable=parking, measured="34", on=D(2026, 6, 1), user=users.community, now=AT
    )
    parking.refresh_from_db()
    assert parking.measured == 34 and parking.progress == pytest.approx(0.5)
    # weights 2, 1, 1: (0.5 × 2) / 4
    assert project.progress() == pytest.approx(0.25)
    # an earlier day's report does not override the latest
    services.progress_report(
        deliverable=parking, measured="10", on=D(2026, 5, 1), user=users.street, now=AT
    )
    parking.refresh_from_db()
    assert parking.measured == 34
    services.progress_report(
        deliverable=parking, measured="90", on=D(2026, 7, 1), user=users.street, now=AT
    )
    parking.refresh_from_db()
    assert parking.measured == 90 and parking.progress == 1


@pytest.mark.parametrize(
    ("measured", "on", "message"),
    [
        ("abc", D(2026, 6, 1), "应为数字"),
        ("-1", D(2026, 6, 1), "不能为负数"),
        ("NaN", D(2026, 6, 1), "应为数字"),
        ("1e20", D(2026, 6, 1), "应为数字"),
        ("3", D(2026, 3, 1), "不能早于开工日期"),
        ("3", D(2026, 12, 1), "不能晚于今天"),
        ("3", "2026-13-01", "有效的日期"),
    ],
)
def test_bad_reports_are_refused(project, users, measured, on, message):
    with pytest.raises(ValidationError) as exc:
        services.progress_report(
            deliverable=deliverable(project, "新增绿地"),
            measured=measured,
            on=on,
            user=users.community,
            now=AT,
        )
    assert message in exc.value.messages[0]
    assert not ProjectProgressReport.objects.exists()


def test_only_the_communitys_staff_and_above_write(project, users):
    green = deliverable(project, "新增绿地")
    for user in (users.other, users.grid, users.resident, users.nobody):
        with pytest.raises(PermissionDenied):
            services.progress_report(
                deliverable=green, measured="1", on=D(2026, 6, 1), user=user, now=AT
            )
        with pytest.raises(PermissionDenied):
            services.spending_record(
                project=project, item="绿化", amount="1", on=D(2026, 6, 1), user=user, now=AT
            )
    assert not ProjectProgressReport.objects.exists() and not ProjectSpending.objects.exists()


def test_the_workflow(project, users):
    with pytest.raises(ValidationError, match="不能改为"):
        services.project_move(project=project, to="planned", on=D(2026, 6, 1), user=users.street)
    with pytest.raises(ValidationError, match="状态无效"):
        services.project_move(project=project, to="done", on=D(2026, 6, 1), user=users.street)
    with pytest.raises(ValidationError, match="不能早于开工日期"):
        services.project_move(project=project, to="finished", on=D(2026, 3, 1), user=users.street)
    services.project_move(project=project, to="suspended", on=D(2026, 6, 1), user=users.street)
    with pytest.raises(ValidationError, match="上一次"):
        services.project_move(project=project, to="running", on=D(2026, 5, 1), user=users.street)
    services.project_move(project=project, to="running", on=D(2026, 6, 10), user=users.street)
    services.project_move(project=project, to="finished", on=D(2026, 10, 20), user=users.street)
    project.refresh_from_db()
    assert project.status == "finished" and project.finished_on == D(2026, 10, 20)
    assert list(project.changes.values_list("from_status", "to_status")) == [
        ("planned", "running"),
        ("running", "suspended"),
        ("suspended", "running"),
        ("running", "finished"),
    ]
    with pytest.raises(ValidationError, match="实施中"):
        services.progress_report(
            deliverable=deliverable(project, "新增绿地"),
            measured="700",
            on=D(2026, 10, 21),
            user=users.street,
            now=AT + datetime.timedelta(days=30),
        )
    assert ProjectStatusChange.objects.count() == 4


def test_spending_adds_up(project, users):
    for amount in ("120000.50", "80000"):
        services.spending_record(
            project=project, item="地面硬化", amount=amount, on=D(2026, 5, 1), user=users.community
        )
    project.refresh_from_db()
    assert str(project.spent) == "200000.50"
    for amount, message in (("0", "应大于0"), ("x", "应为数字")):
        with pytest.raises(ValidationError, match=message):
            services.spending_record(
                project=project, item="绿化", amount=amount, on=D(2026, 5, 1), user=users.community
            )
    with pytest.raises(ValidationError, match="请填写支出事项"):
        services.spending_record(
            project=project, item=" ", amount="5", on=D(2026, 5, 1), user=users.community
        )
    assert ProjectSpending.objects.count() == 2


def test_creation_is_checked(world, users):
    def create(**kw):
        args = {
            "region": world.community,
            "title": "加装电梯",
            "starts_on": D(2026, 5, 1),
            "due_on": D(2026, 9, 1),
            "deliverables": [("电梯", "部", "2", 1)],
            "user": users.community,
        }
        return services.project_create(**{**args, **kw})

    with pytest.raises(ValidationError, match="请选择社区"):
        create(region=world.street)
    with pytest.raises(ValidationError, match="不能早于"):
        create(due_on=D(2026, 4, 1))
    with pytest.raises(ValidationError, match="受益楼栋须在本社区内"):
        create(buildings=[Building.objects.get(grid=world.grid3)])
    with pytest.raises(ValidationError, match="重复"):
        create(deliverables=[("电梯", "部", "2", 1), ("电梯", "部", "1", 1)])
    with pytest.raises(ValidationError, match="应大于0"):
        create(deliverables=[("电梯", "部", "0", 1)])
    with pytest.raises(ValidationError, match="权重"):
        create(deliverables=[("电梯", "部", "2", 0)])
    with pytest.raises(ValidationError, match="请填写项目名称"):
        create(title="")
    with pytest.raises(PermissionDenied):
        create(user=users.other)
    assert not Project.objects.exists()
    project = create()
    assert project.status == "planned" and project.deliverables.get().target == 2
