"""Union aid for a test world that must give every registered figure something to count
(the dashboards' `busy` fixture calls `add_unions(world, at=NOV)`): 大学东路街道's federation
with two unions on its roll and one enterprise without, the city's line of the year, a deep,
a relative and an accident-caused file, and a campaign of each season with its aid in the
month of `at`."""

from banshi.unions.services import aid, federations, workers

LINE = 1000


def add_unions(world, *, at):
    day = at.date()
    federation = federations.federation_create(region=world.street, name="大学东路街道工会联合会")
    for name, founded in (("测试商场", day), ("测试超市", day), ("测试酒店", None)):
        federations.union_record(
            federation=federation, enterprise_name=name, founded_on=founded, members=20
        )
    workers.poverty_line_set(region=world.city, year=day.year, amount=LINE)
    # Two members: the line is 24,000 a year for the household, twice it 48,000.
    for name, income, costs in (("深困", 12000, 0), ("相困", 30000, 0), ("意外", 60000, 50000)):
        workers.needy_file_create(
            federation=federation,
            worker_name=name,
            household_members=2,
            household_income=income,
            accident_costs=costs,
            certified_on=day,
        )
    for season, title in (
        ("spring", "春送岗位"),
        ("summer", "夏送清凉"),
        ("autumn", "秋送助学"),
        ("winter", "冬送温暖"),
    ):
        campaign = aid.campaign_create(
            federation=federation,
            year=day.year,
            season=season,
            title=title,
            starts_on=day,
            ends_on=day,
        )
        aid.aid_record(
            campaign=campaign, kind="cash", amount="800", given_on=day, worker_name="一线职工"
        )
    return federation
