"""The development of members and the village's committee forms on a 360 × 740 phone, in
Chromium: the branch's development page and the village page fit the screen and axe-core
finds no contrast failure and no control without a label; the village secretary records
an application by ID number from the phone and names the activist."""

# ruff: noqa: F811  (the tests take the fixtures imported below as arguments)
import pytest

from banshi.organizations.models import Applicant
from tests.browser.test_materials_phone import _check, phone  # noqa: F401 (fixtures)
from tests.villages.conftest import county, person, places, users  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_development_and_committee_forms_on_the_phone(phone, log_in, places, users):
    branch = places.a.branch
    development = f"/partylife/organizations/{branch.pk}/development/"
    log_in(phone, "v_county")
    _check(phone, [development, f"/villages/{places.a.region.code}/"])
    phone.click("#seat-forms summary")
    assert phone.locator("#seat-fill").is_visible()
    phone.context.clear_cookies()
    log_in(phone, "v_secretary")
    resident = person("马申请", birth="20000101")
    phone.goto(development)
    phone.fill("#r-id", resident.id_number)
    phone.fill("#r-on", "2025-03-01")
    with phone.expect_navigation():
        phone.click("#pl-apply button[type=submit]")
    applicant = Applicant.objects.get(resident=resident)
    row = phone.locator(f'tr[data-applicant="{applicant.pk}"]')
    assert row.get_attribute("data-stage") == "applied"
    row.locator("summary").click()
    row.locator("input[name=on]").first.fill("2025-09-01")
    with phone.expect_navigation():
        row.locator("form").first.locator("button").click()
    applicant.refresh_from_db()
    assert applicant.stage == Applicant.Stage.ACTIVIST
    assert "入党积极分子" in phone.locator(f'tr[data-applicant="{applicant.pk}"]').inner_text()
