"""Periods read from user input: every bad month is a PeriodError with a message (the pages
answer it with a 400), never a ValueError from datetime that would be a 500."""

import pytest
from django.urls import reverse

from banshi.core.periods import Period, PeriodError


@pytest.mark.parametrize("text", ["9999-12", "0000-01", "2026-00", "2026-13", "1899-12"])
def test_months_out_of_range_are_refused_with_a_message(text):
    with pytest.raises(PeriodError) as refused:
        Period.parse(text)
    assert "月份无效" in str(refused.value)


def test_the_last_month_datetime_can_end():
    assert Period.parse("9999-11").key == "9999-11"


@pytest.mark.django_db
def test_the_region_page_answers_a_far_month_with_400(client, world, make_user):
    client.force_login(make_user("street", "street", region=world.street))
    url = reverse("region_detail", args=[world.street.code])
    response = client.get(url, {"period": "9999-12"})
    assert response.status_code == 400
    figure = reverse("figure_detail", args=[world.street.code, "demands_received"])
    assert client.get(figure, {"period": "9999-12"}).status_code == 400
