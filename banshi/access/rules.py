"""How each scope component reaches each model. Import-time registration, one place."""

from banshi.enterprises.models import Enterprise, RiderStation
from banshi.organizations.models import CenterHousehold, Membership, PartyMember, PartyOrganization
from banshi.people.models import PlaceRole, Resident, ResidentTag
from banshi.territory.models import Building, CommercialOutlet, Grid, Household, Region, Unit

from .scope import register

register(Region, territory="code")
register(Grid, territory="code")
register(Building, territory="grid__code")
register(Unit, territory="building__grid__code")
register(Household, territory="grid__code", household="id")
register(CommercialOutlet, territory="grid__code")
register(
    Resident,
    territory="grid__code",
    org_path="party_member__organization__path",
    household="household_id",
    resident="id",
)
register(ResidentTag, territory="resident__grid__code")
register(PlaceRole, territory=("grid__code", "region__code"))
register(PartyOrganization, territory="territory_code", org_path="path")
register(PartyMember, territory="organization__territory_code", org_path="organization__path")
register(Membership, territory="organization__territory_code", org_path="organization__path")
register(CenterHousehold, territory="household__grid__code", org_path="group__path")
register(Enterprise, territory="grid__code", instructor="instructor_id")
register(RiderStation, territory="grid__code")
