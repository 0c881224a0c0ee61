"""The assessment for a test world that must give every registered figure something to
count (the dashboards' `busy` fixture calls `add_assessment(world, at=NOV)` after
`add_villages`): the district's scheme of the year, decided, with 前进村's secretary
assessed and vetoed."""

import datetime

from django.contrib.auth import get_user_model

from banshi.access.models import RoleAssignment
from banshi.assessment import services
from banshi.organizations.models import PartyOrganization


def add_assessment(world, *, at):
    day = at.date()
    user = get_user_model().objects.create_user(username="assessor", password="Banshi-test-1")
    RoleAssignment.objects.create(user=user, role="district", region=world.district)
    scheme = services.scheme_create(
        county=world.district,
        year=day.year,
        assessed_on=day - datetime.timedelta(days=1),
        items=[("抓党建", 50, ""), ("促发展", 50, "")],
        cases=[("veto", "发生严重违纪违法", "0")],
        user=user,
    )
    branch = PartyOrganization.objects.get(name="前进村党支部")
    items = list(scheme.items.all())
    services.sheet_submit(
        scheme=scheme,
        branch=branch,
        scores={items[0].pk: 45, items[1].pk: 40},
        cases=[(scheme.cases.get().pk, "")],
        user=user,
    )
    services.scheme_decide(scheme=scheme, on=day, user=user)
    return scheme
