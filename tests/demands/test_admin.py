"""The admin: taxonomy and rules editable; a demand's state read-only; admin actions go
through the services and their state machine."""

from django.contrib.auth import get_user_model

from banshi.demands.models import Demand
from tests.demands.conftest import walk


def _admin(client):
    root = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(root)
    return client


def test_state_cannot_be_edited_in_the_admin(world, people, submit, client):
    d = submit(user=people.resident)
    c = _admin(client)
    page = c.get(f"/admin/demands/demand/{d.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="state"' not in html  # shown, not an input
    assert "_enc" not in html and "reporter_phone_hash" not in html
    c.post(f"/admin/demands/demand/{d.pk}/change/", {"state": "closed"})
    d.refresh_from_db()
    assert d.state == "dispatched"
    assert c.get("/admin/demands/demand/add/").status_code == 403
    assert c.get(f"/admin/demands/demand/{d.pk}/delete/").status_code == 403


def test_admin_actions_use_the_state_machine(world, people, submit, t0, client):
    done = walk(submit(user=people.resident), people, at=t0)  # rated
    fresh = submit(user=people.resident)  # dispatched
    c = _admin(client)
    r = c.post(
        "/admin/demands/demand/",
        {"action": "close", "_selected_action": [done.pk, fresh.pk]},
        follow=True,
    )
    html = r.content.decode()
    assert "不能执行“结案”" in html
    assert Demand.objects.get(pk=done.pk).state == "closed"
    assert Demand.objects.get(pk=fresh.pk).state == "dispatched"
    assert done.events.filter(kind="closed").count() == 1


def test_taxonomy_and_rules_pages(db, client):
    c = _admin(client)
    for url in (
        "/admin/demands/category/",
        "/admin/demands/deadlinerule/",
        "/admin/demands/demandevent/",
        "/admin/demands/notification/",
        "/admin/demands/whistlecall/",
        "/admin/demands/overduemark/",
        "/admin/demands/demandphoto/",
    ):
        assert c.get(url).status_code == 200, url
    assert c.get("/admin/demands/demandevent/add/").status_code == 403
