"""The city's households and residents, made in worker processes: each chunk of grids gets
its households (urban ones in buildings of 3 units × 6 floors × 2 doors, village ones by
group and number) and their members from the roster bench's `People` (names, valid ID
numbers, phones, relations, ethnicities, labels), and every member goes through the roster
import's own `check_row` — the row the import writes, validated, derived and encrypted
by `resident_fields` — so the app reads these residents exactly as imported ones.

A chunk's ID numbers are its own: the sequence digits of an ID number are split among the
chunks (`CityPeople.id_number`), so chunks made in parallel never collide and the result
does not depend on how many processes made them. Party membership is thinned to about
200,000 of the city's 3.5 million (the roster bench's shares give half as many again)."""

import datetime
import random
from dataclasses import dataclass, field

from city_plan import DOORS, FLOORS, PER_BUILDING, UNITS_PER_BUILDING
from import_roster import People

from banshi.core import crypto
from banshi.people.roster import columns, rows

# Of the roster bench's party members, the share kept (≈ 5.7 % of residents in all).
KEEP_MEMBER = 0.62
REPORTERS_PER_GRID = 8
VILLAGE_GROUP = 40  # households per village group (组)
_LABELS = None


@dataclass
class ChunkGrid:
    grid_id: int
    code: str
    name: str
    community_name: str
    urban: bool
    households: int
    first_building_id: int  # urban grids: buildings are numbered from 1号楼 on this id


@dataclass
class ChunkResult:
    """What a chunk made, without primary keys (the parent numbers rows in chunk order)."""

    households: list[tuple] = field(
        default_factory=list
    )  # grid_id, building_id, unit, door, address, size
    # per household, its members: (COPY payload, tags, age)
    members: list[list[tuple]] = field(default_factory=list)
    # (household index, member index, status, joined_on, last_contact_on)
    party: list[tuple] = field(default_factory=list)
    # grid_id → [(household index, member index, name_enc, name_masked, phone_enc, hash, masked)]
    reporters: dict[int, list[tuple]] = field(default_factory=dict)


class CityPeople(People):
    """The roster bench's people, with the ID numbers' sequence digits split among chunks."""

    def __init__(self, seed: int, chunk: int, chunks: int):
        super().__init__(seed)
        self.chunk, self.chunks = chunk, chunks
        self.slots = max(1, 499 // chunks)

    def id_number(self, birth: datetime.date, male: bool) -> str:
        pool = ("150102", "150103", "150104", "150105")
        if birth.year < 1983:
            pool = ("150100", "150121", "150122")
        place = pool[self.rng.randrange(len(pool))]
        while True:
            key = (place, birth.strftime("%Y%m%d"))
            used = self.used.get(key, 0)
            if used < self.slots:
                break
            birth += datetime.timedelta(days=1)
        self.used[key] = used + 1
        n = used * self.chunks + self.chunk
        first17 = f"{place}{key[1]}{n * 2 + (1 if male else 0):03d}"
        return first17 + self.check_digit(first17)


def _labels():
    global _LABELS
    if _LABELS is None:
        _LABELS = (columns.relation_codes(), columns.political_codes(), rows._ETHNICITIES)
    return _LABELS


def _door(grid: ChunkGrid, h: int) -> tuple[int | None, str, str, str]:
    """(building id, building label, unit label, door) of the grid's h-th household."""
    if not grid.urban:
        return None, "", "", f"{h // VILLAGE_GROUP + 1}组{h % VILLAGE_GROUP + 1}号"
    b, rest = divmod(h, PER_BUILDING)
    unit, rest = divmod(rest, FLOORS * DOORS)
    floor, door = divmod(rest, DOORS)
    return grid.first_building_id + b, f"{b + 1}号楼", f"{unit + 1}单元", f"{floor + 1}0{door + 1}"


def make_chunk(args) -> ChunkResult:
    """Households, residents and party members of a chunk of grids (in a worker)."""
    seed, chunk, chunks, grids, stamp, year = args
    people = CityPeople(seed * 1000 + chunk, chunk, chunks)
    rng = random.Random(f"{seed}:{chunk}:party")
    labels = _labels()
    positions = tuple(range(11))
    places = rows.Places()
    for g in grids:
        places.grid_by_code[g.code] = (g.grid_id, g.code, True)
        places.grid_names[g.grid_id] = g.name
        for b in range(-(-g.households // PER_BUILDING) if g.urban else 0):
            places.buildings[(g.grid_id, f"{b + 1}号楼")] = g.first_building_id + b
    out = ChunkResult()
    reference = datetime.date(year, 1, 1)
    for g in grids:
        reporters = out.reporters.setdefault(g.grid_id, [])
        for h in range(g.households):
            building_id, building, unit, door = _door(g, h)
            address = f"{g.community_name}{building}{unit}{door}"
            members = []
            for name, id_number, phone, relation, eth, political, tags in people.household():
                if political in ("中共党员", "中共预备党员") and rng.random() >= KEEP_MEMBER:
                    political = "群众"
                cells = [name, id_number, phone, g.code, building, unit, door, relation, eth,
                         political, tags]  # fmt: skip
                record, errors = rows.check_row(
                    0, cells, positions, True, places, labels, True, stamp
                )
                if errors:
                    raise ValueError(f"generated row refused: {cells}: {errors}")
                age = reference.year - int(id_number[6:10])
                m = len(members)
                members.append((record[rows.PAYLOAD], record[rows.TAGS], age))
                if political != "群众" and political != "共青团员":
                    out.party.append(
                        (len(out.households), m, *_membership(rng, political, id_number, reference))
                    )
                if phone and len(reporters) < REPORTERS_PER_GRID and rng.random() < 0.05:
                    payload = record[rows.PAYLOAD].split("\t")
                    reporters.append(
                        (
                            len(out.households),
                            m,
                            crypto.encrypt(name),
                            name[0] + "*" * (len(name) - 1),
                            payload[rows.P_PHONE_ENC],
                            payload[rows.P_PHONE_HASH],
                            payload[rows.P_PHONE_MASKED],
                        )
                    )
            out.households.append((g.grid_id, building_id, unit, door, address, len(members)))
            out.members.append(members)
    return out


def _membership(rng: random.Random, political: str, id_number: str, reference: datetime.date):
    """(status, joined_on, last_contact_on) of a new member."""
    birth = datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    if political == "中共预备党员":
        joined = reference - datetime.timedelta(days=rng.randint(20, 350))
        status = "probationary"
    else:
        earliest = (
            birth.replace(year=birth.year + 18)
            if birth.month != 2
            else birth.replace(year=birth.year + 18, day=min(birth.day, 28))
        )
        latest = reference - datetime.timedelta(days=400)
        joined = earliest + datetime.timedelta(
            days=int((latest - earliest).days * min(1.0, rng.random() ** 1.5))
        )
        joined = max(earliest, min(joined, latest))
        status = "full"
    contact = reference - datetime.timedelta(days=rng.randint(0, 120))
    return status, joined.isoformat(), contact.isoformat()


UNIT_NUMBERS = [f"{u + 1}单元" for u in range(UNITS_PER_BUILDING)]
