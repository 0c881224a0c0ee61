"""The home page puts together the tiles the apps register for the user's roles."""

from banshi.access.scope import scope_for
from banshi.core import tiles
from banshi.demands.selectors import demand_queue
from banshi.organizations.models import PartyMember


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
    # Their own demands, and their own party life only if they are a party member.
    member = PartyMember.objects.filter(
        resident_id__in=scope_for(people.resident).resident_ids
    ).exists()
    # The busy world's projects are over their building: they rate them from home too.
    assert keys == ["demands.mine", "projects.mine", *(["partylife.member"] if member else [])]
    assert "我的诉求" in resident.content.decode()


def test_a_tile_is_only_for_its_roles():
    for tile in tiles.all_tiles():
        assert tile.roles is None or tile.roles, tile.key
    roles = {t.key for t in tiles.tiles_for(frozenset({"resident"}))}
    assert "demands.queue" not in roles and "demands.mine" in roles


def test_the_rates_tile_shows_the_units_official_figures_and_rank(
    world, busy, login, people, monkeypatch
):
    """The tile of the community (and of the street above it) gives the month's rates and
    rank exactly as the ranking page does, recounted here from the demands themselves."""
    from banshi.core import periods
    from banshi.demands import rates
    from banshi.demands.models import Demand

    monkeypatch.setattr(
        periods.Period, "current_month", classmethod(lambda cls: cls.parse("2026-12"))
    )
    page = login(people.community).get("/")
    tile = next(t for t in page.context["tiles"] if t["tile"].key == "demands.rates")
    row = tile["last"]["row"]
    assert tile["last"]["period"] == "2026-11" and tile["unit"].code == world.community.prefix
    start, end = rates.month("2026-11")
    mine = Demand.objects.filter(assigned_code__startswith=world.community.prefix).exclude(
        state="merged"
    )
    dispatched = mine.filter(dispatched_at__gte=start, dispatched_at__lt=end)
    assert row.dispatched == dispatched.count() > 0
    assert row.responded_in_time == sum(
        1 for d in dispatched if d.signed_at and d.signed_at <= d.sign_due
    )
    rated = mine.filter(rated_at__gte=start, rated_at__lt=end)
    assert row.rated == rated.count()
    assert row.satisfied == rated.filter(rating__in=["satisfied", "basic"]).count()
    html = page.content.decode()
    assert f"{row.rank}/{tile['last']['peers']}" in html
    street = login(people.street).get("/")
    street_tile = next(t for t in street.context["tiles"] if t["tile"].key == "demands.rates")
    ranked = {r.unit.key: r for r in street_tile["below"]["rows"]}
    same = ranked[f"community:{world.community.prefix}"]
    assert (same.rank, same.response_rate, same.satisfaction_rate) == (
        row.rank,
        row.response_rate,
        row.satisfaction_rate,
    )


def test_a_resident_sees_their_demands_and_the_rating_they_owe(world, login, people, submit):
    from banshi.demands.models import Demand

    waiting = submit(user=people.resident)
    owed = submit(user=people.resident, text="路灯坏了一个星期，晚上出行很不方便")
    Demand.objects.filter(pk=owed.pk).update(state=Demand.State.RESOLVED)
    submit(user=people.resident_b)  # someone else's
    page = login(people.resident).get("/")
    tile = next(t for t in page.context["tiles"] if t["tile"].key == "demands.mine")
    assert [d.pk for d in tile["recent"]] == [owed.pk, waiting.pk]  # the rating owed first
    html = page.content.decode()
    assert f"/demands/{owed.pk}/rate/" in html and f"/demands/{waiting.pk}/rate/" not in html
    assert "我要反映" in html and "/track/" in html
    assert "接诉即办" not in html and "三率" not in html  # no staff menus or tiles
