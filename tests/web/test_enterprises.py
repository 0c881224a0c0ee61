from django.urls import reverse


def detail(e):
    return reverse("enterprise_detail", args=[e.pk])


def test_list_and_status_filter(login, street_user, civic):
    client = login(street_user)
    html = client.get(reverse("enterprise_list")).content.decode()
    for e in (civic.ent_own, civic.ent_instructed, civic.ent_none):
        assert detail(e) in html
    none = client.get(reverse("enterprise_list"), {"status": "none"}).content.decode()
    assert detail(civic.ent_none) in none and detail(civic.ent_instructed) in none
    assert detail(civic.ent_own) not in none
    bogus = client.get(reverse("enterprise_list"), {"status": "bogus"}).content.decode()
    assert detail(civic.ent_own) in bogus  # an unknown filter shows everything


def test_detail_shows_how_party_work_reaches_it(login, street_user, civic):
    client = login(street_user)
    own = client.get(detail(civic.ent_own)).content.decode()
    assert (
        "单独建立党组织" in own and reverse("organization_detail", args=[civic.branch1.pk]) in own
    )
    instructed = client.get(detail(civic.ent_instructed)).content.decode()
    assert civic.instructor.name in instructed and "已覆盖" in instructed
    assert "未覆盖" in client.get(detail(civic.ent_none)).content.decode()


def test_enterprises_are_scoped(login, grid_user, make_user, civic):
    client = login(grid_user)
    assert client.get(detail(civic.ent_own)).status_code == 200
    assert client.get(detail(civic.ent_none)).status_code == 404
    assert detail(civic.ent_none) not in client.get(reverse("enterprise_list")).content.decode()
    instructor = login(make_user("instructor", "instructor", resident=civic.instructor))
    assert instructor.get(detail(civic.ent_instructed)).status_code == 200
    assert instructor.get(detail(civic.ent_own)).status_code == 404


def test_rider_stations_are_scoped(login, grid_user, world, make_user, civic):
    assert (
        civic.station.name in login(grid_user).get(reverse("rider_station_list")).content.decode()
    )
    other = make_user("worker3", "grid_worker", grid=world.grid3)
    assert (
        civic.station.name not in login(other).get(reverse("rider_station_list")).content.decode()
    )
