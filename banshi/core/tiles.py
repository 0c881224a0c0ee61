"""Home-page tiles that apps register (in their `AppConfig.ready()`): each shows one
obligation or piece of coverage of the signed-in user, rendered by its own template from the
context its function returns (None: nothing to show this user)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tile:
    key: str
    label: str  # a lazy translation
    template: str
    context: Callable  # (request) -> dict | None
    order: int
    roles: frozenset[str] | None = None  # None: every signed-in user


_TILES: dict[str, Tile] = {}


def register(tile: Tile) -> Tile:
    known = _TILES.get(tile.key)
    if known is not None and known != tile:
        raise ValueError(f"tile {tile.key} is registered twice")
    _TILES[tile.key] = tile
    return tile


def all_tiles() -> list[Tile]:
    return sorted(_TILES.values(), key=lambda t: (t.order, t.key))


def tiles_for(roles: frozenset[str]) -> list[Tile]:
    return [t for t in all_tiles() if t.roles is None or t.roles & roles]
