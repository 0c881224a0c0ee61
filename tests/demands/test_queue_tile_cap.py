"""The queue tile counts up to QUEUE_COUNT_CAP and says "+" beyond it (a city's whole queue
is no number to work from); below the cap it gives the exact numbers."""

from django.test import Client

from banshi.demands import tiles


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/").content.decode()


def test_the_queue_tile_caps_its_count(world, people, submit, t0, monkeypatch):
    for _ in range(3):
        submit("sanitation", lat=40.0, lng=111.0, region=world.street, at=t0)
    page = _home(people.street)
    assert '<span class="value" data-total>3</span>' in page
    monkeypatch.setattr(tiles, "QUEUE_COUNT_CAP", 2)
    capped = _home(people.street)
    assert "data-total data-capped>2+</span>" in capped
    assert "2+ 件已超时" in capped  # their dispatch deadlines passed long ago
