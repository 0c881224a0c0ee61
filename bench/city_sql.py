"""The city's year, generated on the server: 20 million demands with their timelines, and
the grid workers' patrols and home visits, each an INSERT … SELECT over generate_series.

Every random draw is a hash of the row's number and the draw's number
(`hashint8extended`), so the rows do not depend on the order or the plan PostgreSQL picks,
and the same seed gives the same year. What only Python can make comes in small tables
first: each grid's facts (`city_grid`), a weighting of grids by households (`city_slot`),
reporters with their names encrypted by the app's own `crypto.encrypt` (`city_reporter`),
the categories' deadlines from `deadlines.rule_hours`, and the demo's description texts.

A demand and its events are one statement: the INSERT into demands returns the rows that
the INSERT into events reads (a data-modifying WITH), so the 20 million demands are never
read back."""

import datetime
import os
import random
import threading
from pathlib import Path

from _common import STEP
from city_plan import PER_BUILDING
from django.db import connection

from banshi.demands import deadlines
from banshi.demands.demo import CHANNELS, TEXTS, URGENCY, WEIGHTS, _text
from banshi.demands.models import Category
from banshi.fieldwork.models import Patrol

BATCH = 250_000
CONNECTIONS = 2  # generating is CPU-bound in the server: one backend per core
THREAD_CPU: list[float] = []  # CPU seconds of the generating connections' backends
SLOT_HOUSEHOLDS = 50  # one demand slot per 50 households: demands follow population
TEXTS_PER_CATEGORY = 16
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RESOLUTIONS = [
    "已联系相关单位处理完毕",
    "已现场处置，问题已解决",
    "已协调物业解决",
    "已转相关部门处理并回访",
]
SITUATIONS = ["家庭情况正常", "老人身体状况良好", "反映楼道照明问题，已记录", "家中有困难，已登记",
              "子女在外地工作，老人独居", "了解供暖情况，室温正常"]  # fmt: skip
MET = ["户主本人", "家属", "户主配偶", "未遇到，留言"]
URGENCY_CODES = [code for code, _w in URGENCY]


def _u(draw: int) -> str:
    """A uniform draw in [0, 1) for row n: hash of (n, seed + draw)."""
    return (
        f"(((hashint8extended(n, %(seed)s * 100 + {draw}) >> 11) & 9007199254740991)::float8"
        " / 9007199254740992)"
    )


def _tracking_code() -> str:
    """Ten Crockford base-32 characters of (a·n + c) mod 2^50: distinct for every n."""
    x = "((n * 1103515245 + %(offset)s) %% 1125899906842624)"
    parts = [
        f"substr('{TRACKING_ALPHABET}', (({x} >> {5 * i}) & 31)::int + 1, 1)"
        for i in range(9, -1, -1)
    ]
    return " || ".join(parts)


def _cuts(weights: list[float]) -> str:
    total = sum(weights)
    acc, cuts = 0.0, []
    for w in weights[:-1]:
        acc += w
        cuts.append(f"{acc / total:.6f}")
    return f"(ARRAY[{', '.join(cuts)}]::float8[])"


def _text_array(values: list[str]) -> str:
    return "(ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]::text[])"


def prepare(*, grid_rows: list[dict], reporters: list[tuple]) -> None:
    """The small tables the generating statements read (temporary: gone with the session)."""
    with connection.cursor() as cur:
        cur.execute(
            "CREATE UNLOGGED TABLE city_grid (gi int PRIMARY KEY, grid_id int, code text,"
            " community_id int, community_prefix text, street_id int, street_prefix text,"
            " district_id int, district_prefix text, worker_user_id int, worker_resident_id int,"
            " x0 float8, y0 float8, hh_first bigint, hh_count int, b_first int, n_rep int,"
            " route_m int)"
        )
        cur.execute(
            "CREATE UNLOGGED TABLE city_reporter (gi int, k int, resident_id int, name_enc text,"
            " name_masked text, phone_enc text, phone_hash text, phone_masked text,"
            " PRIMARY KEY (gi, k))"
        )
    n_rep: dict[int, int] = {}
    for r in reporters:
        n_rep[r[0]] = n_rep.get(r[0], 0) + 1
    rows = []
    for gi, g in enumerate(grid_rows):
        code = g["code"]
        rows.append(
            (
                gi,
                g["grid_id"],
                code,
                g["community_id"],
                code[:12],
                g["street_id"],
                code[:9],
                g["district_id"],
                code[:6],
                g["worker_user_id"],
                g.get("worker_resident_id"),
                g["x0"],
                g["y0"],
                g["first_household_id"],
                g["household_count"],
                g["first_building_id"],
                n_rep.get(g["grid_id"], 0),
                Patrol.route_length_m(_route_corners(g)),
            )  # fmt: skip
        )
    gi_of = {g["grid_id"]: gi for gi, g in enumerate(grid_rows)}
    with connection.cursor() as cur:
        with cur.cursor.copy("COPY city_grid FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        with cur.cursor.copy("COPY city_reporter FROM STDIN") as copy:
            for grid_id, k, resident_id, *texts in reporters:
                copy.write_row((gi_of[grid_id], k, resident_id, *texts))
        cur.execute(
            "CREATE UNLOGGED TABLE city_slot AS SELECT"
            " (row_number() OVER (ORDER BY gi, k) - 1)::int"
            " AS slot, gi FROM city_grid, generate_series(1, greatest(1, hh_count / %s)) k",
            [SLOT_HOUSEHOLDS],
        )
        cur.execute("ALTER TABLE city_slot ADD PRIMARY KEY (slot)")
        cur.execute("ANALYZE city_grid; ANALYZE city_slot; ANALYZE city_reporter")


def _route_corners(g: dict) -> list[dict]:
    inset = STEP * 0.2
    x0, y0, x1, y1 = (
        g["x0"] + inset,
        g["y0"] + inset,
        g["x0"] + STEP - inset,
        g["y0"] + STEP - inset,
    )
    return [{"lat": y, "lng": x} for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))]


