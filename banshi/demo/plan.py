"""The demo's territory and people, planned in memory before anything is written.

Planning is pure: the same seed gives the same plan. Each grid and village draws from its
own generator (seeded with the seed and its code), so one grid can be planned alone and
comes out as it does in the full build. Street-wide figures (68 grids, 517 buildings, 1,381
units, 68,231 residents, 816 outlets) are fixed by `street_layout` before the grids are
planned."""

import datetime
import itertools
import random
from dataclasses import dataclass, field, replace
from functools import lru_cache

from faker import Faker

from . import names
from .codes import QINGSHUIHE_PLACES, IdentityMaker
from .geometry import Cell, street_cells, town_cells

SEED = 2023
# Ages, tags and dates are computed against this day so that a build does not depend on
# the day it runs.
REFERENCE_DATE = datetime.date(2025, 12, 31)

STREET_CODE = "150105001000"
STREET_NAME = "大学东路街道"
# (code, name, grids), west to east. 乌兰社区 and 内工大社区 are in the seed.
COMMUNITIES = [
    ("150105001001", "乌兰社区", 12),
    ("150105001002", "内工大社区", 13),
    ("150105001003", "呼伦南路社区", 11),
    ("150105001004", "丰州路社区", 10),
    ("150105001005", "兴安路社区", 12),
    ("150105001006", "东瓦窑社区", 10),
]
GRIDS = 68
BUILDINGS = 517
UNITS = 1381
RESIDENTS = 68231
OUTLETS = 816
HOUSEHOLDS_PER_GRID = (300, 500)

TOWN_CODE = "150124100000"  # 清水河县城关镇
VILLAGE_HOUSEHOLDS = (300, 345)

ETHNICITY_WEIGHTS = {"01": 84, "02": 12, "03": 3, "11": 1}  # 汉, 蒙古, 回, 满
# As cumulative weights: random.choices makes the same draw from them, without summing the
# weights again for each of the hundred thousand people.
_ETH_CODES = tuple(ETHNICITY_WEIGHTS)
_ETH_CUM = tuple(itertools.accumulate(ETHNICITY_WEIGHTS.values()))


@dataclass(eq=False)
class Person:
    name: str
    id_number: str
    phone: str
    sex: str
    birth: datetime.date
    relation: str
    ethnicity: str
    tags: list[str] = field(default_factory=list)
    political_status: str = "masses"
    pk: int | None = None  # set when written
    household: "HouseholdPlan | None" = None
    age: int = field(init=False)  # on REFERENCE_DATE

    def __post_init__(self) -> None:
        self.age = age_on(self.birth, REFERENCE_DATE)


@dataclass(eq=False)
class BuildingPlan:
    number: str
    name: str
    lat: float
    lng: float
    units: list[str]
    pk: int | None = None
    unit_pks: dict[str, int] = field(default_factory=dict)


@dataclass(eq=False)
class HouseholdPlan:
    door: str
    address: str
    building: BuildingPlan | None
    unit: str | None
    people: list[Person] = field(default_factory=list)
    pk: int | None = None
    grid: "GridPlan | None" = None


@dataclass(eq=False)
class GridPlan:
    code: str
    name: str
    community_code: str
    cell: Cell
    buildings: list[BuildingPlan] = field(default_factory=list)
    households: list[HouseholdPlan] = field(default_factory=list)
    outlets: list[tuple[str, str, float, float]] = field(default_factory=list)
    pk: int | None = None

    @property
    def people(self) -> list[Person]:
        return [p for h in self.households for p in h.people]


@dataclass(frozen=True)
class GridSpec:
    """What the street layout fixes for one grid before it is planned."""

    code: str
    name: str
    community_code: str
    cell: Cell
    compounds: tuple[str, ...]
    units_per_building: tuple[int, ...]
    households_per_unit: tuple[tuple[int, ...], ...]
    sizes: tuple[int, ...]  # people per household, in door order
    outlets: int


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def rng_for(seed: int, key: str) -> random.Random:
    return random.Random(f"{seed}/{key}")


@lru_cache(maxsize=1)
def _faker() -> Faker:
    return Faker("zh_CN")


def faker_for(seed: int, key: str) -> Faker:
    fake = _faker()
    fake.seed_instance(rng_for(seed, "faker/" + key).getrandbits(64))
    return fake


def _spread(rng: random.Random, total: int, n: int, lo: int, hi: int) -> list[int]:
    """`n` integers in [lo, hi] summing to `total`, drawn around the mean."""
    values = [lo] * n
    room = total - lo * n
    if room < 0 or room > (hi - lo) * n:
        raise ValueError("cannot spread")
    while room:
        i = rng.randrange(n)
        if values[i] < hi:
            values[i] += 1
            room -= 1
    return values


