"""Benchmark of the roster import against django-import-export.

Builds a throwaway database (a fresh SQLite file in a temp directory by default; with
--database-url postgres://… a new database on that server, dropped afterwards), creates the
territory (regions, ~1,000 residents per grid, 8 buildings per grid), writes a deterministic
CSV of N residents (valid ID numbers: place code + birth date + sequence + check digit; valid
mobile phones; households of 1–5 people), then:

1. imports the whole file with `roster_import` (what `banshi import-roster` runs), end to end:
   reading, checking, encrypting, writing, indexes, commit;
2. empties what it created, then imports the first --baseline-rows rows with
   django-import-export (a ModelResource doing the same work per row: validation and
   encryption through resident_fields, grid and building lookup, unit and household
   get-or-create, labels, tags), inside a transaction that is rolled back afterwards.

Prints rows/s for each and the ratio.

    .venv/bin/python bench/import_roster.py [--rows 1000000] [--baseline-rows 20000]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]
"""

import argparse
import csv
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESIDENTS_PER_GRID = 1000
BUILDINGS_PER_GRID = 8
GRIDS_PER_COMMUNITY = 12
COMMUNITIES_PER_STREET = 6
# District codes python-stdnum accepts for people born from 1983, and the city and banner
# codes it accepts for any year.
RECENT_PLACES = ("150102", "150103", "150104", "150105")
OLD_PLACES = ("150100", "150121", "150122")
STREETS = {
    "150102": ("新城区", ["海东路", "锡林路", "中山东路", "东街", "西街", "东风路", "迎新路"]),
    "150103": ("回民区", ["新华西路", "中山西路", "光明路", "海拉尔西路", "环河街", "通道街"]),
    "150104": ("玉泉区", ["小召前街", "兴隆巷", "长和廊", "石东路", "大南街", "鄂尔多斯路"]),
    "150105": ("赛罕区", ["人民路", "大学西路", "乌兰察布路", "大学东路", "中专路", "昭乌达路"]),
}
COMMUNITY_WORDS = ["东", "西", "南", "北", "中", "新", "园", "苑", "光", "和", "兴", "安"]
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文其乌包奇云"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彩春菊凤洁梅琳素云"
    "莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖"
    "露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁"
    "欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可舒影荔思建国志海波宏斌鹏飞龙辉亮成林峰"
)
MONGOLIAN = ["乌兰", "其其格", "巴特尔", "斯琴", "娜仁", "额尔敦", "苏日娜", "那顺", "图雅", "宝音"]
MOBILE = (
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "177 180 181 182 183 185 186 187 188 189 198 199"
).split()
HEADER = [
    "姓名",
    "公民身份号码",
    "联系电话",
    "所属网格",
    "楼栋",
    "单元",
    "户号",
    "与户主关系",
    "民族",
    "政治面貌",
    "标签",
]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--baseline-rows", type=int, default=20_000)
    p.add_argument("--database-url", help="default: a fresh SQLite file in a temp directory")
    p.add_argument("--workers", type=int, default=None, help="import workers (default: auto)")
    p.add_argument("--rebuild-indexes", choices=["auto", "yes", "no"], default="auto")
    p.add_argument("--seed", type=int, default=20231127)
    p.add_argument("--keep", action="store_true", help="keep the temp directory (CSV, SQLite)")
    return p.parse_args()


# -- database ---------------------------------------------------------------------------------


def prepare_database(url: str | None, tmp: str):
    """(DATABASE_URL to use, cleanup function)."""
    if not url:
        return f"sqlite:///{tmp}/bench.sqlite3", lambda: None
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return url, lambda: None
    import psycopg

    name = f"banshi_bench_{uuid.uuid4().hex[:8]}"
    admin_url = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def build_territory(n_grids: int):
    from banshi.territory import codes
    from banshi.territory.models import Building, Grid, Region

    def region(code, name, kind, parent):
        return Region(
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            level=codes.level_of(code),
            prefix=codes.prefix_of(code),
        )

    city = region("150100000000", "呼和浩特市", "city", None)
    city.save()
    grids = []
    districts = list(STREETS.items())
    d = s = 0
    street_objs: list = []
    while len(grids) < n_grids:
        code6, (district_name, street_names) = districts[d % len(districts)]
        if s == 0:
            district = region(f"{code6}000000", district_name, "district", city)
            district.save()
        street = region(f"{code6}{s + 1:03d}000", f"{street_names[s]}街道", "street", district)
        street.save()
        street_objs.append(street)
        communities = []
        for c in range(COMMUNITIES_PER_STREET):
            word = COMMUNITY_WORDS[c % len(COMMUNITY_WORDS)]
            communities.append(
                region(
                    f"{code6}{s + 1:03d}{c + 1:03d}",
                    f"{street_names[s]}{word}社区",
                    "community",
                    street,
                )
            )
        Region.objects.bulk_create(communities)
        for community in communities:
            for g in range(GRIDS_PER_COMMUNITY):
                if len(grids) < n_grids:
                    grids.append(
                        Grid(
                            code=f"{community.code}{g + 1:03d}",
                            name=f"{community.name}第{g + 1}网格",
                            community=community,
                        )
                    )
        s += 1
        if s == len(street_names):
            s, d = 0, d + 1
    Grid.objects.bulk_create(grids)
    grids = list(Grid.objects.order_by("code"))
    Building.objects.bulk_create(
        Building(grid=g, number=f"{b}号楼") for g in grids for b in range(1, BUILDINGS_PER_GRID + 1)
    )
    return grids