def _categories(rng: random.Random):
    cats = list(Category.objects.filter(active=True).order_by("sort_order", "id"))
    ids, levels, texts, dispatch_h, sign_h, resolve_h = [], [], [], [], [], []
    for c in cats:
        ids.append(str(c.pk))
        levels.append(c.handling_level)
        pool = [_text(rng, c.code) for _ in range(TEXTS_PER_CATEGORY)] if c.code in TEXTS else [
            c.name] * TEXTS_PER_CATEGORY  # fmt: skip
        texts += pool
        for urgency in URGENCY_CODES:
            for stage, out in (("dispatch", dispatch_h), ("sign", sign_h), ("resolve", resolve_h)):
                out.append(
                    str(float(deadlines.rule_hours(category=c, urgency=urgency, stage=stage)))
                )
    weights_out = [WEIGHTS.get(c.code, (1, 1))[0] for c in cats]
    weights_in = [WEIGHTS.get(c.code, (1, 1))[1] for c in cats]
    return {
        "cat_ids": f"(ARRAY[{', '.join(ids)}]::int[])",
        "cat_levels": _text_array(levels),
        "cuts_out": _cuts(weights_out),
        "cuts_in": _cuts(weights_in),
        "texts": _text_array(texts),
        "dispatch_h": f"(ARRAY[{', '.join(dispatch_h)}]::float8[])",
        "sign_h": f"(ARRAY[{', '.join(sign_h)}]::float8[])",
        "resolve_h": f"(ARRAY[{', '.join(resolve_h)}]::float8[])",
    }


LOAD_SETTINGS = "SET session_replication_role = replica; SET synchronous_commit = off"
DEMAND_COLUMNS = (
    "id, tracking_code, channel, category_id, description, urgency, lat, lng, address,"
    " building_id, household_id, grid_id, community_id, street_id, territory_code,"
    " needs_city_dispatch, reporter_name_enc, reporter_name_masked, reporter_phone_enc,"
    " reporter_phone_hash, reporter_phone_masked, reporter_user_id, reporter_resident_id, state,"
    " assigned_level, assigned_code, assigned_grid_id, assigned_region_id, escalation_level,"
    " supervisor_code, received_at, dispatch_due, dispatched_at, sign_due, signed_at,"
    " started_at, resolve_due, resolved_at, rated_at, resolution_note, rating, rating_note,"
    " dispatch_overdue, sign_overdue, resolve_overdue, cycle, merged_into_id, external_id,"
    " request_fingerprint, created_at, updated_at"
)


