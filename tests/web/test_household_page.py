from django.urls import reverse


def test_household_lists_its_residents(login, grid_user, world):
    household = world.households[world.grid1.code][0]
    response = login(grid_user).get(reverse("household_detail", args=[household.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    resident = world.residents[world.grid1.code][0]
    assert reverse("resident_detail", args=[resident.pk]) in html
    assert resident.id_number_masked in html and resident.id_number not in html
    other = world.residents[world.grid1.code][1]
    assert reverse("resident_detail", args=[other.pk]) not in html


def test_household_outside_scope_answers_404(login, grid_user, world):
    client = login(grid_user)
    household = world.households[world.grid3.code][0]
    assert client.get(reverse("household_detail", args=[household.pk])).status_code == 404
    assert client.get(reverse("household_detail", args=[999999])).status_code == 404


def test_resident_sees_own_household_but_not_the_grid(login, make_user, world):
    resident = world.residents[world.grid2.code][0]
    user = make_user("resident", "resident", resident=resident)
    client = login(user)
    response = client.get(reverse("household_detail", args=[resident.household_id]))
    assert response.status_code == 200
    assert reverse("grid_detail", args=[world.grid2.code]) not in response.content.decode()
    assert client.get(reverse("grid_detail", args=[world.grid2.code])).status_code == 404
    neighbour = world.households[world.grid2.code][1]
    assert client.get(reverse("household_detail", args=[neighbour.pk])).status_code == 404


def test_household_page_lists_its_visits_and_lets_its_grid_worker_visit(
    login, grid_user, make_user, world
):
    import datetime
    import uuid

    from django.utils import timezone

    from banshi.fieldwork.services import visit_record

    household = world.households[world.grid1.code][0]
    at = timezone.now() - datetime.timedelta(days=3)
    visit_record(
        user=grid_user,
        client_id=str(uuid.uuid4()),
        household_id=household.pk,
        visited_at=at,
        met="户主本人",
    )
    page = login(grid_user).get(reverse("household_detail", args=[household.pk]))
    html = page.content.decode()
    assert "户主本人" in html and at.astimezone().strftime("%Y-%m-%d") in html
    assert f"{reverse('fieldwork:visit')}?household={household.pk}" in html
    # The street reads the history but does not visit from here.
    street = make_user("street2", "street", region=world.street)
    html = login(street).get(reverse("household_detail", args=[household.pk])).content.decode()
    assert "户主本人" in html and "走访此户" not in html
