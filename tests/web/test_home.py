from django.urls import reverse

from banshi.access.models import RoleAssignment


def test_street_user_sees_their_street(login, street_user, world):
    html = login(street_user).get(reverse("home")).content.decode()
    assert reverse("region_detail", args=[world.street.code]) in html
    assert "大学东路街道" in html
    assert reverse("region_detail", args=[world.district.code]) not in html


def test_grid_worker_lands_on_their_workbench_with_their_grid_a_link_away(login, grid_user, world):
    response = login(grid_user).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-tile="fieldwork.today"' in html
    assert f'href="{reverse("grid_detail", args=[world.grid1.code])}"' in html
    assert reverse("grid_detail", args=[world.grid2.code]) not in html


def test_system_admin_sees_the_city(login, superuser, world):
    html = login(superuser).get(reverse("home")).content.decode()
    assert reverse("region_detail", args=[world.city.code]) in html


def test_system_admin_role_without_superuser_sees_the_city(login, make_user, world):
    user = make_user("sysadmin", RoleAssignment.Role.SYSTEM_ADMIN)
    html = login(user).get(reverse("home")).content.decode()
    assert reverse("region_detail", args=[world.city.code]) in html


def test_user_without_roles_is_told_so(login, make_user, world):
    html = login(make_user("nobody")).get(reverse("home")).content.decode()
    assert "尚未分配管辖范围" in html
    assert "/regions/1501" not in html


def test_party_secretary_sees_their_organization(login, make_user, civic):
    user = make_user("secretary", "party_secretary", party_organization=civic.wulan)
    html = login(user).get(reverse("home")).content.decode()
    assert reverse("organization_detail", args=[civic.wulan.pk]) in html
    assert reverse("organization_detail", args=[civic.neigong.pk]) not in html


def test_instructor_sees_their_enterprises(login, make_user, civic):
    user = make_user("instructor", "instructor", resident=civic.instructor)
    html = login(user).get(reverse("home")).content.decode()
    assert reverse("enterprise_detail", args=[civic.ent_instructed.pk]) in html
    assert reverse("enterprise_detail", args=[civic.ent_own.pk]) not in html


def test_resident_sees_their_household(login, make_user, world):
    resident = world.residents[world.grid2.code][0]
    user = make_user("resident", "resident", resident=resident)
    html = login(user).get(reverse("home")).content.decode()
    assert reverse("household_detail", args=[resident.household_id]) in html


def test_the_main_navigation_reaches_the_demands_and_field_work(
    login, grid_user, street_user, client
):
    html = login(grid_user).get(reverse("region_tree")).content.decode()
    nav = html[html.index('<nav class="nav"') : html.index("</nav>")]
    assert f'href="{reverse("demands:queue")}"' in nav and "接诉即办" in nav
    assert f'href="{reverse("fieldwork:today")}"' in nav and "走访巡查" in nav
    # Field work is the grid worker's: others are not sent to a page that refuses them.
    html = login(street_user).get(reverse("region_tree")).content.decode()
    nav = html[html.index('<nav class="nav"') : html.index("</nav>")]
    assert "接诉即办" in nav and reverse("fieldwork:today") not in nav
    # A visitor who is not logged in is offered the public progress lookup only.
    html = client.get(reverse("login")).content.decode()
    nav = html[html.index('<nav class="nav"') : html.index("</nav>")]
    assert f'href="{reverse("demands:track_form")}"' in nav
    assert reverse("demands:queue") not in nav
