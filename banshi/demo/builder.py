"""Build the demo into the database: plan everything in memory (plan, economy, party),
then write it in one transaction. Regions, grids and party organizations go through the
services (they validate codes, boundaries and compute paths; there are a few hundred);
the tens of thousands of places go in with bulk_create, the residents with the roster's
leaner `bulk_insert`, each resident's fields computed by `resident_fields` (which
validates and encrypts them) in forked workers."""

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.audit_context import audit_muted
from banshi.access.models import AuditEvent
from banshi.access.services import audit_record
from banshi.assessment.demo import build_demo_analyses, build_demo_assessment
from banshi.contests.demo import build_demo_contests
from banshi.demands.defaults import ensure_defaults
from banshi.demands.demo import build_demo_demands
from banshi.demands.models import Demand
from banshi.enterprises.demo_work import build_demo_enterprise_work
from banshi.fieldwork.demo import build_demo_fieldwork
from banshi.lectures.demo import build_demo_lectures
from banshi.materials.demo import build_demo_materials
from banshi.open311.services import open311_key_create
from banshi.partylife.demo import build_demo_partylife
from banshi.people.models import Resident, ResidentTag
from banshi.people.roster.writing import ImportTuning, IndexRebuild, bulk_insert
from banshi.people.services import resident_fields
from banshi.praise.demo import build_demo_praise
from banshi.projects.demo import build_demo_projects
from banshi.rectification.demo import build_demo_rectification
from banshi.redflags.demo import build_demo_redflags
from banshi.territory.models import Building, CommercialOutlet, Household, Region, Unit
from banshi.territory.services import grid_create, region_create
from banshi.unions.demo import build_demo_unions
from banshi.villages.demo import build_demo_villages
from banshi.volunteers.demo import build_demo_volunteers

from . import economy, regions
from .accounts import AccountRow, create_demo_accounts
from .codes import IdentityMaker
from .party import plan_party, write_party
from .plan import (
    COMMUNITIES,
    SEED,
    STREET_CODE,
    TOWN_CODE,
    GridPlan,
    plan_street,
    plan_villages,
    rng_for,
)
from .riders import build_demo_riders

BATCH = 5000
# Demands a year per grid in the demo street (Beijing's 12345 receives about one a year per
# resident; a grid's share through this platform is far smaller).
DEMANDS_PER_GRID = 30


@dataclass
class BuildReport:
    seconds: float = 0.0
    steps: list[tuple[str, float]] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)


class _Clock:
    def __init__(self, report: BuildReport, log: Callable[[str], None] | None) -> None:
        self.report, self.log = report, log
        self.start = self.last = time.perf_counter()

    def step(self, label: str) -> None:
        now = time.perf_counter()
        self.report.steps.append((label, now - self.last))
        if self.log:
            self.log(f"{label}: {now - self.last:.1f} s")
        self.last = now
        self.report.seconds = now - self.start


DEMO_PREFIX = "demo_"  # every account the demo makes is named so (demo.accounts)


def foreign_records() -> str:
    """What in the database the demo did not make ("" for nothing): accounts not named
    demo_…, or residents or demands without the demo's own accounts beside them. The demo
    empties the whole database, so it refuses to run over such records unless forced."""
    users = get_user_model().objects.exclude(username__startswith=DEMO_PREFIX)
    others = list(users.order_by("pk").values_list("username", flat=True)[:3])
    if others:
        more = users.count() - len(others)
        names = "、".join(others) + (_("等 %(n)d 个") % {"n": more} if more else "")
        return _("不是演示生成的账户：%(names)s") % {"names": names}
    demo_accounts = get_user_model().objects.filter(username__startswith=DEMO_PREFIX).exists()
    if not demo_accounts and (Resident.objects.exists() or Demand.objects.exists()):
        return _("居民 %(r)s 人、诉求 %(d)s 件，且没有演示账户") % {
            "r": f"{Resident.objects.count():,}",
            "d": f"{Demand.objects.count():,}",
        }
    return ""


