import re

from django.urls import reverse


def detail(org):
    return reverse("organization_detail", args=[org.pk])


def test_organization_page_counts_members_and_lists_children(login, street_user, civic):
    response = login(street_user).get(detail(civic.wulan))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="member-count">0<', html)  # no direct members
    assert re.search(r'id="subtree-members">1<', html)  # one in the building group below
    assert detail(civic.branch1) in html
    assert detail(civic.neigong) not in html  # a sibling, not a child
    group = login(street_user).get(detail(civic.group1)).content.decode()
    assert re.search(r'id="member-count">1<', group)
    assert reverse("resident_detail", args=[civic.member1.resident_id]) in group


def test_territory_link_on_the_organization(login, street_user, civic, world):
    html = login(street_user).get(detail(civic.branch1)).content.decode()
    assert reverse("grid_detail", args=[world.grid1.code]) in html
    assert reverse("enterprise_detail", args=[civic.ent_own.pk]) in html


def test_secretary_sees_their_subtree_only(login, make_user, civic):
    user = make_user("secretary", "party_secretary", party_organization=civic.wulan)
    client = login(user)
    assert client.get(detail(civic.wulan)).status_code == 200
    assert client.get(detail(civic.group1)).status_code == 200
    assert client.get(detail(civic.neigong)).status_code == 404
    assert client.get(detail(civic.top)).status_code == 404
    listing = client.get(reverse("organization_list")).content.decode()
    assert detail(civic.branch1) in listing and detail(civic.neigong) not in listing
    # The parent is named but not linked.
    page = client.get(detail(civic.wulan)).content.decode()
    assert civic.top.name in page and detail(civic.top) not in page


def test_grid_worker_sees_only_the_organizations_of_their_grid(login, grid_user, civic):
    client = login(grid_user)
    assert client.get(detail(civic.branch1)).status_code == 200
    assert client.get(detail(civic.wulan)).status_code == 404
    assert client.get(reverse("organization_detail", args=[999999])).status_code == 404
