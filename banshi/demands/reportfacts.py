"""What demands tell the work-report checker beyond their registered figures: the month's
topic (每月一题) as the monthly report words it — "群众反映最集中的是“供暖”类诉求，共53件，
较上月增加19件" — the demands of a named category in the period, and the change on the
month before."""

import re

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from banshi.core import reportfacts
from banshi.core.reportfacts import Claim, Fact

from .topics import topic_of_month

_CATEGORY = re.compile(r"“([^”]{1,20})”类诉求")
MORE, FEWER = "增加", "减少"


def _topic_facts(region, claim: Claim) -> list[Fact]:
    if claim.unit != "件" or claim.period is None or claim.period.kind != "month":
        return []
    named = _CATEGORY.search(claim.sentence)
    if named is None or claim.subject not in ("诉求", MORE, FEWER):
        return []
    found = topic_of_month(period=claim.period.key, region=region)
    row = next((c for c in found["categories"] if c["name"] == named[1]), None)
    if row is None:
        return []
    url = f"{reverse('demands:topics')}?region={region.code}&period={claim.period.key}"
    if claim.subject == "诉求":
        label = _("“%(c)s”类诉求") % {"c": named[1]}
        return [Fact("demands.category", label, row["count"], url)]
    change = row["count"] - row["previous"]
    value = change if claim.subject == MORE else -change
    label = _("“%(c)s”类诉求较上月变化") % {"c": named[1]}
    return [Fact("demands.category_change", label, value, url)]


def register() -> None:
    reportfacts.register_place_facts("demands.topic", _topic_facts)
