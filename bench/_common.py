"""Shared by the demand benchmarks: a throwaway database (a new PostgreSQL database on the
given server, dropped afterwards; or the URL as given when it is SQLite), Django set up on
it and migrated, and a demo-like territory (a street of communities of square grids near
大学东路, Hohhot)."""

import os
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
LNG0, LAT0, STEP = 111.700, 40.810, 0.004


def prepare_database(url: str):
    """(DATABASE_URL to use, cleanup function)."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return url, lambda: None
    import psycopg

    name = f"banshi_bench_{uuid.uuid4().hex[:8]}"
    admin_url = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banshi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def square(i: int, j: int) -> dict:
    x0, y0 = LNG0 + i * STEP, LAT0 + j * STEP
    ring = [[x0, y0], [x0 + STEP, y0], [x0 + STEP, y0 + STEP], [x0, y0 + STEP], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def build_territory(*, streets: int = 1, communities: int = 6, grids: int = 12):
    """City 150100 → 赛罕区 150105 → `streets` streets → communities → square grids laid
    out in rows (one row per community). Returns (street regions, grids with their square's
    (i, j))."""
    from banshi.territory.models import Grid, Region

    city = Region.objects.create(code="150100000000", name="呼和浩特市", kind="city")
    district = Region.objects.create(
        code="150105000000", name="赛罕区", kind="district", parent=city
    )
    street_list, grid_list, row = [], [], 0
    for s in range(1, streets + 1):
        street = Region.objects.create(
            code=f"150105{s:03d}000", name=f"街道{s}", kind="street", parent=district
        )
        street_list.append(street)
        for c in range(1, communities + 1):
            community = Region.objects.create(
                code=f"150105{s:03d}{c:03d}", name=f"社区{s}-{c}", kind="community", parent=street
            )
            new = [
                Grid(
                    code=f"{community.code}{g:03d}",
                    name=f"{community.name}第{g}网格",
                    community=community,
                    boundary=square(g - 1, row),
                )
                for g in range(1, grids + 1)
            ]
            Grid.objects.bulk_create(new)
            grid_list += [(grid, (g, row)) for g, grid in enumerate(new)]
            row += 1
    return street_list, grid_list