def _adjust_sizes(rng: random.Random, sizes: list[int], total: int, lo: int, hi: int) -> None:
    diff = total - sum(sizes)
    while diff:
        i = rng.randrange(len(sizes))
        if diff > 0 and sizes[i] < hi:
            sizes[i] += 1
            diff -= 1
        elif diff < 0 and sizes[i] > lo:
            sizes[i] -= 1
            diff += 1


def street_layout(seed: int = SEED) -> list[GridSpec]:
    """The 68 grids of 大学东路街道 with their buildings, units, households and sizes."""
    rng = rng_for(seed, "street")
    cells = street_cells(rng, [n for _c, _n, n in COMMUNITIES])

    buildings = [8] * (BUILDINGS - 7 * GRIDS) + [7] * (8 * GRIDS - BUILDINGS)
    rng.shuffle(buildings)
    # Units: mostly 2–4 per building, a few one-unit towers.
    units = [2] * BUILDINGS
    towers = set(rng.sample(range(BUILDINGS), 40))
    for i in towers:
        units[i] = 1
    extra = UNITS - sum(units)
    while extra:
        i = rng.randrange(BUILDINGS)
        if i not in towers and units[i] < 4:
            units[i] += 1
            extra -= 1

    compounds = list(names.COMPOUND_WORDS)
    rng.shuffle(compounds)
    specs, b = [], 0
    for (ccode, cname, n), ccells in zip(COMMUNITIES, cells, strict=True):
        for k in range(n):
            nb = buildings[len(specs)]
            ub = tuple(units[b : b + nb])
            b += nb
            u = sum(ub)
            lo, hi = max(HOUSEHOLDS_PER_GRID[0], 12 * u), min(HOUSEHOLDS_PER_GRID[1], 30 * u)
            target = rng.randint(lo, hi)
            per_unit = _spread(rng, target, u, 6, 36)
            hpu, j = [], 0
            for nu in ub:
                hpu.append(tuple(per_unit[j : j + nu]))
                j += nu
            if ccode == COMMUNITIES[0][0] and k < 2:
                # The five compounds that 乌兰社区 merged are in its first two grids.
                own = tuple(names.WULAN_COMPOUNDS[:3] if k == 0 else names.WULAN_COMPOUNDS[3:])
            else:
                own = tuple(compounds.pop() if compounds else f"{cname}小区" for _ in range(2))
                if rng.random() < 0.4:
                    own = own[:1]
            specs.append(
                GridSpec(
                    code=f"{ccode}{k + 1:03d}",
                    name=f"{cname}第{names.cn_number(k + 1)}网格",
                    community_code=ccode,
                    cell=ccells[k],
                    compounds=own,
                    units_per_building=ub,
                    households_per_unit=tuple(hpu),
                    sizes=(),
                    outlets=0,
                )
            )
            if not compounds:
                compounds = list(names.COMPOUND_WORDS)
                rng.shuffle(compounds)

    households = sum(sum(sum(h) for h in s.households_per_unit) for s in specs)
    sizes = rng.choices(range(1, 7), weights=[22, 33, 25, 12, 6, 2], k=households)
    _adjust_sizes(rng, sizes, RESIDENTS, 1, 6)
    outlets = _spread(rng, OUTLETS, GRIDS, 5, 25)
    out, i = [], 0
    for spec, n_out in zip(specs, outlets, strict=True):
        h = sum(sum(x) for x in spec.households_per_unit)
        out.append(replace(spec, sizes=tuple(sizes[i : i + h]), outlets=n_out))
        i += h
    return out


# --- households and people -------------------------------------------------------------


def _birth(rng: random.Random, age: int) -> datetime.date:
    day = REFERENCE_DATE - datetime.timedelta(days=rng.randrange(365))
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February
        return day.replace(year=day.year - age, day=28)


def _child_age(rng: random.Random, parent_age: int) -> int:
    age = parent_age - rng.randint(23, 34)
    return age if age >= 0 else rng.randint(0, max(0, parent_age - 20))


