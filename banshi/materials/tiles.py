"""The home-page tiles of learning materials: for a member, the materials pushed to them
not yet opened (待读学习材料); for a publisher or a branch secretary, the latest materials
with how many of their receipts are opened. Counts of coverage, never a ranking."""

from django.utils.translation import gettext_lazy as _

from banshi.access.models import RoleAssignment
from banshi.core import tiles
from banshi.core.figures import ratio
from banshi.core.tiles import Tile

from . import selectors

LATEST = 3


def _unread(request) -> dict | None:
    mine = selectors.my_receipts(user=request.user)
    total = mine.count()
    if not total:
        return None
    return {"unread": mine.filter(opened_at__isnull=True).count(), "total": total}


def _published(request) -> dict | None:
    materials = list(selectors.material_list(user=request.user)[:LATEST])
    if not materials:
        return None
    return {"materials": [(m, ratio(m.opened, m.expected)) for m in materials]}


TILES = (
    Tile(
        "materials.unread",
        _("待读学习材料"),
        "materials/tiles/unread.html",
        _unread,
        order=35,
        roles=frozenset({RoleAssignment.Role.RESIDENT}),
    ),
    Tile(
        "materials.published",
        _("学习材料送达"),
        "materials/tiles/published.html",
        _published,
        order=36,
        roles=frozenset(
            {
                RoleAssignment.Role.PARTY_SECRETARY,
                RoleAssignment.Role.DISTRICT,
                RoleAssignment.Role.STREET,
                RoleAssignment.Role.SYSTEM_ADMIN,
            }
        ),
    ),
)


def register() -> None:
    for tile in TILES:
        tiles.register(tile)
