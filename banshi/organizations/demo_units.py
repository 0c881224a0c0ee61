"""Units that several demo modules hang their records on: 市公交公司's party committee (a
state-owned enterprise of the city, so it sits at the city's region and no street's
enterprise count changes), made by whichever demo needs it first."""

from banshi.territory.models import Region

from .models import PartyOrganization
from .services import organization_create

CITY = "150100000000"
BUS_COMPANY = "呼和浩特市公共交通总公司党委"


def bus_company_committee() -> PartyOrganization | None:
    """The bus company's party committee (None when the demo has no city)."""
    found = PartyOrganization.objects.filter(name=BUS_COMPANY).first()
    if found is not None:
        return found
    city = Region.objects.filter(code=CITY).first()
    if city is None:
        return None
    return organization_create(
        name=BUS_COMPANY,
        kind=PartyOrganization.Kind.PARTY_COMMITTEE,
        region=city,
        has_committee=True,
    )