def flush_database() -> None:
    """Empty every table (users too) so that a rebuild starts from scratch."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()


def build_demo(
    *,
    seed: int = SEED,
    flush: bool = True,
    log: Callable[[str], None] | None = None,
    activity: bool = True,
    demands_per_grid: int = DEMANDS_PER_GRID,
) -> BuildReport:
    """Build the demo. `activity` adds a year of demands and field work in the street (the
    tests of the territory build leave it out to stay quick)."""
    report = BuildReport()
    clock = _Clock(report, log)
    if flush:
        flush_database()
        clock.step("flush")
    # SQLite's default 2 MiB page cache thrashes on the build's hundred thousand index
    # inserts (the roster import raises it likewise). On PostgreSQL the tuning is a SET
    # LOCAL, which needs a transaction that the whole build is not.
    tuning = ImportTuning() if connection.vendor == "sqlite" else nullcontext()
    with audit_muted(), tuning:
        _build(report, clock, seed=seed, activity=activity, demands_per_grid=demands_per_grid)
    audit_record(
        action=AuditEvent.Action.IMPORT, object_type="demo", reason=f"banshi demo (seed {seed})"
    )
    return report


def _build(report, clock, *, seed, activity, demands_per_grid) -> None:
    ids = IdentityMaker()
    street = plan_street(seed, ids)
    villages = plan_villages(seed, ids)
    rng = rng_for(seed, "economy")
    enterprises = economy.plan_enterprises(rng, street)
    stations = economy.plan_stations(rng, street)
    party = plan_party(seed, street, villages, enterprises)
    clock.step("plan")

    with transaction.atomic():
        region_map = write_regions(villages)
        all_grids = street + [v.grid for v in villages]
        grid_map = write_grids(all_grids, region_map)
        building_map = write_places(all_grids, grid_map)
        clock.step("territory")
        write_people(all_grids)
        clock.step("residents")
        write_outlets(street)
        orgs = write_party(party, regions=region_map, grids=grid_map, buildings=building_map)
        economy.write_enterprises(enterprises, orgs)
        economy.write_stations(stations)
        clock.step("organizations")
        report.accounts = create_demo_accounts()
        clock.step("accounts")
    open311_key_create(name="demo", key="demo-open311-key")
    ensure_defaults()
    if not activity:
        return
    street_region = Region.objects.get(code=STREET_CODE)
    # The year of activity ends at the start of today, so the current month's ranking and
    # coverage have figures; within a day the build is deterministic.
    now = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    build_demo_demands(street_region, seed=seed, now=now, count=len(street) * demands_per_grid)
    clock.step("demands")
    build_demo_fieldwork(street_region, seed=seed, now=now)
    clock.step("fieldwork")
    build_demo_enterprise_work(seed=seed, now=now)
    build_demo_riders(seed=seed, now=now)
    clock.step("enterprises and riders")
    build_demo_partylife(seed=seed, now=now)
    clock.step("partylife")
    build_demo_lectures(seed=seed, now=now)
    # Last: its ID numbers skip those taken, so nothing after it can collide with them.
    build_demo_materials(seed=seed, now=now)
    clock.step("lectures and materials")
    build_demo_villages(seed=seed, now=now)
    clock.step("villages")
    build_demo_contests(seed=seed, now=now)
    clock.step("contests")
    build_demo_redflags(seed=seed, now=now)
    clock.step("redflags")
    # The assessment first: the screening reads who came last in it.
    build_demo_assessment(seed=seed, now=now)
    clock.step("assessment")
    build_demo_rectification(seed=seed, now=now)
    clock.step("rectification")
    build_demo_volunteers(seed=seed, now=now)
    clock.step("volunteers")
    # After the volunteers: the brand's volunteer-team carrier is their team.
    build_demo_praise(seed=seed, now=now)
    clock.step("praise")
    build_demo_unions(seed=seed, now=now)
    clock.step("unions")
    build_demo_projects(seed=seed, now=now)
    clock.step("projects")
    # Last: the secretaries' analyses hold the figures every demo before wrote.
    build_demo_analyses(now=now)
    clock.step("secretaries' analyses")


def write_regions(villages) -> dict[str, Region]:
    code, name = regions.CITY
    out = {code: region_create(code=code, name=name, kind=Region.Kind.CITY)}
    city = out[code]
    for county_code, county_name, kind, townships in regions.COUNTIES:
        county = region_create(
            code=f"{county_code}000000", name=county_name, kind=kind, parent=city
        )
        out[county.code] = county
        for tcode, tname, tkind in regions.townships(county_code, townships):
            out[tcode] = region_create(code=tcode, name=tname, kind=tkind, parent=county)
    street = out[STREET_CODE]
    for ccode, cname, _n in COMMUNITIES:
        out[ccode] = region_create(
            code=ccode, name=cname, kind=Region.Kind.COMMUNITY, parent=street
        )
    town = out[TOWN_CODE]
    for v in villages:
        out[v.code] = region_create(code=v.code, name=v.name, kind=Region.Kind.VILLAGE, parent=town)
    return out


def write_grids(grids: list[GridPlan], region_map: dict) -> dict:
    out = {}
    for g in grids:
        grid = grid_create(
            community=region_map[g.community_code],
            code=g.code,
            name=g.name,
            boundary=g.cell.geojson(),
        )
        g.pk = grid.pk
        out[g.code] = grid
    return out


def write_places(grids: list[GridPlan], grid_map: dict) -> dict:
    """Buildings, units and households; returns (grid code, number) → Building."""
    buildings = {}
    rows = []
    for g in grids:
        for b in g.buildings:
            row = Building(
                grid=grid_map[g.code], number=b.number, name=b.name, lat=b.lat, lng=b.lng
            )
            rows.append((b, row))
            buildings[(g.code, b.number)] = row
    Building.objects.bulk_create([row for _b, row in rows], batch_size=BATCH)
    units = []
    for b, row in rows:
        b.pk = row.pk
        units.extend((b, Unit(building_id=row.pk, number=n)) for n in b.units)
    Unit.objects.bulk_create([u for _b, u in units], batch_size=BATCH)
    for b, u in units:
        b.unit_pks[u.number] = u.pk
    households = []
    for g in grids:
        for h in g.households:
            b = h.building
            households.append(
                Household(
                    grid_id=g.pk,
                    building_id=b.pk if b else None,
                    unit_id=b.unit_pks[h.unit] if b else None,
                    door_number=h.door,
                    address=h.address,
                    size=len(h.people),
                )
            )
    Household.objects.bulk_create(households, batch_size=BATCH)
    plans = [h for g in grids for h in g.households]
    for h, row in zip(plans, households, strict=True):
        h.pk = row.pk
    return buildings


def write_people(grids: list[GridPlan]) -> None:
    people = [(g, h, p) for g in grids for h in g.households for p in h.people]
    if not people:
        return
    first = people[0][2]
    # resident_fields returns the same keys, in the same order, for every resident.
    identity = tuple(resident_fields(name=first.name, id_number=first.id_number, phone=first.phone))
    places = ("household_id", "grid_id", "relation_to_head", "ethnicity", "political_status")
    names = (*identity, *places)
    # Building the resident table's indexes once, after the load, is much cheaper than
    # keeping them up to date row by row (as in the roster's first import).
    indexes = IndexRebuild(Resident._meta.db_table, also_foreign_keys=(ResidentTag._meta.db_table,))
    indexes.drop()
    chunks = [people[i : i + BATCH] for i in range(0, len(people), BATCH)]
    for chunk, identities in zip(chunks, _identities(chunks), strict=True):
        rows = [
            (*values, h.pk, g.pk, p.relation, p.ethnicity, p.political_status)
            for (g, h, p), values in zip(chunk, identities, strict=True)
        ]
        pks = bulk_insert(Resident, names, rows)
        for (_g, _h, p), pk in zip(chunk, pks, strict=True):
            p.pk = pk
    bulk_insert(
        ResidentTag,
        ("resident_id", "tag"),
        [(p.pk, t) for _g, _h, p in people for t in dict.fromkeys(p.tags)],
    )
    indexes.restore()


def _identities(chunks: list[list[tuple]]) -> Iterator[list[tuple]]:
    """The values of `resident_fields` for each chunk of people, in order. Validating,
    romanising and encrypting seventy thousand people is pure computation, so forked
    workers do it (as the roster import's do; they never touch the database) while this
    process writes the chunks already done."""
    people = [[(p.name, p.id_number, p.phone) for _g, _h, p in chunk] for chunk in chunks]
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(chunks) < 2:
        yield from map(_identity_values, people)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_identity_values, people)


def _identity_values(people: list[tuple[str, str, str]]) -> list[tuple]:
    return [
        tuple(resident_fields(name=name, id_number=number, phone=phone).values())
        for name, number, phone in people
    ]


def write_outlets(grids: list[GridPlan]) -> None:
    CommercialOutlet.objects.bulk_create(
        [
            CommercialOutlet(grid_id=g.pk, name=name, kind=kind, lat=lat, lng=lng)
            for g in grids
            for name, kind, lat, lng in g.outlets
        ],
        batch_size=BATCH,
    )
