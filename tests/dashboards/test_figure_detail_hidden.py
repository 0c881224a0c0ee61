"""A drill-down lists only the records the viewer may open, and says so when the list is
shorter than the figure: the figure stays the unit's official number."""

from django.urls import reverse

from banshi.access import scope
from banshi.dashboards import views
from banshi.territory.models import Household


def test_the_list_says_how_many_records_it_leaves_out(login, street_user, world, monkeypatch):
    hidden = world.households[world.grid1.code][0]

    def narrower(qs, user):
        # As if one household lay outside the viewer's scope.
        return scope.restrict(qs, user).exclude(pk=hidden.pk)

    monkeypatch.setattr(views, "restrict", narrower)
    url = reverse("figure_detail", args=[world.street.code, "households"])
    html = login(street_user).get(url).content.decode()
    total = Household.objects.filter(grid__community__parent=world.street).count()
    assert f"<strong data-figure-value>{total}</strong>" in html
    assert 'id="hidden-records"' in html and "另有 1 条记录不在您的管辖范围内" in html
    assert f"/households/{hidden.pk}/" not in html


def test_nothing_is_said_when_the_viewer_sees_every_record(login, street_user, world):
    url = reverse("figure_detail", args=[world.street.code, "households"])
    html = login(street_user).get(url).content.decode()
    assert 'id="hidden-records"' not in html
    for households in world.households.values():
        for h in households:
            assert f"/households/{h.pk}/" in html
