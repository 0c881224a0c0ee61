"""Template filters for figures: `{{ rate|percent }}` shows a fraction as a percentage with
one decimal ("44.7%", "—" for none), and `{{ count|number }}` a number with thousands
separators ("68,231"), as every page shows them in every language (Django's `intcomma`
groups nothing in Chinese, whose locale sets no separator)."""

from django import template

from banshi.core.figures import as_number, as_percent

register = template.Library()


@register.filter
def percent(value) -> str:
    return as_percent(value)


@register.filter
def number(value) -> str:
    return as_number(value)
