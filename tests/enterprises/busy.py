"""Party work in enterprises for a test world that must give every registered figure
something to count (the dashboards' `busy` fixture calls `add_enterprise_work` after the
civic fixture): the instructed enterprise visited twice, the enterprise without a party
organization founding one, a day at the rider station."""

import datetime

from banshi.enterprises import services


def add_enterprise_work(civic, *, at):
    day = at.date()
    for n, note in enumerate(("了解企业经营和职工情况", "指导发展入党积极分子")):
        services.visit_record(
            enterprise=civic.ent_instructed,
            visited_on=day + datetime.timedelta(days=n),
            notes=note,
        )
    services.party_org_found(
        enterprise=civic.ent_none,
        organization=civic.neigong,
        status="joint",
        on=day,
    )
    services.station_visit_record(station=civic.station, on=day, riders=23, services=["饮水"])
