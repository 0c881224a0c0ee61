"""The unions' writes: the federation and its roll (the street's listed enterprises join
by themselves, others are named), files opened and classified, monthly income reviews that
reclassify and exit a file after six consecutive months above the line, re-certification,
the reminder job, aid in a campaign; who may write and bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from banshi.core import jobs
from banshi.enterprises.models import Enterprise
from banshi.unions import selectors
from banshi.unions.models import AidRecord, EnterpriseUnion, IncomeReview, NeedyWorker
from banshi.unions.services import aid, federations, workers
from tests.unions.conftest import DAY

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))


def review(file, month, income, user, members=2):
    return workers.needy_income_review(
        worker=file,
        month=month,
        household_income=income,
        household_members=members,
        user=user,
        now=NOW,
    )


def test_the_roll_holds_the_street_s_enterprises_and_named_ones(world, fed, staff):
    roll = {u.name: u for u in EnterpriseUnion.objects.filter(federation=fed)}
    assert set(roll) == {"大学东路科技公司", "振华广场"}
    assert roll["大学东路科技公司"].founded_on is None  # listed, no union yet
    assert selectors.founding_rate(fed) == (1, 2, 0.5)
    later = Enterprise.objects.create(name="新企业", credit_code="X" * 18, grid=world.grid3)
    assert federations.federation_roll_sync(federation=fed, user=staff.street) == 1
    assert federations.federation_roll_sync(federation=fed, user=staff.street) == 0
    federations.union_record(
        federation=fed, enterprise=later, founded_on="2026-05-01", members=9, user=staff.street
    )
    assert selectors.founding_rate(fed) == (2, 3, 0.6667)


def test_roll_bad_input(world, fed, staff):
    elsewhere = Enterprise.objects.create(name="外区企业", credit_code="Y" * 18, grid=world.grid1)
    elsewhere.grid.code = "150102001001001"  # not saved: only the check reads it
    for kw, message in (
        ({}, "二选一"),
        ({"enterprise": fed.listed, "enterprise_name": "同时"}, "二选一"),
        ({"enterprise": elsewhere}, "不在本街道"),
        ({"enterprise_name": "大学东路科技公司"}, "请直接选择"),
        ({"enterprise_name": "x", "founded_on": "2026-13-01"}, "建会日期"),
        ({"enterprise_name": "x", "members": "-1"}, "会员人数"),
        ({"enterprise_name": "a\x00b"}, "无效字符"),
    ):
        with pytest.raises(ValidationError, match=message):
            federations.union_record(federation=fed, user=staff.street, **kw)
    assert EnterpriseUnion.objects.filter(federation=fed).count() == 2
    with pytest.raises(ValidationError, match="已有工会联合会"):
        federations.federation_create(region=world.street, name="又一个", user=staff.street)
    with pytest.raises(ValidationError, match="街道"):
        federations.federation_create(region=world.community, name="社区", user=staff.street)


def test_only_the_street_or_district_writes(world, fed, staff, file, campaign):
    for user in (staff.community, staff.elsewhere):
        with pytest.raises(PermissionDenied):
            federations.union_record(federation=fed, enterprise_name="x", user=user)
        with pytest.raises(PermissionDenied):
            workers.needy_file_create(
                federation=fed,
                worker_name="x",
                household_members=1,
                household_income=1,
                certified_on=DAY,
                user=user,
            )
        with pytest.raises(PermissionDenied):
            review(file, "2026-04-01", 60000, user)
        with pytest.raises(PermissionDenied):
            aid.aid_record(
                campaign=campaign, kind="cash", amount=1, given_on=DAY, worker=file, user=user
            )
    with pytest.raises(PermissionDenied):
        workers.poverty_line_set(region=world.city, year=2027, amount=1100, user=staff.district)
    review(file, "2026-04-01", 30000, staff.district)  # the district may
    assert IncomeReview.objects.count() == 1


def test_a_file_is_classified_against_the_line_of_its_year(fed, staff, file):
    assert (file.hardship, file.line, file.per_head_month) == (
        "relative",
        Decimal(1000),
        Decimal("1250.00"),
    )
    with pytest.raises(ValidationError, match="低保标准"):  # no line for 2024
        workers.needy_file_create(
            federation=fed,
            worker_name="李",
            household_members=1,
            household_income=1,
            certified_on="2024-06-01",
            user=staff.street,
        )
    for kw, message in (
        ({"household_members": 0}, "家庭人口"),
        ({"household_members": "两"}, "家庭人口"),
        ({"household_income": "-1"}, "家庭年收入"),
        ({"household_income": "NaN"}, "家庭年收入"),
        ({"household_income": "1e12"}, "家庭年收入"),
        ({"worker_name": " "}, "职工姓名"),
        ({"certified_on": "yesterday"}, "建档日期"),
    ):
        args = dict(
            federation=fed,
            worker_name="李",
            household_members=1,
            household_income=1,
            certified_on=DAY,
            user=staff.street,
        )
        with pytest.raises(ValidationError, match=message):
            workers.needy_file_create(**{**args, **kw})
    assert NeedyWorker.objects.count() == 1


def test_six_consecutive_months_above_the_line_exit_the_file(fed, staff, file):
    # 24,000 for two people: exactly at the line, which counts as above it (not below).
    for month in range(4, 9):
        review(file, f"2026-{month:02d}-01", 24000, staff.street)
    file.refresh_from_db()
    assert file.status == "active" and file.hardship == "relative"
    review(file, "2026-09-15", 23999, staff.street)  # a fen short breaks the run…
    for month in range(10, 12):
        review(file, f"2026-{month:02d}-01", 60000, staff.street)
    file.refresh_from_db()
    assert file.status == "active" and file.hardship == "none"
    assert IncomeReview.objects.get(worker=file, month="2026-09-01").hardship == "deep"


def test_the_sixth_month_in_a_row_exits(fed, staff, file):
    for month in range(4, 10):
        review(file, f"2026-{month:02d}-01", 26000, staff.street)
    file.refresh_from_db()
    assert (file.status, file.exited_on) == ("exited", NOW.date())
    assert "6" in file.exit_reason
    with pytest.raises(ValidationError, match="已退出"):
        review(file, "2026-10-01", 26000, staff.street)


def test_a_month_not_reviewed_breaks_the_run(fed, staff, file):
    for month in (4, 5, 6, 8, 9, 10):
        review(file, f"2026-{month:02d}-01", 26000, staff.street)
    file.refresh_from_db()
    assert file.status == "active"


def test_review_bad_input(fed, staff, file):
    review(file, "2026-04-01", 26000, staff.street)
    for month, message in (
        ("2026-04-20", "已复核"),
        ("2026-12-01", "不能晚于本月"),
        ("2026-02-01", "不能早于建档"),
        ("2026-4", "复核月份"),
    ):
        with pytest.raises(ValidationError, match=message):
            review(file, month, 26000, staff.street)
    with pytest.raises(ValidationError, match="家庭人口"):
        review(file, "2026-05-01", 26000, staff.street, members=0)
    assert IncomeReview.objects.count() == 1


def test_recertification_due_and_the_reminder(fed, staff, file):
    assert file.recertification_due == datetime.date(2027, 3, 2)
    assert not file.recertification_is_due(datetime.date(2027, 3, 1))
    assert file.recertification_is_due(datetime.date(2027, 3, 2))
    job = jobs.get("unions.recertification_reminder")
    later = timezone.make_aware(datetime.datetime(2027, 3, 2, 8, 0))
    assert job.run(later) == {"needy_files_recertification_due": 1}
    assert job.run(later - datetime.timedelta(days=1)) == {"needy_files_recertification_due": 0}
    workers.poverty_line_set(region=fed.region.parent.parent, year=2027, amount=1300)
    workers.needy_recertify(worker=file, on="2027-03-02", user=staff.street)
    file.refresh_from_db()
    # Reclassified against 2027's line: 1,250 a head is now below 1,300.
    assert (file.last_recertified_on, file.line, file.hardship) == (
        datetime.date(2027, 3, 2),
        Decimal(1300),
        "deep",
    )
    assert file.recertification_due == datetime.date(2028, 3, 2)
    assert job.run(later) == {"needy_files_recertification_due": 0}
    with pytest.raises(ValidationError, match="不能早于"):
        workers.needy_recertify(worker=file, on="2027-01-01", user=staff.street)


def test_aid_in_a_campaign(fed, staff, file, campaign, world, make_user):
    r = aid.aid_record(
        campaign=campaign, kind="cash", amount="800", given_on=DAY, worker=file, user=staff.street
    )
    assert (r.worker_name, r.amount) == ("王建国", Decimal("800.00"))
    aid.aid_record(
        campaign=campaign,
        kind="goods",
        amount="120.5",
        given_on=DAY,
        worker_name="环卫工人张师傅",
        user=staff.street,
    )
    for kw, message in (
        ({"kind": "gold"}, "帮扶方式"),
        ({"amount": "-5"}, "金额"),
        ({"amount": "abc"}, "金额"),
        ({"given_on": "2026-01-01"}, "活动期间"),
        ({"worker": None, "worker_name": ""}, "受助职工"),
    ):
        args = dict(
            campaign=campaign, kind="cash", amount=1, given_on=DAY, worker=file, user=staff.street
        )
        with pytest.raises(ValidationError, match=message):
            aid.aid_record(**{**args, **kw})
    assert AidRecord.objects.count() == 2
    with pytest.raises(ValidationError, match="结束日期"):
        aid.campaign_create(
            federation=fed,
            year=2026,
            season="summer",
            title="夏送清凉",
            starts_on="2026-08-01",
            ends_on="2026-07-01",
            user=staff.street,
        )
    with pytest.raises(ValidationError, match="季节"):
        aid.campaign_create(
            federation=fed,
            year=2026,
            season="monsoon",
            title="x",
            starts_on=DAY,
            ends_on=DAY,
            user=staff.street,
        )


def test_reads_are_scoped(fed, staff, file, campaign):
    assert list(selectors.federation_list(user=staff.street)) == [fed]
    assert list(selectors.federation_list(user=staff.district)) == [fed]
    for user in (staff.community, staff.elsewhere):
        assert not selectors.federation_list(user=user).exists()
        assert not selectors.worker_list(user=user).exists()