# -- the CSV ----------------------------------------------------------------------------------


class People:
    """Deterministic residents: households of 1–5, plausible ages, names, IDs and phones."""

    def __init__(self, seed: int):
        from banshi.people.identity import IdentityError, check_digit, normalize_phone

        self.rng = random.Random(seed)
        self.check_digit = check_digit
        self.normalize_phone = normalize_phone
        self.IdentityError = IdentityError
        self.used: dict[tuple[str, str], int] = {}
        self.phone_serial = 0
        self.surname_weights = [1 / (i + 1) ** 0.9 for i in range(len(SURNAMES))]
        self.given_weights = [1 / (i + 1) ** 0.6 for i in range(len(GIVEN))]

    def id_number(self, birth: datetime.date, male: bool) -> str:
        place_pool = RECENT_PLACES if birth.year >= 1983 else OLD_PLACES
        place = place_pool[self.rng.randrange(len(place_pool))]
        while True:
            key = (place, birth.strftime("%Y%m%d"))
            n = self.used.get(key, 0)
            if n < 499:
                break
            birth += datetime.timedelta(days=1)
        self.used[key] = n + 1
        first17 = f"{place}{key[1]}{n * 2 + (1 if male else 0):03d}"
        return first17 + self.check_digit(first17)

    def phone(self) -> str:
        while True:
            self.phone_serial += 1
            prefix = MOBILE[self.rng.randrange(len(MOBILE))]
            number = f"{prefix}{(self.phone_serial * 7919 + self.rng.randrange(7919)) % 10**8:08d}"
            try:
                self.normalize_phone(number)
                return number
            except self.IdentityError:
                continue

    def name(self, mongolian: bool, surname: str | None = None) -> str:
        rng = self.rng
        if mongolian and rng.random() < 0.5:
            return rng.choice(MONGOLIAN) + (rng.choice(MONGOLIAN) if rng.random() < 0.3 else "")
        surname = surname or rng.choices(SURNAMES, weights=self.surname_weights)[0]
        length = 1 if rng.random() < 0.3 else 2
        return surname + "".join(rng.choices(GIVEN, weights=self.given_weights, k=length))

    def birth(self, low: int, high: int) -> datetime.date:
        return datetime.date(self.rng.randint(low, high), 1, 1) + datetime.timedelta(
            days=self.rng.randrange(365)
        )

    def household(self) -> list[tuple]:
        """[(name, id, phone, relation, ethnicity, political, tags)]"""
        rng = self.rng
        ethnicity = rng.choices(
            ["汉族", "汉", "蒙古族", "蒙古", "回族", "满族", "达斡尔族"],
            weights=[72, 8, 10, 2, 4, 3, 1],
        )[0]
        mongolian = ethnicity.startswith("蒙古")
        size = rng.choices([1, 2, 3, 4, 5], weights=[12, 30, 30, 20, 8])[0]
        head_birth = self.birth(1945, 1995)
        head_male = rng.random() < 0.6
        family_name = self.name(False)[0]
        members = [("户主", head_birth, head_male, family_name)]
        if size >= 2:
            members.append(
                ("配偶", self.birth(head_birth.year - 3, head_birth.year + 3), not head_male, None)
            )
        for _ in range(size - len(members)):
            if head_birth.year < 1960 and rng.random() < 0.3:
                members.append(("孙子女", self.birth(2005, 2020), rng.random() < 0.5, family_name))
            elif head_birth.year > 1980 and rng.random() < 0.3:
                members.append(("父母", self.birth(1940, 1965), rng.random() < 0.5, None))
            else:
                low = max(head_birth.year + 20, 1965)
                members.append(
                    ("子女", self.birth(low, min(low + 15, 2022)), rng.random() < 0.5, family_name)
                )
        out = []
        for relation, birth, male, surname in members:
            age = 2025 - birth.year
            political = "群众"
            roll = rng.random()
            if 14 <= age <= 28 and roll < 0.35:
                political = "共青团员"
            elif age >= 18 and roll < 0.10:
                political = "中共党员"
            elif age >= 18 and roll < 0.11:
                political = "中共预备党员"
            tags = []
            if size == 1 and age >= 70 and rng.random() < 0.6:
                tags.append("独居老人")
            if rng.random() < 0.02:
                tags.append("低保户")
            if rng.random() < 0.01:
                tags.append("残疾人")
            if age >= 30 and male and rng.random() < 0.02:
                tags.append("退役军人")
            out.append(
                (
                    self.name(mongolian, surname if not mongolian else None),
                    self.id_number(birth, male),
                    self.phone() if age >= 16 and rng.random() < 0.92 else "",
                    relation,
                    ethnicity,
                    political,
                    ",".join(tags),
                )
            )
        return out


