"""Non-public enterprises and rider stations of 大学东路街道 in the demo: 76 enterprises,
34 with a party organization of their own or a joint one, the other 42 served by 13
party-building instructors (work coverage 100%), and 4 红蜂驿站."""

import random
from dataclasses import dataclass, field

from banshi.enterprises.models import Enterprise, RiderStation

from . import names
from .codes import credit_code
from .plan import GridPlan, Person

ENTERPRISES = 76
OWN_ORG = 22
JOINT_ORG = 12  # in joint branches of three
INSTRUCTORS = 13

STATION_HOSTS = ["青城驿站", "小区门房", "青城驿站", "小区门房"]
STATION_OFFERS = ["休息", "充电", "饮水", "热饭", "应急药箱", "如厕", "雨具"]


@dataclass(eq=False)
class EnterprisePlan:
    name: str
    credit_code: str
    grid: GridPlan
    lat: float
    lng: float
    employees: int
    status: str = Enterprise.PartyOrgStatus.NONE
    org_key: tuple | None = None
    instructor: Person | None = None
    members: list[Person] = field(default_factory=list)


def plan_enterprises(rng: random.Random, grids: list[GridPlan]) -> list[EnterprisePlan]:
    used_names: set[str] = set()
    used_codes: set[str] = set()
    plans = []
    for _ in range(ENTERPRISES):
        grid = rng.choice(grids)
        lat, lng = grid.cell.point(rng, margin=0.08)
        employees = min(600, max(6, int(rng.lognormvariate(3.3, 0.9))))
        plans.append(
            EnterprisePlan(
                name=names.company_name(rng, used_names),
                credit_code=credit_code(rng, used=used_codes),
                grid=grid,
                lat=lat,
                lng=lng,
                employees=employees,
            )
        )
    plans.sort(key=lambda e: (e.grid.code, e.name))
    # Larger firms are likelier to have their own organization.
    by_size = sorted(plans, key=lambda e: (-e.employees, e.credit_code))
    own = by_size[:OWN_ORG]
    for e in own:
        e.status = Enterprise.PartyOrgStatus.OWN
        e.org_key = ("enterprise", e.credit_code)
    rest = [e for e in plans if e.status == Enterprise.PartyOrgStatus.NONE]
    joint = sorted(rng.sample(rest, JOINT_ORG), key=lambda e: e.grid.code)
    for i, e in enumerate(joint):
        e.status = Enterprise.PartyOrgStatus.JOINT
        e.org_key = ("joint", i // 3)
    return plans


def plan_stations(rng: random.Random, grids: list[GridPlan]) -> list[dict]:
    communities: dict[str, list[GridPlan]] = {}
    for g in grids:
        communities.setdefault(g.community_code, []).append(g)
    chosen = rng.sample(sorted(communities), len(STATION_HOSTS))
    stations = []
    for host, ccode in zip(STATION_HOSTS, sorted(chosen), strict=True):
        grid = rng.choice(communities[ccode])
        lat, lng = grid.cell.point(rng)
        if host == "小区门房":
            compound = grid.buildings[0].name.removesuffix(grid.buildings[0].number)
            label = f"{compound}门房"
        else:
            label = grid.name.split("第")[0] + host
        offers = ["休息", "充电", "饮水"] + rng.sample(STATION_OFFERS[3:], rng.randint(1, 3))
        stations.append(
            {
                "name": f"红蜂驿站（{label}）",
                "grid": grid,
                "host": host,
                "lat": lat,
                "lng": lng,
                "offers": offers,
            }
        )
    return stations


def write_enterprises(plans: list[EnterprisePlan], orgs: dict) -> list[Enterprise]:
    rows = []
    for e in plans:
        row = Enterprise(
            name=e.name,
            credit_code=e.credit_code,
            grid_id=e.grid.pk,
            lat=e.lat,
            lng=e.lng,
            employees=e.employees,
            party_org_status=e.status,
            party_organization=orgs[e.org_key] if e.org_key else None,
            instructor_id=e.instructor.pk if e.instructor else None,
        )
        row.full_clean(validate_unique=False, validate_constraints=False)
        rows.append(row)
    return Enterprise.objects.bulk_create(rows)


def write_stations(stations: list[dict]) -> list[RiderStation]:
    return RiderStation.objects.bulk_create(
        RiderStation(
            name=s["name"],
            grid_id=s["grid"].pk,
            host=s["host"],
            lat=s["lat"],
            lng=s["lng"],
            offers=s["offers"],
        )
        for s in stations
    )
