"""Writing the planned city with COPY: regions, grids, buildings and units; households and
residents (made by `city_people` in a pool of processes, numbered here in chunk order);
the four-level party organization and its members; the accounts (one Argon2 hash for all)
with their roles, and each grid's worker. Primary keys are given, not drawn, so the rows
point at each other without a lookup; `sequences_past_ids` moves the sequences on after."""

import datetime
import json
import multiprocessing
import random
from dataclasses import dataclass, field

from _common import STEP
from city_people import UNIT_NUMBERS, ChunkGrid, make_chunk
from city_plan import CityPlan
from django.contrib.auth.hashers import make_password
from django.db import connection

from banshi.demo.accounts import staff_group
from banshi.demo.plan import STREET_CODE
from banshi.people.roster.rows import PAYLOAD_COLUMNS
from banshi.territory import codes

GRIDS_PER_CHUNK = 48
RETIRED_AGE = 65


@dataclass
class Written:
    """What the later steps need: ids by code and each grid's facts for the SQL steps."""

    region_ids: dict[str, int] = field(default_factory=dict)
    grid_rows: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    reporters: list[tuple] = field(default_factory=list)  # grid_id, k, resident_id, 5 texts
    accounts: list[tuple] = field(default_factory=list)  # username, role, scope


def copy_rows(table: str, cols: list[str], rows) -> int:
    n = 0
    with (
        connection.cursor() as cur,
        cur.cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def copy_text(table: str, cols: list[str], lines: list[str]) -> None:
    with (
        connection.cursor() as cur,
        cur.cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy,
    ):
        copy.write("".join(lines))


def write_territory(plan: CityPlan, stamp: str, out: Written) -> None:
    ids = out.region_ids
    rows = []
    for i, r in enumerate(plan.regions, start=1):
        ids[r.code] = i
        level = codes.level_of(r.code)
        rows.append((i, r.code, codes.prefix_of(r.code), r.name, r.kind, level, ids.get(r.parent)))
    copy_rows(
        "territory_region", ["id", "code", "prefix", "name", "kind", "level", "parent_id"], rows
    )
    names = {r.code: r.name for r in plan.regions}
    grids, buildings, units = [], [], []
    next_building = 1
    for g in plan.grids:
        gid = g.index + 1
        grids.append((gid, g.code, g.name, ids[g.community_code], "comprehensive",
                      json.dumps(g.boundary), stamp))  # fmt: skip
        ring = g.boundary["coordinates"][0]
        x0, y0 = ring[0]
        first = next_building if g.urban else None
        for b in range(g.buildings):
            bid = next_building
            next_building += 1
            lat = round(y0 + STEP * (0.1 + 0.8 * ((b * 7) % 10) / 10), 6)
            lng = round(x0 + STEP * (0.1 + 0.8 * ((b * 3) % 10) / 10), 6)
            buildings.append((bid, gid, f"{b + 1}号楼", "", lat, lng))
            for u, number in enumerate(UNIT_NUMBERS):
                units.append(((bid - 1) * len(UNIT_NUMBERS) + u + 1, bid, number))
        community = g.community_code
        out.grid_rows.append(
            {
                "grid_id": gid,
                "code": g.code,
                "name": g.name,
                "community_name": names[community],
                "community_id": ids[community],
                "street_id": ids[codes.padded(g.code[:9])],
                "district_id": ids[codes.padded(g.code[:6])],
                "urban": g.urban,
                "households": g.households,
                "first_building_id": first,
                "x0": x0,
                "y0": y0,
            }
        )
    copy_rows("territory_grid", ["id", "code", "name", "community_id", "kind", "boundary",
                                 "updated_at"], grids)  # fmt: skip
    copy_rows("territory_building", ["id", "grid_id", "number", "name", "lat", "lng"], buildings)
    copy_rows("territory_unit", ["id", "building_id", "number"], units)
    out.counts.update(grids=len(grids), buildings=len(buildings), units=len(units))


def write_people(plan: CityPlan, *, seed: int, year: int, stamp: str, workers: int,
                 out: Written) -> list:  # fmt: skip
    """Households, residents and tags; returns [(resident id, grid id, status, joined,
    contact, age)] for the party step, and gives each grid its worker (a resident of 23–50)
    and the span of its household ids."""
    chunk_grids = [
        ChunkGrid(
            grid_id=row["grid_id"],
            code=row["code"],
            name=row["name"],
            community_name=row["community_name"],
            urban=row["urban"],
            households=row["households"],
            first_building_id=row["first_building_id"] or 0,
        )
        for row in out.grid_rows
    ]
    chunks = [
        chunk_grids[i : i + GRIDS_PER_CHUNK] for i in range(0, len(chunk_grids), GRIDS_PER_CHUNK)
    ]
    jobs = [(seed, c, len(chunks), grids, stamp, year) for c, grids in enumerate(chunks)]
    by_grid = {row["grid_id"]: row for row in out.grid_rows}
    hid = rid = 0
    members_out, tags = [], []
    resident_cols = ["id", "household_id", "grid_id", *PAYLOAD_COLUMNS]
    household_cols = ["id", "grid_id", "building_id", "unit_id", "door_number", "address", "size"]
    units_per = len(UNIT_NUMBERS)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) if workers > 1 else _Serial() as pool:
        for result in pool.imap(make_chunk, jobs):
            households, lines = [], []
            resident_ids: list[list[int]] = []
            for (grid_id, building_id, unit, door, address, size), members in zip(
                result.households, result.members, strict=True
            ):
                hid += 1
                unit_id = None
                if building_id:
                    unit_id = (building_id - 1) * units_per + int(unit.removesuffix("单元"))
                households.append((hid, grid_id, building_id, unit_id, door, address, size))
                ids = []
                grid = by_grid[grid_id]
                for payload, labels, age in members:
                    rid += 1
                    ids.append(rid)
                    lines.append(f"{rid}\t{hid}\t{grid_id}\t{payload}\n")
                    tags.extend((rid, t) for t in labels or ())
                    if "worker_resident_id" not in grid and 23 <= age <= 50:
                        grid["worker_resident_id"] = rid
                resident_ids.append(ids)
                grid.setdefault("first_household_id", hid)
                grid["household_count"] = grid.get("household_count", 0) + 1
            copy_rows("territory_household", household_cols, households)
            copy_text("people_resident", resident_cols, lines)
            for h, m, status, joined, contact in result.party:
                row = result.households[h]
                age = result.members[h][m][2]
                members_out.append((resident_ids[h][m], row[0], status, joined, contact, age))
            for grid_id, found in result.reporters.items():
                for k, (h, m, *texts) in enumerate(found):
                    out.reporters.append((grid_id, k, resident_ids[h][m], *texts))
    copy_rows("people_residenttag", ["resident_id", "tag"], tags)
    out.counts.update(households=hid, residents=rid, tags=len(tags))
    return members_out