def compose(rng: random.Random, size: int, *, rural: bool = False) -> list[tuple[str, str, int]]:
    """Members of a household as (relation, sex, age), the head first."""
    r = rng.random()
    other = {"M": "F", "F": "M"}

    def couple(lo: int, hi: int) -> list[tuple[str, str, int]]:
        head = rng.randint(lo, hi)
        sex = "M" if rng.random() < 0.85 else "F"
        spouse = max(20, head + (rng.randint(-5, 2) if sex == "M" else rng.randint(-2, 5)))
        return [("head", sex, head), ("spouse", other[sex], spouse)]

    def sex() -> str:
        return rng.choice("MF")

    if size == 1:
        old = 0.6 if rural else 0.4
        age = rng.randint(65, 92) if r < old else rng.randint(22, 64)
        return [("head", sex(), age)]
    if size == 2:
        if r < (0.75 if rural else 0.55):
            return couple(45, 88)
        if r < (0.9 if rural else 0.85):
            return couple(24, 44)
        head = rng.randint(38, 62)
        return [("head", sex(), head), ("child", sex(), max(8, _child_age(rng, head)))]
    if size == 3:
        if rural and r < 0.45:
            members = couple(58, 76)
            return members + [("grandchild", sex(), rng.randint(3, 15))]
        if r < 0.72:
            members = couple(28, 62)
            return members + [("child", sex(), _child_age(rng, members[0][2]))]
        if r < 0.87:
            members = couple(30, 52)
            return members + [("parent", sex(), min(98, members[0][2] + rng.randint(24, 32)))]
        members = couple(58, 76)
        return members + [("grandchild", sex(), rng.randint(3, 17))]
    if size == 4:
        if r < 0.5:
            members = couple(32, 55)
            head = members[0][2]
            return members + [("child", sex(), _child_age(rng, head)) for _ in range(2)]
        if r < 0.8:
            members = couple(30, 50)
            head = members[0][2]
            return members + [
                ("child", sex(), _child_age(rng, head)),
                ("parent", sex(), min(98, head + rng.randint(24, 32))),
            ]
        members = couple(55, 72)
        child = _child_age(rng, members[0][2])
        return members + [
            ("child", sex(), child),
            ("grandchild", sex(), max(0, _child_age(rng, child))),
        ]
    if size == 5:
        if r < 0.5:
            members = couple(32, 50)
            head = members[0][2]
            return members + [
                ("child", sex(), _child_age(rng, head)),
                ("child", sex(), _child_age(rng, head)),
                ("parent", "F", min(98, head + rng.randint(24, 32))),
            ]
        members = couple(52, 70)
        child = max(20, _child_age(rng, members[0][2]))
        return members + [
            ("child", "M", child),
            ("child_in_law", "F", max(20, child + rng.randint(-3, 3))),
            ("grandchild", sex(), max(0, _child_age(rng, child))),
        ]
    if r < 0.5:
        members = couple(32, 48)
        head = members[0][2]
        return members + [
            ("child", sex(), _child_age(rng, head)),
            ("child", sex(), _child_age(rng, head)),
            ("parent", "M", min(98, head + rng.randint(26, 34))),
            ("parent", "F", min(98, head + rng.randint(24, 32))),
        ]
    members = couple(55, 72)
    child = max(20, _child_age(rng, members[0][2]))
    return members + [
        ("child", "M", child),
        ("child_in_law", "F", max(20, child + rng.randint(-3, 3))),
        ("grandchild", sex(), max(0, _child_age(rng, child))),
        ("grandchild", sex(), max(0, _child_age(rng, child))),
    ]


def make_household(
    rng: random.Random,
    fake: Faker,
    ids: IdentityMaker,
    size: int,
    *,
    rural: bool = False,
    places=None,
) -> list[Person]:
    members = compose(rng, size, rural=rural)
    head_eth = rng.choices(_ETH_CODES, cum_weights=_ETH_CUM)[0]
    spouse_eth = (
        head_eth if rng.random() < 0.8 else rng.choices(_ETH_CODES, cum_weights=_ETH_CUM)[0]
    )
    head_sex = members[0][1]
    head_surname = names.surname(fake, rng, head_eth)
    spouse_surname = names.surname(fake, rng, spouse_eth)
    family = head_surname if head_sex == "M" else spouse_surname
    # Children are often registered with the minority parent's ethnicity.
    child_eth = head_eth if head_eth != "01" or rng.random() < 0.5 else spouse_eth
    people = []
    for relation, sex, age in members:
        birth = _birth(rng, age)
        if relation == "head":
            eth, fam = head_eth, head_surname
        elif relation == "spouse":
            eth, fam = spouse_eth, spouse_surname
        elif relation == "parent":
            eth = head_eth
            fam = head_surname if sex == "M" else names.surname(fake, rng, head_eth)
        elif relation == "child_in_law":
            eth = rng.choices(_ETH_CODES, cum_weights=_ETH_CUM)[0]
            fam = names.surname(fake, rng, "01")
        else:
            eth, fam = child_eth, family
        name = names.person_name(
            fake, rng, sex=sex, birth_year=birth.year, ethnicity=eth, family=fam
        )
        # Rosters hold the head's phone, usually the spouse's, and some others'.
        chance = {"head": 0.97, "spouse": 0.75}.get(relation, 0.45)
        phone = ids.phone(rng) if age >= 18 and rng.random() < chance else ""
        person = Person(
            name=name,
            id_number=ids.id_number(rng, sex=sex, birth=birth, places=places),
            phone=phone,
            sex=sex,
            birth=birth,
            relation=relation,
            ethnicity=eth,
        )
        if 14 <= age <= 28 and rng.random() < 0.35:
            person.political_status = "league_member"
        _tag(rng, person, size=size, rural=rural, members=members)
        people.append(person)
    if rng.random() < (0.03 if rural else 0.012):
        people[0].tags.append("low_income")
    return people


