"""The union figures against a recount of their records at the city, the district and the
street: 建会率 over the roll, the active files by class, the aid of the period (amount and
records); each opens its records."""

import datetime

from banshi.core import figures
from banshi.core.periods import Period
from banshi.unions.models import AidRecord, EnterpriseUnion, NeedyWorker
from banshi.unions.services import aid, workers
from tests.unions.conftest import DAY

KEYS = (
    "union_founding_rate",
    "needy_workers_deep",
    "needy_workers_relative",
    "needy_workers_accident",
    "aid_amount",
    "aid_records",
)
MARCH = Period.month(2026, 3)


def values(subject, period=MARCH):
    return figures.compute(subject, period, groups=["unions"])


def open_files(fed, staff):
    for name, income, costs in (
        ("深1", 10000, 0),
        ("深2", 23999, 0),
        ("相1", 24000, 0),
        ("意1", 50000, 40001),
        ("无1", 50000, 40000),
    ):
        workers.needy_file_create(
            federation=fed,
            worker_name=name,
            household_members=2,
            household_income=income,
            accident_costs=costs,
            certified_on=DAY,
            user=staff.street,
        )


def test_the_values_and_their_records(world, fed, staff, file, campaign, login):
    open_files(fed, staff)
    for day, amount in ((DAY, 800), (DAY, "150.50"), (datetime.date(2026, 4, 1), 1000)):
        aid.aid_record(
            campaign=campaign,
            kind="cash",
            amount=amount,
            given_on=day,
            worker_name="职工",
            user=staff.street,
        )
    expected = {
        "union_founding_rate": 0.5,
        "needy_workers_deep": 2,
        "needy_workers_relative": 2,  # 相1 and the fixture's 王建国
        "needy_workers_accident": 1,
        "aid_amount": 950.5,
        "aid_records": 2,
        # The fixture's campaign is a winter one: all the month's aid is winter's.
        "aid_amount_spring": 0.0,
        "aid_amount_summer": 0.0,
        "aid_amount_autumn": 0.0,
        "aid_amount_winter": 950.5,
    }
    for subject in (world.city, world.district, world.street):
        assert values(subject) == expected
    assert values(world.street, Period.month(2026, 4))["aid_amount"] == 1000.0
    assert values(world.other_district)["needy_workers_deep"] == 0
    assert values(world.other_district)["union_founding_rate"] is None
    f = figures.get("union_founding_rate")
    assert f.part_records(world.street, MARCH, "numerator").get() == fed.shop
    assert f.part_records(world.street, MARCH, "denominator").count() == 2
    for key in KEYS[1:]:
        records = figures.get(key).part_records(world.street, MARCH)
        assert all(isinstance(r, (NeedyWorker, AidRecord)) for r in records)
    assert all(
        isinstance(r, EnterpriseUnion) for r in f.part_records(world.street, MARCH, "denominator")
    )
    # An exited file leaves its class.
    NeedyWorker.objects.filter(worker_name="深1").update(status="exited")
    assert values(world.street)["needy_workers_deep"] == 1


def test_the_drill_downs_open(world, fed, staff, file, campaign, login):
    aid.aid_record(
        campaign=campaign, kind="cash", amount=800, given_on=DAY, worker=file, user=staff.street
    )
    client = login(staff.street)
    for key in KEYS:
        f = figures.get(key)
        for part in f.parts:
            url = figures.drill_down_url(f, world.street.code, MARCH, part)
            response = client.get(url)
            assert response.status_code == 200, (key, part)
    page = client.get(
        figures.drill_down_url(figures.get("needy_workers_relative"), world.street.code, MARCH)
    ).content.decode()
    assert "王建国" in page
    page = client.get(
        figures.drill_down_url(figures.get("aid_records"), world.street.code, MARCH)
    ).content.decode()
    assert "冬送温暖" in page and "800.00" in page