class _Serial:
    """A pool of one: the chunks made in this process."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def imap(self, fn, jobs):
        return map(fn, jobs)


def write_party(plan: CityPlan, members: list, *, seed: int, out: Written) -> None:
    """City committee → district/county committees → street working committees and town
    committees → community committees / village general branches (with a retired members'
    branch in urban communities) → grid branches; each member in their grid's branch, an
    urban member of 65 or more in their community's retired branch."""
    rng = random.Random(f"{seed}:orgs")
    ids = out.region_ids
    # Rows: id, name, kind, parent id, path, region id, grid id, territory code,
    # has committee, established on.
    orgs: list[list] = []
    by_key: dict[tuple, list] = {}

    def add(key, name, kind, parent_key, *, region_code=None, grid=None, year=(1990, 2010)):
        oid = len(orgs) + 1
        parent = by_key.get(parent_key)
        path = (parent[4] if parent else "/") + f"{oid}/"
        established = datetime.date(rng.randint(*year), rng.randint(1, 12), 1)
        territory = grid["code"] if grid else codes.prefix_of(region_code)
        row = [oid, name, kind, parent[0] if parent else None, path,
               ids[region_code] if region_code and not grid else None,
               grid["grid_id"] if grid else None, territory, kind != "grid_branch",
               established]  # fmt: skip
        orgs.append(row)
        by_key[key] = row
        return row

    city = plan.regions[0]
    add(("city",), f"中共{city.name}委员会", "party_committee", None, region_code=city.code)
    street_kind = {
        r.code[:9]: r.kind for r in plan.regions if codes.level_of(r.code) == codes.STREET
    }
    has_grids = {g["code"][:12] for g in out.grid_rows} | {g["code"][:9] for g in out.grid_rows}
    for r in plan.regions[1:]:
        level = codes.level_of(r.code)
        if level == codes.DISTRICT:
            add(
                ("r", r.code),
                f"中共{r.name}委员会",
                "party_committee",
                ("city",),
                region_code=r.code,
            )
        elif level == codes.STREET:
            kind, suffix = ("working_committee", "党工委") if r.kind == "street" else (
                "party_committee", "党委")  # fmt: skip
            add(("r", r.code), f"{r.name}{suffix}", kind, ("r", codes.padded(r.code[:6])),
                region_code=r.code)  # fmt: skip
        elif level == codes.COMMUNITY and r.code[:12] in has_grids:
            parent = ("r", codes.padded(r.code[:9]))
            if r.kind == "community":
                add(("r", r.code), f"{r.name}党委", "party_committee", parent, region_code=r.code,
                    year=(2008, 2018))  # fmt: skip
                if street_kind[r.code[:9]] == "street":
                    add(("retired", r.code), f"{r.name}离退休党员党支部", "branch", ("r", r.code),
                        region_code=r.code, year=(2010, 2018))  # fmt: skip
            else:
                add(("r", r.code), f"{r.name}党总支", "general_branch", parent, region_code=r.code,
                    year=(2005, 2018))  # fmt: skip
    for g in out.grid_rows:
        community = ("r", codes.padded(g["code"][:12]))
        add(("grid", g["code"]), f"{g['name']}党支部", "grid_branch", community, grid=g,
            year=(2021, 2021))  # fmt: skip
    grid_code = {g["grid_id"]: g["code"] for g in out.grid_rows}
    urban = {g["grid_id"]: g["urban"] for g in out.grid_rows}
    member_rows, history, per_org = [], [], {}
    for i, (resident_id, grid_id, status, joined, contact, age) in enumerate(members, start=1):
        code = grid_code[grid_id]
        key = ("retired", code[:12]) if urban[grid_id] and age >= RETIRED_AGE else ("grid", code)
        org = by_key.get(key) or by_key[("grid", code)]
        per_org[org[0]] = per_org.get(org[0], 0) + 1
        member_rows.append((i, resident_id, org[0], status, joined, False, "", contact))
        started = max(joined, org[9].isoformat())
        history.append((i, org[0], started, None, "" if started == joined else "党组织组建时转入"))
    for row in orgs:
        if row[2] == "grid_branch":
            row[8] = per_org.get(row[0], 0) >= 7
    copy_rows(
        "organizations_partyorganization",
        [
            "id",
            "name",
            "kind",
            "parent_id",
            "path",
            "region_id",
            "grid_id",
            "territory_code",
            "has_committee",
            "established_on",
            "is_mobile",
        ],  # fmt: skip
        (tuple(row) + (False,) for row in orgs),
    )
    copy_rows(
        "organizations_partymember",
        [
            "id",
            "resident_id",
            "organization_id",
            "status",
            "joined_on",
            "is_mobile",
            "occupation",
            "last_contact_on",
        ],  # fmt: skip
        member_rows,
    )
    copy_rows(
        "organizations_membership",
        ["member_id", "organization_id", "started_on", "ended_on", "note"],
        history,
    )
    by_kind: dict[str, int] = {}
    for row in orgs:
        by_kind[row[2]] = by_kind.get(row[2], 0) + 1
    out.counts.update(organizations=len(orgs), party_members=len(member_rows))
    out.counts.update({f"org_{k}": v for k, v in by_kind.items()})


