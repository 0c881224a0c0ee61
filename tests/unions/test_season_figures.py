"""The aid amount per season (aid_amount_spring … aid_amount_winter) against a recount of the
season's aid records of the period, at the city, the district and the street; each opens
into exactly those records; the federation page's table of aid by season."""

import datetime
from decimal import Decimal

from banshi.core import figures
from banshi.core.periods import Period
from banshi.territory.models import Region
from banshi.unions.models import AidRecord
from banshi.unions.services import aid, federations

MARCH = Period.month(2026, 3)
SEASONS = ("spring", "summer", "autumn", "winter")
# Per season: (amount, day) of its records; April's are outside MARCH.
GIVEN = {
    "spring": (("300", 2), ("200.50", 31), ("999", 32)),
    "summer": (("120", 15),),
    "autumn": (("1000", 3), ("0", 4)),
    "winter": (("800", 5), ("50", 6), ("60", 7)),
}


def give(federation):
    """A campaign of each season open all spring, and the aid of GIVEN (day n of March, or
    of April past 31)."""
    for season in SEASONS:
        campaign = aid.campaign_create(
            federation=federation,
            year=2026,
            season=season,
            title=f"{season}活动",
            starts_on="2026-03-01",
            ends_on="2026-04-30",
        )
        for amount, n in GIVEN[season]:
            aid.aid_record(
                campaign=campaign,
                kind="cash",
                amount=amount,
                given_on=datetime.date(2026, 3, 1) + datetime.timedelta(days=n - 1),
                worker_name="职工",
            )


def recount(prefix, season):
    return AidRecord.objects.filter(
        campaign__season=season,
        campaign__federation__region__code__startswith=prefix,
        given_on__gte=datetime.date(2026, 3, 1),
        given_on__lt=datetime.date(2026, 4, 1),
    )


def test_each_season_s_figure_is_the_sum_of_its_records(world, fed, staff):
    other_street = Region.objects.create(
        code="150102001000", name="新城街道", kind="street", parent=world.other_district
    )
    other = federations.federation_create(region=other_street, name="新城街道工会联合会")
    give(fed)
    give(other)
    keys = [f"aid_amount_{s}" for s in SEASONS]
    assert [figures.get(k).order for k in keys] == [986, 987, 988, 989]
    expected_street = {"spring": 500.5, "summer": 120.0, "autumn": 1000.0, "winter": 910.0}
    for subject, times in ((world.street, 1), (world.district, 1), (world.city, 2)):
        values = figures.compute(subject, MARCH, keys=keys)
        for season in SEASONS:
            key = f"aid_amount_{season}"
            raw = recount(subject.prefix, season)
            assert values[key] == float(sum(r.amount for r in raw)), (subject, key)
            assert values[key] == expected_street[season] * times, (subject, key)
            opened = figures.get(key).part_records(subject, MARCH)
            assert set(opened.values_list("pk", flat=True)) == set(raw.values_list("pk", flat=True))
            assert all(r.campaign.season == season for r in opened)
    # The seasons add up to the period's aid amount; April holds only spring's third record.
    total = figures.compute(world.street, MARCH, keys=["aid_amount", *keys])
    assert total["aid_amount"] == sum(total[k] for k in keys)
    april = figures.compute(world.street, Period.month(2026, 4), keys=keys)
    assert april == {
        "aid_amount_spring": 999.0,
        "aid_amount_summer": 0.0,
        "aid_amount_autumn": 0.0,
        "aid_amount_winter": 0.0,
    }
    assert figures.compute(world.other_district, MARCH, keys=keys)["aid_amount_winter"] == 910.0


def test_the_season_drill_downs_open(world, fed, staff, login):
    give(fed)
    client = login(staff.street)
    for season in SEASONS:
        f = figures.get(f"aid_amount_{season}")
        response = client.get(figures.drill_down_url(f, world.street.code, MARCH))
        assert response.status_code == 200, season
    page = client.get(
        figures.drill_down_url(figures.get("aid_amount_summer"), world.street.code, MARCH)
    ).content.decode()
    assert "summer活动" in page and "120.00" in page and "winter活动" not in page


def test_the_federation_page_shows_aid_by_season(world, fed, staff, login):
    give(fed)
    page = login(staff.street).get(f"/unions/{fed.pk}/").content.decode()
    table = page[page.index('id="seasons"') : page.index("</table>", page.index('id="seasons"'))]
    for season, label in (
        ("spring", "春送岗位"),
        ("summer", "夏送清凉"),
        ("autumn", "秋送助学"),
        ("winter", "冬送温暖"),
    ):
        row = table[table.index(f'id="season-{season}"') :].split("</tr>")[0]
        records = GIVEN[season]
        amount = sum(Decimal(a) for a, _n in records)
        assert label in row and f">{len(records)}<" in row and f">{amount:.2f}<" in row, row