def _tag(rng: random.Random, p: Person, *, size: int, rural: bool, members) -> None:
    age = p.age
    if size == 1 and age >= 70:
        p.tags.append("elderly_alone")
    if rng.random() < (0.03 if age >= 65 else 0.01):
        p.tags.append("disabled")
    if 28 <= age <= 58 and rng.random() < 0.006:
        p.tags.append("needy_worker")
    if p.sex == "M" and 38 <= age <= 80 and rng.random() < 0.03:
        p.tags.append("veteran")
    if rng.random() < 0.003:
        p.tags.append("serious_illness")
    has_parents = any(rel in {"child", "child_in_law"} for rel, _s, _a in members)
    if rural and p.relation == "grandchild" and age < 16 and not has_parents:
        p.tags.append("left_behind_child")


def plan_grid(seed: int, spec: GridSpec, ids: IdentityMaker) -> GridPlan:
    """One grid of the street: buildings, units, households and their people."""
    rng = rng_for(seed, "grid/" + spec.code)
    fake = faker_for(seed, spec.code)
    grid = GridPlan(spec.code, spec.name, spec.community_code, spec.cell)
    sizes = iter(spec.sizes)
    number = 0
    for k, (nu, hpu) in enumerate(
        zip(spec.units_per_building, spec.households_per_unit, strict=True)
    ):
        number += 1
        compound = spec.compounds[k * len(spec.compounds) // len(spec.units_per_building)]
        lat, lng = spec.cell.point(rng)
        building = BuildingPlan(
            number=f"{number}号楼",
            name=f"{compound}{number}号楼",
            lat=lat,
            lng=lng,
            units=[f"{u + 1}单元" for u in range(nu)],
        )
        grid.buildings.append(building)
        per_floor = 4 if nu == 1 else rng.choice([2, 2, 3])
        for unit, n in zip(building.units, hpu, strict=True):
            for d in range(n):
                floor, door = divmod(d, per_floor)
                door_no = f"{floor + 1}{door + 1:02d}"
                household = HouseholdPlan(
                    door=door_no,
                    address=f"{building.name}{unit}{door_no}室",
                    building=building,
                    unit=unit,
                    grid=grid,
                )
                household.people = make_household(rng, fake, ids, next(sizes))
                for p in household.people:
                    p.household = household
                grid.households.append(household)
    for _ in range(spec.outlets):
        name, kind = names.outlet_name(rng)
        lat, lng = spec.cell.point(rng, margin=0.05)
        grid.outlets.append((name, kind, lat, lng))
    return grid


def plan_street(seed: int = SEED, ids: IdentityMaker | None = None) -> list[GridPlan]:
    ids = ids or IdentityMaker()
    return [plan_grid(seed, spec, ids) for spec in street_layout(seed)]


# --- villages of 清水河县城关镇 ----------------------------------------------------------------


@dataclass(eq=False)
class VillagePlan:
    code: str
    name: str
    grid: GridPlan


def plan_villages(seed: int = SEED, ids: IdentityMaker | None = None) -> list[VillagePlan]:
    ids = ids or IdentityMaker()
    cells = town_cells(len(names.VILLAGE_NAMES))
    villages = []
    for i, (vname, cell) in enumerate(zip(names.VILLAGE_NAMES, cells, strict=True)):
        code = f"{TOWN_CODE[:9]}{201 + i:03d}"
        rng = rng_for(seed, "village/" + code)
        fake = faker_for(seed, code)
        grid = GridPlan(f"{code}001", f"{vname}综合网格", code, cell)
        n = rng.randint(*VILLAGE_HOUSEHOLDS)
        sizes = rng.choices(range(1, 6), weights=[30, 40, 15, 10, 5], k=n)
        groups = rng.randint(4, 7)  # 村民小组
        for d, size in enumerate(sizes):
            group = d * groups // n + 1
            door = f"{group}组{d + 1}号"
            household = HouseholdPlan(
                door=door, address=f"{vname}{door}", building=None, unit=None, grid=grid
            )
            household.people = make_household(
                rng, fake, ids, size, rural=True, places=QINGSHUIHE_PLACES
            )
            for p in household.people:
                p.household = household
            grid.households.append(household)
        villages.append(VillagePlan(code, vname, grid))
    return villages