def _demand_sql(cat: dict) -> str:
    channels = _cuts([w for _c, w in CHANNELS])
    channel_codes = _text_array([str(c) for c, _w in CHANNELS])
    urgency_cuts = _cuts([w for _c, w in URGENCY])
    return f"""
WITH d AS (
INSERT INTO demands_demand ({DEMAND_COLUMNS})
SELECT n, {_tracking_code()}, ch, {cat["cat_ids"]}[ci],
  {cat["texts"]}[(ci - 1) * {TEXTS_PER_CATEGORY}
    + floor(u_tx * {TEXTS_PER_CATEGORY})::int + 1], urg,
  round((g.y0 + u_lat * {STEP})::numeric, 6), round((g.x0 + u_lng * {STEP})::numeric, 6), '',
  CASE WHEN hh IS NOT NULL AND g.b_first IS NOT NULL THEN g.b_first + hh / {PER_BUILDING} END,
  CASE WHEN hh IS NOT NULL THEN g.hh_first + hh END,
  g.grid_id, g.community_id, g.street_id, g.code, false,
  coalesce(rp.name_enc, ''), coalesce(rp.name_masked, ''), coalesce(rp.phone_enc, ''),
  coalesce(rp.phone_hash, ''), coalesce(rp.phone_masked, ''),
  CASE WHEN ch = 'grid_worker' THEN g.worker_user_id END, NULL, st,
  lvl, CASE lvl WHEN 'grid' THEN g.code WHEN 'community' THEN g.community_prefix
    WHEN 'street' THEN g.street_prefix ELSE g.district_prefix END,
  CASE WHEN lvl = 'grid' THEN g.grid_id END,
  CASE lvl WHEN 'grid' THEN NULL WHEN 'community' THEN g.community_id
    WHEN 'street' THEN g.street_id ELSE g.district_id END,
  0, '', recv, recv + dh, disp, sdue, sgn, strt, rdue, res, rat,
  CASE WHEN res IS NOT NULL THEN {_text_array(RESOLUTIONS)}[floor(u_tx * 4)::int + 1] ELSE '' END,
  CASE WHEN rat IS NULL THEN '' WHEN u_rg < 0.85 THEN 'satisfied' WHEN u_rg < 0.95 THEN 'basic'
    ELSE 'unsatisfied' END, '',
  coalesce(disp > recv + dh, recv + dh < %(end)s AND st <> 'merged'),
  coalesce(sgn > sdue, sdue < %(end)s, false),
  coalesce(res > rdue, rdue < %(end)s AND st IN ('in_progress', 'dispatched'), false),
  0, CASE WHEN st = 'merged' THEN n - 1 END, '', '', recv,
  greatest(recv, disp, sgn, strt, res, rat,
    CASE WHEN st = 'merged' THEN recv + interval '20 min' END)
FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS n
CROSS JOIN LATERAL (SELECT {_u(1)} AS u_day, {_u(2)} AS u_sec, {_u(3)} AS u_cat, {_u(4)} AS u_slot,
  {_u(5)} AS u_st, {_u(6)} AS u_disp, {_u(7)} AS u_sign, {_u(8)} AS u_start, {_u(9)} AS u_res,
  {_u(10)} AS u_rate, {_u(11)} AS u_rg, {_u(12)} AS u_ch, {_u(13)} AS u_urg, {_u(14)} AS u_lvl,
  {_u(15)} AS u_rep, {_u(16)} AS u_hh, {_u(17)} AS u_tx, {_u(18)} AS u_lat,
  {_u(19)} AS u_lng OFFSET 0) r
CROSS JOIN LATERAL (SELECT floor(u_day * %(days)s)::int AS doy) dy
CROSS JOIN LATERAL (SELECT width_bucket(u_cat,
    CASE WHEN doy < %(season_end)s OR doy >= %(season_start)s
    THEN {cat["cuts_in"]} ELSE {cat["cuts_out"]} END) + 1 AS ci,
  {channel_codes}[width_bucket(u_ch, {channels}) + 1] AS ch,
  width_bucket(u_urg, {urgency_cuts}) + 1 AS ui,
  CASE WHEN u_st < 0.02 AND n > 1 THEN 'merged' WHEN u_st < 0.05 THEN 'dispatched'
    WHEN u_st < 0.10 THEN 'in_progress' WHEN u_st < 0.30 THEN 'resolved'
    ELSE 'rated' END AS st OFFSET 0) c
JOIN city_slot sl ON sl.slot = floor(u_slot * %(slots)s)::int
JOIN city_grid g ON g.gi = sl.gi
LEFT JOIN city_reporter rp ON rp.gi = g.gi AND rp.k = floor(u_rep * g.n_rep)::int
CROSS JOIN LATERAL (SELECT
  {_text_array(URGENCY_CODES)}[ui] AS urg,
  CASE WHEN {cat["cat_levels"]}[ci] = 'street' AND u_lvl < 0.1 THEN 'district'
    ELSE {cat["cat_levels"]}[ci] END AS lvl,
  CASE WHEN u_hh < 0.4 THEN floor(u_hh / 0.4 * g.hh_count)::int END AS hh,
  %(start)s::timestamptz + make_interval(days => doy, secs => 21600 + u_sec * 61200) AS recv,
  make_interval(secs => {cat["dispatch_h"]}[(ci - 1) * 3 + ui] * 3600) AS dh,
  make_interval(secs => {cat["sign_h"]}[(ci - 1) * 3 + ui] * 3600) AS sh,
  make_interval(secs => {cat["resolve_h"]}[(ci - 1) * 3 + ui] * 3600) AS rh OFFSET 0) y
CROSS JOIN LATERAL (SELECT CASE WHEN st <> 'merged'
  THEN recv + make_interval(secs => 300 + 10500 * u_disp ^ 1.5) END AS disp OFFSET 0) t1
CROSS JOIN LATERAL (SELECT disp + sh AS sdue, disp + rh AS rdue,
  CASE WHEN st NOT IN ('merged', 'dispatched')
    THEN disp + make_interval(secs => 180 + 10620 * u_sign ^ 2) END AS sgn OFFSET 0) t2
CROSS JOIN LATERAL (SELECT sgn + make_interval(secs => 60 + 3540 * u_start) AS strt OFFSET 0) t3
CROSS JOIN LATERAL (SELECT CASE WHEN st IN ('resolved', 'rated')
  THEN strt + rh * (0.05 + 1.1 * u_res ^ 1.3) END AS res OFFSET 0) t4
CROSS JOIN LATERAL (SELECT CASE WHEN st = 'rated'
  THEN res + make_interval(secs => 3600 + 255600 * u_rate) END AS rat OFFSET 0) t5
RETURNING id, channel, territory_code, state, assigned_level, assigned_code, assigned_grid_id,
  reporter_user_id, received_at, dispatch_due, dispatched_at, sign_due, signed_at, started_at,
  resolve_due, resolved_at, rated_at, rating, resolution_note, merged_into_id
)
INSERT INTO demands_demandevent (id, demand_id, at, user_id, kind, from_state, to_state, note, data)
SELECT d.id * 8 + e.k, e.demand_id, e.at, e.user_id, e.kind, e.from_state, e.to_state, e.note,
  e.data::jsonb
FROM d
LEFT JOIN city_grid w ON w.grid_id = d.assigned_grid_id
CROSS JOIN LATERAL (SELECT '{{"unit": "' || d.assigned_level || ':' || d.assigned_code || '"'
  AS unit) uk
CROSS JOIN LATERAL (VALUES
  (0, d.id, d.received_at, d.reporter_user_id, 'submitted', '', 'received', '',
   '{{"channel": "' || d.channel || '"}}'),
  (1, d.id, d.dispatched_at, NULL, 'dispatched', 'received', 'dispatched', '', uk.unit || '}}'),
  (2, d.id, d.signed_at, w.worker_user_id, 'signed', 'dispatched', 'signed', '', uk.unit || '}}'),
  (3, d.id, d.started_at, w.worker_user_id, 'started', 'signed', 'in_progress', '', '{{}}'),
  (4, d.id, d.resolved_at, w.worker_user_id, 'resolved', 'in_progress', 'resolved',
   d.resolution_note, uk.unit || ', "in_time": ' || (d.resolved_at <= d.resolve_due)::text || '}}'),
  (5, d.id, d.rated_at, NULL, 'rated', 'resolved', 'rated', '',
   '{{"rating": "' || d.rating || '"}}'),
  (6, d.id, CASE WHEN d.state = 'merged' THEN d.received_at + interval '20 min' END, NULL,
   'merged', 'received', 'merged', '', '{{"into": ' || d.merged_into_id || '}}'),
  (7, d.merged_into_id, CASE WHEN d.state = 'merged' THEN d.received_at + interval '20 min' END,
   NULL, 'merged_in', '', '', '', '{{"demand": ' || d.id || '}}')
) e(k, demand_id, at, user_id, kind, from_state, to_state, note, data)
WHERE e.at IS NOT NULL
"""


