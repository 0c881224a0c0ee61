"""How an app's records are listed in the one drill-down every figure opens into
(dashboards' `figure_detail`, which renders `records/<app>.<model>.html`): what the list
loads alongside its rows so a page costs one query. The app that owns the model registers
it in its `AppConfig.ready()`; the drill-down names no app."""

from django.db.models import Model

_RELATED: dict[str, tuple[str, ...]] = {}


def register(model: type[Model], *related: str) -> None:
    label = model._meta.label_lower
    known = _RELATED.get(label)
    if known is not None and known != related:
        raise ValueError(f"the record list of {label} is registered twice")
    _RELATED[label] = related


def related(model: type[Model]) -> tuple[str, ...]:
    """What the model's record list loads alongside (nothing registered: nothing)."""
    return _RELATED.get(model._meta.label_lower, ())