def write_csv(path: Path, grids, rows: int, seed: int) -> dict:
    people = People(seed)
    names = set()
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for grid in grids:
            in_grid = 0
            for building in range(1, BUILDINGS_PER_GRID + 1):
                for unit in range(1, 5):
                    for floor in range(1, 7):
                        for door in (1, 2):
                            for member in people.household():
                                if written == rows or in_grid >= RESIDENTS_PER_GRID:
                                    break
                                # Most rows name the grid by code, some by its full name.
                                grid_ref = grid.name if people.rng.random() < 0.1 else grid.code
                                name, id_number, phone, relation, eth, pol, tags = member
                                writer.writerow(
                                    [
                                        name,
                                        id_number,
                                        phone,
                                        grid_ref,
                                        f"{building}号楼",
                                        f"{unit}单元",
                                        f"{floor}0{door}",
                                        relation,
                                        eth,
                                        pol,
                                        tags,
                                    ]
                                )
                                names.add(name)
                                written += 1
                                in_grid += 1
            if written == rows:
                break
    return {"rows": written, "distinct_names": len(names)}


# -- django-import-export ---------------------------------------------------------------------


def import_export_resource():
    from import_export import resources

    from banshi.people.models import Resident, ResidentTag
    from banshi.people.roster import columns
    from banshi.people.services import ethnicity_code, resident_fields
    from banshi.territory.models import Building, Grid, Household, Unit

    grids_by_code = {g.code: g for g in Grid.objects.all()}
    grids_by_name = {g.name: g for g in grids_by_code.values()}
    buildings = {(b.grid_id, b.number): b for b in Building.objects.all()}
    relations = columns.relation_codes()
    politicals = columns.political_codes()
    tag_codes = columns.tag_codes()

    class ResidentResource(resources.ModelResource):
        """What a Django project would write with django-import-export: the same checks and
        derived fields per row, the household found or created, tags saved after the row."""

        class Meta:
            model = Resident
            import_id_fields = ("id_number_hash",)
            fields = (
                "name",
                "name_pinyin",
                "name_initials",
                "id_number_enc",
                "id_number_hash",
                "id_number_masked",
                "sex",
                "birth_date",
                "phone_enc",
                "phone_hash",
                "phone_masked",
                "relation_to_head",
                "ethnicity",
                "political_status",
                "grid",
                "household",
            )
            skip_unchanged = True
            report_skipped = False

        def before_import_row(self, row, **kwargs):
            row.update(
                resident_fields(
                    name=row[columns.NAME],
                    id_number=row[columns.ID_NUMBER],
                    phone=row[columns.PHONE],
                )
            )
            ref = row[columns.GRID]
            grid = grids_by_code.get(ref) or grids_by_name[ref]
            building = buildings[(grid.id, row[columns.BUILDING])]
            unit, _ = Unit.objects.get_or_create(building=building, number=row[columns.UNIT])
            household, _ = Household.objects.get_or_create(
                grid=grid, building=building, unit=unit, door_number=row[columns.DOOR]
            )
            row["grid"] = grid.id
            row["household"] = household.id
            row["relation_to_head"] = relations[row[columns.RELATION]]
            row["ethnicity"] = ethnicity_code(row[columns.ETHNICITY])
            row["political_status"] = politicals[row[columns.POLITICAL] or "群众"]

        def after_save_instance(self, instance, row, **kwargs):
            labels = [t for t in row[columns.TAGS].split(",") if t]
            if labels:
                ResidentTag.objects.bulk_create(
                    [ResidentTag(resident=instance, tag=tag_codes[t]) for t in labels]
                )

    return ResidentResource()