def write_demands(*, total: int, seed: int, year: int, progress=None) -> None:
    rng = random.Random(f"{seed}:texts")
    tz = datetime.timezone(datetime.timedelta(hours=8))
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    days = (end - start).days
    params = {
        "seed": seed,
        "offset": random.Random(seed).randrange(1 << 50),
        "start": start,
        "end": end,
        "days": days,
        # The heating season, 15 October to 15 April, as days of the year.
        "season_end": (datetime.date(year, 4, 16) - start.date()).days,
        "season_start": (datetime.date(year, 10, 15) - start.date()).days,
    }
    sql = _demand_sql(_categories(rng))
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM city_slot")
        params["slots"] = cur.fetchone()[0]
    batches = [(lo, min(total, lo + BATCH - 1)) for lo in range(1, total + 1, BATCH)]
    lock = threading.Lock()
    done = [0]
    errors: list[BaseException] = []

    def work():
        # Each thread has its own connection (Django's are per thread): the same session
        # settings as the loading one.
        try:
            with connection.cursor() as cur:
                cur.execute(LOAD_SETTINGS)
                while True:
                    with lock:
                        if not batches or errors:
                            break
                        lo, hi = batches.pop(0)
                    cur.execute(sql, {**params, "lo": lo, "hi": hi})
                    with lock:
                        done[0] += hi - lo + 1
                        if progress:
                            progress(done[0])
            THREAD_CPU.append(backend_cpu())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(min(CONNECTIONS, len(batches)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def backend_cpu() -> float:
    """CPU seconds the current connection's backend has used (PostgreSQL on this machine:
    read from /proc; 0 where it cannot be read)."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drop_inputs() -> None:
    with connection.cursor() as cur:
        cur.execute("DROP TABLE city_grid, city_reporter, city_slot")


def write_fieldwork(*, seed: int, year: int, visits_per_grid: int) -> None:
    """A patrol per grid per working day (Monday to Friday), and `visits_per_grid` home
    visits per grid spread over the year, each of a household of the grid."""
    tz = datetime.timezone(datetime.timedelta(hours=8))
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    days = (datetime.date(year + 1, 1, 1) - start.date()).days
    situations = _text_array(SITUATIONS)
    met = _text_array(MET)
    inset = STEP * 0.2
    with connection.cursor() as cur:
        cur.execute(
            f"""
INSERT INTO fieldwork_patrol (client_id, grid_id, worker_id, worker_resident_id, started_at,
  ended_at, route, route_m, note, created_at)
SELECT md5(%(seed)s || ':patrol:' || n)::uuid, g.grid_id, g.worker_user_id, g.worker_resident_id,
  s, s + make_interval(secs => 2700 + 4500 * u2), json_build_array(
    json_build_object('lat', g.y0 + {inset}, 'lng', g.x0 + {inset}, 'at', to_json(s) #>> '{{}}'),
    json_build_object('lat', g.y0 + {inset}, 'lng', g.x0 + {STEP - inset}),
    json_build_object('lat', g.y0 + {STEP - inset}, 'lng', g.x0 + {STEP - inset}),
    json_build_object('lat', g.y0 + {STEP - inset}, 'lng', g.x0 + {inset}),
    json_build_object('lat', g.y0 + {inset}, 'lng', g.x0 + {inset}))::jsonb,
  g.route_m, CASE WHEN u2 < 0.1 THEN '巡查中发现问题已现场处置' ELSE '' END, s
FROM city_grid g
CROSS JOIN generate_series(0, %(days)s - 1) AS day
CROSS JOIN LATERAL (SELECT g.gi::bigint * 1000 + day AS n) k
CROSS JOIN LATERAL (SELECT {_u(31)} AS u1, {_u(32)} AS u2) r
CROSS JOIN LATERAL (SELECT %(start)s::timestamptz + make_interval(days => day,
  secs => 30600 + 21600 * u1) AS s) t
WHERE extract(isodow FROM %(day0)s::date + day) < 6
""",
            {"seed": seed, "start": start, "days": days, "day0": start.date()},
        )
        cur.execute(
            f"""
INSERT INTO fieldwork_homevisit (client_id, grid_id, household_id, household_ref, household_label,
  worker_id, worker_resident_id, visited_at, met, situation, follow_up_on, flagged_for_review,
  flag_reason, created_at)
SELECT md5(%(seed)s || ':visit:' || n)::uuid, g.grid_id, h.id, h.id, h.address,
  g.worker_user_id, g.worker_resident_id, v, {met}[floor(u3 * 4)::int + 1],
  {situations}[floor(u4 * {len(SITUATIONS)})::int + 1],
  CASE WHEN u4 < 0.2 THEN (v + interval '30 days')::date END, false, '', v
FROM city_grid g
CROSS JOIN generate_series(1, %(visits)s) AS j
CROSS JOIN LATERAL (SELECT g.gi::bigint * 100000 + j AS n) k
CROSS JOIN LATERAL (SELECT {_u(41)} AS u1, {_u(42)} AS u2, {_u(43)} AS u3, {_u(44)} AS u4) r
JOIN territory_household h ON h.id = g.hh_first + floor(u2 * g.hh_count)::int
CROSS JOIN LATERAL (SELECT %(start)s::timestamptz + make_interval(days => floor(u1 * %(days)s)::int,
  secs => 32400 + 32400 * u3) AS v) t
""",
            {"seed": seed, "start": start, "days": days, "visits": visits_per_grid},
        )
