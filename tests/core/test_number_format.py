"""Numbers on pages: thousands separators in every language (Chinese included, where
Django's own `intcomma` groups nothing) and one decimal for fractions and percentages."""

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from banshi.core.figures import as_number, as_percent


def test_counts_are_grouped_by_thousands():
    assert as_number(68231) == "68,231"
    assert as_number(25957) == "25,957"
    assert as_number(999) == "999"
    assert as_number(-1200) == "-1,200"


def test_fractions_have_one_decimal_and_nothing_is_a_dash():
    assert as_number(1234.56) == "1,234.6"
    assert as_number(Decimal("12345.5")) == "12,345.5"
    assert as_number(None) == "—"
    assert as_percent(0.9615) == "96.2%"
    assert as_percent(0.95) == "95.0%"


def test_text_that_is_not_a_number_is_left_alone():
    assert as_number("乌兰社区") == "乌兰社区"
    assert as_number("1200") == "1,200"


def test_the_filter_groups_in_chinese_and_english():
    template = Template("{% load banshi %}{{ n|number }} {{ r|percent }}")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert template.render(Context({"n": 68231, "r": 0.9769})) == "68,231 97.7%"
