"""Detail sections of the service apps' report (`banshi services`): beside the registered
figures of a region, each app may register what a figure cannot say — a brand's carriers
by kind, a project's deliverables — as a function of (region, period) returning rows
(dicts of plain values) or nothing. Registered in the app's `AppConfig.ready()`; the
command names no app."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    label: str  # a lazy translation
    rows: Callable  # (region, period) -> list[dict]
    order: int = 0


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> Section:
    known = _SECTIONS.get(section.key)
    if known is not None and known != section:
        raise ValueError(f"section {section.key} is registered twice")
    _SECTIONS[section.key] = section
    return section


def all_sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
