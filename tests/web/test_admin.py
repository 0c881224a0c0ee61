import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from banshi.core import crypto
from banshi.people.models import Resident
from tests.conftest import make_id_number

NO_TAGS = {"tags-TOTAL_FORMS": "0", "tags-INITIAL_FORMS": "0"}


def perms(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def staff_worker(grid_user):
    return perms(grid_user, "view_resident", "view_household", "change_resident")


def change_url(resident):
    return reverse("admin:people_resident_change", args=[resident.pk])


def test_admin_index_is_chinese(login, superuser):
    html = login(superuser).get(reverse("admin:index")).content.decode()
    assert "办实事 · 管理后台" in html
    assert "居民" in html and "网格" in html
    # The third-party apps read in Chinese too, in the site's colours.
    for english in ("Axes", "Access attempts", "Task results", "TOTP devices", "Tokens"):
        assert f">{english}<" not in html, english
    for chinese in ("登录锁定", "登录失败记录", "后台任务", "两步验证", "用户与权限组"):
        assert chinese in html, chinese
    assert "banshi/admin.css" in html and "favicon.svg" in html


def test_resident_changelist_is_scoped(login, staff_worker, world):
    response = login(staff_worker).get(reverse("admin:people_resident_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    for r in world.residents[world.grid1.code]:
        assert change_url(r) in html
        assert r.id_number_masked in html
    for code in (world.grid2.code, world.grid3.code):
        for r in world.residents[code]:
            assert change_url(r) not in html


def test_out_of_scope_change_page_answers_404(login, staff_worker, world):
    client = login(staff_worker)
    other = world.residents[world.grid3.code][0]
    assert client.get(change_url(other)).status_code == 404
    missing = reverse("admin:people_resident_change", args=[987654])
    assert client.get(missing).status_code == 404
    history = reverse("admin:people_resident_history", args=[other.pk])
    assert client.get(history).status_code == 404
    # Nor can the change page be posted to.
    assert client.post(change_url(other), {"name": "改名"}).status_code == 404
    other.refresh_from_db()
    assert other.name != "改名"


def test_change_page_never_shows_ciphertext_or_hashes(login, staff_worker, world):
    resident = world.residents[world.grid1.code][0]
    html = login(staff_worker).get(change_url(resident)).content.decode()
    assert resident.id_number_masked in html
    assert resident.id_number_enc not in html
    assert resident.id_number_hash not in html
    assert resident.phone_enc not in html
    assert resident.id_number not in html and resident.phone not in html
    assert "_enc" not in html and "_hash" not in html


@pytest.mark.parametrize("term", ["张三", "zhangsan", "zs"])
def test_admin_search_by_name_pinyin_initials(login, superuser, named_residents, term):
    zhang, li = named_residents
    html = (
        login(superuser)
        .get(reverse("admin:people_resident_changelist"), {"q": term})
        .content.decode()
    )
    assert change_url(zhang) in html and change_url(li) not in html


def test_admin_search_by_full_id_number_and_phone(login, superuser, named_residents):
    zhang, li = named_residents
    client = login(superuser)
    url = reverse("admin:people_resident_changelist")
    by_id = client.get(url, {"q": li.id_number}).content.decode()
    assert change_url(li) in by_id and change_url(zhang) not in by_id
    by_phone = client.get(url, {"q": "13904710901"}).content.decode()
    assert change_url(zhang) in by_phone and change_url(li) not in by_phone


def test_admin_search_stays_in_scope(login, staff_worker, named_residents):
    zhang, li = named_residents
    html = (
        login(staff_worker)
        .get(reverse("admin:people_resident_changelist"), {"q": "ls"})
        .content.decode()
    )
    assert change_url(li) not in html


def test_household_autocomplete_is_scoped(login, staff_worker, world):
    response = login(staff_worker).get(
        reverse("admin:autocomplete"),
        {"app_label": "people", "model_name": "resident", "field_name": "household", "term": ""},
    )
    assert response.status_code == 200
    ids = {int(item["id"]) for item in json.loads(response.content)["results"]}
    assert ids == {h.pk for h in world.households[world.grid1.code]}


def test_change_cannot_move_a_resident_out_of_scope(login, staff_worker, world):
    resident = world.residents[world.grid1.code][0]
    foreign = world.households[world.grid3.code][0]
    response = login(staff_worker).post(
        change_url(resident),
        {
            "name": resident.name,
            "household": foreign.pk,
            "relation_to_head": "head",
            "ethnicity": "01",
            "political_status": "masses",
            **NO_TAGS,
        },
    )
    assert response.status_code == 200  # the form again, with an error on the household
    assert "选择一个有效的选项" in response.content.decode()
    resident.refresh_from_db()
    assert resident.household_id == world.households[world.grid1.code][0].pk
    # The same change to a household in scope goes through.
    inside = world.households[world.grid1.code][1]
    ok = login(staff_worker).post(
        change_url(resident),
        {
            "name": resident.name,
            "household": inside.pk,
            "relation_to_head": "head",
            "ethnicity": "01",
            "political_status": "masses",
            **NO_TAGS,
        },
    )
    assert ok.status_code == 302
    resident.refresh_from_db()
    assert resident.household_id == inside.pk


def test_admin_add_resident_goes_through_the_service(login, superuser, world):
    household = world.households[world.grid2.code][0]
    number = make_id_number(700)
    response = login(superuser).post(
        reverse("admin:people_resident_add"),
        {
            "name": "赵六",
            "id_number": number,
            "phone": "139 0471 0700",
            "household": household.pk,
            "relation_to_head": "spouse",
            "ethnicity": "01",
            "political_status": "masses",
            **NO_TAGS,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    r = Resident.objects.get(name="赵六")
    assert r.id_number == number and r.phone == "13904710700"
    assert r.id_number_hash == crypto.blind_index(number)
    assert r.name_initials == "zl"
    assert r.grid_id == household.grid_id


def test_admin_add_refuses_bad_and_duplicate_id_numbers(login, superuser, world):
    client = login(superuser)
    existing = world.residents[world.grid1.code][0]
    base = {"name": "钱七", "ethnicity": "01", "political_status": "masses", **NO_TAGS}
    dup = client.post(
        reverse("admin:people_resident_add"), {**base, "id_number": existing.id_number}
    )
    assert dup.status_code == 200 and "该公民身份号码已登记" in dup.content.decode()
    bad = client.post(
        reverse("admin:people_resident_add"), {**base, "id_number": "15010519900101001"}
    )
    assert bad.status_code == 200 and "公民身份号码应为18位" in bad.content.decode()
    missing = client.post(reverse("admin:people_resident_add"), base)
    assert "请填写公民身份号码" in missing.content.decode()
    assert not Resident.objects.filter(name="钱七").exists()


def test_admin_change_reencrypts_a_new_phone(login, superuser, world):
    resident = world.residents[world.grid1.code][0]
    old_id = resident.id_number
    response = login(superuser).post(
        change_url(resident),
        {
            "name": resident.name,
            "id_number": "",
            "phone": "13904719999",
            "household": resident.household_id,
            "relation_to_head": "head",
            "ethnicity": "01",
            "political_status": "masses",
            **NO_TAGS,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    resident.refresh_from_db()
    assert resident.phone == "13904719999" and resident.phone_masked == "139****9999"
    assert resident.id_number == old_id


def test_other_admins_are_scoped(login, grid_user, world, civic):
    user = perms(
        grid_user, "view_household", "view_grid", "view_enterprise", "view_partyorganization"
    )
    client = login(user)
    grids = client.get(reverse("admin:territory_grid_changelist")).content.decode()
    assert reverse("admin:territory_grid_change", args=[world.grid1.pk]) in grids
    assert reverse("admin:territory_grid_change", args=[world.grid3.pk]) not in grids
    assert (
        client.get(reverse("admin:territory_grid_change", args=[world.grid3.pk])).status_code == 404
    )
    ent = reverse("admin:enterprises_enterprise_change", args=[civic.ent_none.pk])
    assert client.get(ent).status_code == 404
    org = reverse("admin:organizations_partyorganization_change", args=[civic.neigong.pk])
    assert client.get(org).status_code == 404
    assert (
        client.get(
            reverse("admin:organizations_partyorganization_change", args=[civic.branch1.pk])
        ).status_code
        == 200
    )


ADMIN_MODELS = [
    ("territory", "region"),
    ("territory", "grid"),
    ("territory", "building"),
    ("territory", "unit"),
    ("territory", "household"),
    ("territory", "commercialoutlet"),
    ("people", "resident"),
    ("people", "placerole"),
    ("organizations", "partyorganization"),
    ("organizations", "partymember"),
    ("organizations", "centerhousehold"),
    ("enterprises", "enterprise"),
    ("enterprises", "riderstation"),
]


@pytest.mark.parametrize(("app", "model"), ADMIN_MODELS)
def test_every_admin_page_renders(login, superuser, civic, app, model):
    from django.apps import apps

    client = login(superuser)
    changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    html = changelist.content.decode()
    assert "_enc" not in html and "_hash" not in html
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200
    obj = apps.get_model(app, model).objects.first()
    change = client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
    assert change.status_code == 200
    searched = client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": "1"})
    assert searched.status_code == 200


def test_moving_an_organization_rewrites_the_subtree(login, superuser, civic):
    response = login(superuser).post(
        reverse("admin:organizations_partyorganization_change", args=[civic.branch1.pk]),
        {
            "name": civic.branch1.name,
            "kind": "grid_branch",
            "parent": civic.neigong.pk,
            "grid": civic.branch1.grid_id,
            "has_committee": "",
            "is_mobile": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    civic.group1.refresh_from_db()
    assert civic.group1.path == f"{civic.neigong.path}{civic.branch1.pk}/{civic.group1.pk}/"


def test_an_organization_cannot_move_under_itself(login, superuser, civic):
    response = login(superuser).post(
        reverse("admin:organizations_partyorganization_change", args=[civic.wulan.pk]),
        {"name": civic.wulan.name, "kind": "party_committee", "parent": civic.branch1.pk},
    )
    assert response.status_code == 200
    assert "不能把党组织移到它自己的下级之下" in response.content.decode()


def test_admitting_a_member_in_the_admin_keeps_the_history(login, superuser, world, civic):
    from banshi.organizations.models import Membership, PartyMember

    resident = world.residents[world.grid2.code][0]
    response = login(superuser).post(
        reverse("admin:organizations_partymember_add"),
        {
            "resident": resident.pk,
            "organization": civic.wulan.pk,
            "status": "probationary",
            "joined_on": "2024-07-01",
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    member = PartyMember.objects.get(resident=resident)
    assert Membership.objects.filter(member=member, organization=civic.wulan).exists()
    resident.refresh_from_db()
    assert resident.political_status == "probationary"


def test_center_household_must_belong_to_a_building_group(login, superuser, world, civic):
    household = world.households[world.grid1.code][1]
    response = login(superuser).post(
        reverse("admin:organizations_centerhousehold_add"),
        {"household": household.pk, "member": civic.member1.pk, "group": civic.branch1.pk},
    )
    assert response.status_code == 200
    assert "党员中心户必须隶属于楼栋党小组" in response.content.decode()


def test_duplicate_id_number_outside_the_scope_is_not_confirmed(login, staff_worker, world):
    """The duplicate check answers in the user's scope: a number registered in another grid
    gets a refusal that names nobody and does not say it is registered."""
    perms(staff_worker, "add_resident")
    client = login(staff_worker)
    household = world.households[world.grid1.code][0]
    base = {
        "name": "孙八",
        "household": household.pk,
        "relation_to_head": "other",
        "ethnicity": "01",
        "political_status": "masses",
        **NO_TAGS,
    }
    foreign = world.residents[world.grid3.code][0]
    r = client.post(reverse("admin:people_resident_add"), {**base, "id_number": foreign.id_number})
    page = r.content.decode()
    assert r.status_code == 200
    assert "该公民身份号码不能在此登记" in page
    assert "已登记" not in page and foreign.name not in page and world.grid3.name not in page
    own = world.residents[world.grid1.code][1]
    r = client.post(reverse("admin:people_resident_add"), {**base, "id_number": own.id_number})
    assert "该公民身份号码已登记" in r.content.decode()
    assert not Resident.objects.filter(name="孙八").exists()


def test_an_admin_write_that_would_land_outside_the_scope_is_rolled_back(
    login, staff_worker, world
):
    """A record whose place the offered choices cannot limit (a region with no parent) is
    refused after the save, and nothing of it stays."""
    from banshi.territory.models import Region

    perms(staff_worker, "add_region", "view_region")
    r = login(staff_worker).post(
        reverse("admin:territory_region_add"),
        {"code": "150200000000", "name": "包头市", "kind": "city"},
    )
    assert r.status_code == 403
    assert "不在您的管辖范围内" in r.content.decode()
    assert not Region.objects.filter(code="150200000000").exists()