def run_baseline(path: Path, rows: int) -> tuple[int, float]:
    import tablib
    from django.db import transaction

    from banshi.people.models import Resident

    started = time.perf_counter()
    with transaction.atomic():
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            resource = import_export_resource()
            # import-export wants the model's fields among the headers; the resource fills them.
            derived = list(resource._meta.fields)
            dataset = tablib.Dataset(headers=next(reader) + derived)
            padding = [""] * len(derived)
            for i, row in enumerate(reader):
                if i == rows:
                    break
                dataset.append(row + padding)
        result = resource.import_data(dataset, raise_errors=True, use_transactions=True)
        assert not result.has_errors() and not result.has_validation_errors()
        imported = Resident.objects.count()
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    assert imported == len(dataset), (imported, len(dataset))
    assert Resident.objects.count() == 0
    return len(dataset), seconds


def _clear_import() -> None:
    from django.db import connection, transaction

    from banshi.people.models import Resident, ResidentTag
    from banshi.territory.models import Household, Unit

    tables = [m._meta.db_table for m in (ResidentTag, Resident, Household, Unit)]
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        else:
            for table in tables:
                cur.execute(f'DELETE FROM "{table}"')
    assert not Resident.objects.exists() and not Household.objects.exists()


def _cpu_seconds() -> tuple[float, float]:
    """CPU time (user + system) of this process and of its finished children."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _backend_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL backend, when the server runs on this
    machine (its /proc entry is readable); None otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    args = parse_args()
    tmp = tempfile.mkdtemp(prefix="banshi-bench-")
    database_url, drop_database = prepare_database(args.database_url, tmp)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banshi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from banshi.core import crypto
    from banshi.people.models import Resident
    from banshi.people.roster import roster_import

    try:
        call_command("migrate", verbosity=0, skip_checks=True)
        n_grids = -(-args.rows // RESIDENTS_PER_GRID)
        t = time.perf_counter()
        grids = build_territory(n_grids)
        csv_path = Path(tmp) / "roster.csv"
        info = write_csv(csv_path, grids, args.rows, args.seed)
        size_mb = csv_path.stat().st_size / 1e6
        print(
            f"database: {connection.vendor} ({connection.settings_dict['NAME']})\n"
            f"file: {info['rows']:,} rows, {size_mb:.1f} MB, {info['distinct_names']:,} distinct "
            f"names, {len(grids):,} grids, {len(grids) * BUILDINGS_PER_GRID:,} buildings "
            f"(generated in {time.perf_counter() - t:.1f} s)",
            flush=True,
        )

        rebuild = {"auto": None, "yes": True, "no": False}[args.rebuild_indexes]
        load_before = os.getloadavg()[0]
        cpu_before = _cpu_seconds()
        backend_before = _backend_seconds()
        t = time.perf_counter()
        result = roster_import(
            path=str(csv_path), workers=args.workers, rebuild_indexes=rebuild, username="bench"
        )
        seconds = time.perf_counter() - t
        cpu = [after - before for after, before in zip(_cpu_seconds(), cpu_before, strict=True)]
        backend_after = _backend_seconds()
        assert result.committed and not result.errors, result.error_list(limit=5)
        stored = Resident.objects.count()
        assert stored == info["rows"] == result.created, (stored, result.created)
        sample = Resident.objects.order_by("?").first()
        assert sample.id_number_hash == crypto.blind_index(sample.id_number)
        rate = info["rows"] / seconds
        print(
            f"banshi import-roster: {info['rows']:,} rows in {seconds:.1f} s = {rate:,.0f} rows/s "
            f"({result.created:,} residents, {result.households_created:,} households, "
            f"{result.units_created:,} units created; {result.workers} workers; indexes "
            f"{'rebuilt' if result.rebuilt_indexes else 'kept'})",
            flush=True,
        )
        server = ""
        if connection.vendor == "postgresql":
            server = " (+ the PostgreSQL server)"
            if backend_before is not None and backend_after is not None:
                server = (
                    f" + PostgreSQL backend {backend_after - backend_before:.1f} s"
                    " (without its parallel index-build workers)"
                )
        print(
            f"  cpu: importer {cpu[0]:.1f} s + worker processes {cpu[1]:.1f} s{server};"
            f" {os.cpu_count()} cores; load average {load_before:.1f} before,"
            f" {os.getloadavg()[0]:.1f} after"
        )

        # django-import-export on the same territory, without what our import created.
        _clear_import()
        base_rows, base_seconds = run_baseline(csv_path, min(args.baseline_rows, info["rows"]))
        base_rate = base_rows / base_seconds
        print(
            f"django-import-export: {base_rows:,} rows in {base_seconds:.1f} s = "
            f"{base_rate:,.0f} rows/s (first {base_rows:,} rows of the file, rolled back)",
            flush=True,
        )

        print(f"ratio: {rate / base_rate:.1f}x faster than django-import-export")
    finally:
        connections.close_all()
        drop_database()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
