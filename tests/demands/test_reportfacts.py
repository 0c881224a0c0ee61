"""The month's topic as a work report quotes it: the demands of a named category in a month
and their change on the month before, recounted from the demands; other words, measure
words or periods give nothing."""

import datetime

from django.utils import timezone

from banshi.core.periods import Period
from banshi.core.reportfacts import Claim
from banshi.demands.models import Category
from banshi.demands.reportfacts import _topic_facts

NOV = timezone.make_aware(datetime.datetime(2026, 11, 10, 9))
OCT = timezone.make_aware(datetime.datetime(2026, 10, 10, 9))
NOVEMBER = Period.month(2026, 11)


def _claim(subject, period=NOVEMBER, unit="件", name=None):
    name = name or Category.objects.get(code="sanitation").name
    sentence = f"2026年11月群众反映最集中的是“{name}”类诉求，共3件，较上月增加2件。"
    return Claim(subject, unit, period, sentence=sentence)


def test_the_category_s_demands_and_their_change(world, submit):
    for _ in range(3):
        submit("sanitation", at=NOV)
    submit("sanitation", at=OCT)
    submit("noise", at=NOV)  # another category: not counted
    (count,) = _topic_facts(world.street, _claim("诉求"))
    assert (count.key, count.value) == ("demands.category", 3)
    assert f"region={world.street.code}" in count.url and "period=2026-11" in count.url
    (more,) = _topic_facts(world.street, _claim("增加"))
    assert more.value == 2
    (fewer,) = _topic_facts(world.street, _claim("减少"))
    assert fewer.value == -2
    # Another street's demands are not the street's.
    assert _topic_facts(world.other_district, _claim("诉求")) == []


def test_other_words_units_and_periods_give_nothing(world, submit):
    submit("sanitation", at=NOV)
    assert _topic_facts(world.street, _claim("居民")) == []
    assert _topic_facts(world.street, _claim("诉求", unit="人")) == []
    assert _topic_facts(world.street, _claim("诉求", period=Period.year(2026))) == []
    assert _topic_facts(world.street, _claim("诉求", period=None)) == []
    assert _topic_facts(world.street, _claim("诉求", name="没有这类")) == []
