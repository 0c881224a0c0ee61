"""Template filters for figures: `{{ rate|percent }}` shows a fraction as a percentage with
one decimal ("44.7%", "—" for none), as every page shows rates."""

from django import template

from banshi.core.figures import as_percent

register = template.Library()


@register.filter
def percent(value) -> str:
    return as_percent(value)
