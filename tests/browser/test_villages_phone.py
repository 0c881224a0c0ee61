"""The villages pages on a 360 × 740 phone, in Chromium: a village's two committees, pool
and training, the county's overview with its gap report, and the joint review: nothing
wider than the screen, and axe-core finds no contrast failure and no control without a
label. The county enters a department's opinion from the phone."""

# ruff: noqa: F811  (the tests take the villages fixtures imported below as arguments)
import pytest

from banshi.villages import services
from banshi.villages.models import ReviewOpinion
from tests.browser.test_materials_phone import _check, phone  # noqa: F401 (fixtures)
from tests.villages.conftest import county, person, places, users  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_the_villages_pages_on_the_phone(phone, log_in, places, users):
    a = places.a
    services.villager_seat_fill(
        village=a.region,
        resident=a.secretary.member.resident,
        post="director",
        started_on="2021-03-20",
    )
    for i in range(2):
        services.reserve_add(
            village=a.region,
            resident=person(f"后备{i}", "19960101"),
            education="college",
            political_status="league",
            measures="参加乡镇党校培训，安排到村便民服务站跟班学习",
            added_on="2026-01-05",
        )
    review = services.review_round_open(county=places.county, year=2026, started_on="2026-03-10")
    log_in(phone, "v_county")
    _check(
        phone,
        [
            f"/villages/{a.region.code}/",
            f"/regions/{places.county.code}/villages/",
            f"/villages/reviews/{review.pk}/",
        ],
    )
    form = phone.locator("#review-subjects form").first
    form.locator("input[name=department]").fill("县委组织部")
    form.locator("button").click()
    phone.wait_for_load_state("networkidle")
    assert ReviewOpinion.objects.filter(department="县委组织部").count() == 1
