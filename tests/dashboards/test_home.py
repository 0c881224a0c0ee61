"""The home page puts together the tiles the apps register for the user's roles."""

from banshi.core import tiles
from banshi.demands.selectors import demand_queue


def test_handlers_see_their_queue_and_residents_their_own_demands(
    world, busy, login, people, submit
):
    submit(lat=40.0, lng=111.0, region=world.street)  # outside every grid: the street's desk
    street = login(people.street).get("/")
    assert street.status_code == 200
    keys = [t["tile"].key for t in street.context["tiles"]]
    assert "demands.queue" in keys and "demands.mine" not in keys
    queue = next(t for t in street.context["tiles"] if t["tile"].key == "demands.queue")
    assert queue["total"] == demand_queue(user=people.street).count() == 1
    resident = login(people.resident).get("/")
    keys = [t["tile"].key for t in resident.context["tiles"]]
    assert keys == ["demands.mine"]
    assert "我的诉求" in resident.content.decode()


def test_a_tile_is_only_for_its_roles():
    for tile in tiles.all_tiles():
        assert tile.roles is None or tile.roles, tile.key
    roles = {t.key for t in tiles.tiles_for(frozenset({"resident"}))}
    assert "demands.queue" not in roles and "demands.mine" in roles