def write_accounts(*, password: str, stamp: str, year: int, out: Written) -> None:
    """The city's accounts (one hash of the password for them all) and a grid worker per
    grid, who is also a resident of the grid (a place role) and records its field work."""
    encoded = make_password(password)
    users, roles = [], []
    street = codes.padded(STREET_CODE[:9])
    community = next(
        (
            codes.padded(g["code"][:12])
            for g in out.grid_rows
            if g["code"].startswith(STREET_CODE[:9])
        ),
        None,
    )
    specs = [
        ("city_admin", "system_admin", None, True, True),
        ("city_district", "district", "150105000000", True, False),
        ("city_street", "street", street, True, False),
    ]
    if community:
        specs.append(("city_community", "community", community, True, False))
    for username, role, region, staff, superuser in specs:
        uid = len(users) + 1
        users.append((uid, encoded, superuser, username, staff, stamp))
        roles.append((uid, role, out.region_ids.get(region), None, stamp))
        out.accounts.append((username, role, region or "*"))
    width = max(4, len(str(len(out.grid_rows))))
    for g in out.grid_rows:
        uid = len(users) + 1
        username = f"city_grid_{g['grid_id']:0{width}d}"
        users.append((uid, encoded, False, username, False, stamp))
        roles.append((uid, "grid_worker", None, g["grid_id"], stamp))
        g["worker_user_id"] = uid
    first_grid = out.grid_rows[0]
    out.accounts.append(
        (
            f"city_grid_{1:0{width}d} … city_grid_{len(out.grid_rows):0{width}d}",
            "grid_worker",
            f"{first_grid['code']} …",
        )  # fmt: skip
    )
    copy_rows(
        "auth_user",
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "is_staff",
            "date_joined",
            "first_name",
            "last_name",
            "email",
            "is_active",
        ],  # fmt: skip
        (row + ("", "", "", True) for row in users),
    )
    copy_rows(
        "access_roleassignment", ["user_id", "role", "region_id", "grid_id", "created_at"], roles
    )
    group = staff_group()
    copy_rows(
        "auth_user_groups",
        ["user_id", "group_id"],
        [(u[0], group.pk) for u in users if u[4] and not u[2]],
    )
    started = datetime.date(year - 3, 3, 1).isoformat()
    copy_rows(
        "people_placerole",
        ["resident_id", "role", "grid_id", "started_on"],
        [
            (g["worker_resident_id"], "grid_worker", g["grid_id"], started)
            for g in out.grid_rows
            if g.get("worker_resident_id")
        ],  # fmt: skip
    )
    out.counts.update(users=len(users), grid_workers=len(out.grid_rows))


def sequences_past_ids(tables: list[str]) -> None:
    """Every table's id sequence past the largest id (the rows were given their ids)."""
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
