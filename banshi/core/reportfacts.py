"""What a work report may quote beyond a region's registered figures, for the checker of
work reports (`workreports`) to reconcile against:

- facts an app can state about a *unit*, a party organization a report is about (市公交公司:
  its praise in a year, its brand's carriers, its volunteer team's registered members);
- facts about a *place*, a region (乌兰社区: the deliverables of its practical-matter
  project, the compounds it merged);
- *standards* checked over every member of a region ("每网格300-500户" over its grids,
  "每村3-5名后备人选" over its villages).

Each app registers its providers in `AppConfig.ready()`; the checker names no app. A
provider reads a `Claim` (what the report counts, in which measure word, for which period)
and answers the facts that could be meant — usually one, none when it knows nothing of the
subject. Values are the unit's official ones, the same whoever asks (as figures are); the
`url` opens the records behind a fact on a page that applies the viewer's scope.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .periods import Period


@dataclass(frozen=True)
class Claim:
    """A figure of a report as the providers read it."""

    subject: str  # what it counts, in the report's words: "表扬信", "停车位", "志愿服务队"
    unit: str  # the measure word: "封", "个", "人"; "%" for a percentage
    period: Period | None  # None: as things stand now ("截至目前", or no period said)
    text: str = ""  # the figure as written, for providers that need the detail
    sentence: str = ""  # the sentence it stands in ("…“供暖”类诉求，共53件…")
    phrase: str = ""  # the words just before it, to the last comma ("人均每周走访")


@dataclass(frozen=True)
class Fact:
    key: str  # what was answered, stable across runs: "praise.letter", "projects.deliverable"
    label: str  # how a page names it (a lazy translation or a record's name)
    value: int | float | Decimal  # a rate as a fraction
    url: str  # the records behind the value
    rate: bool = False


UnitFacts = Callable[[object, Claim], list[Fact]]  # (a PartyOrganization, claim)
PlaceFacts = Callable[[object, Claim], list[Fact]]  # (a Region, claim)


@dataclass(frozen=True)
class Member:
    """One unit a standard is checked over, with its value."""

    name: str
    code: str
    value: int
    url: str


@dataclass(frozen=True)
class Standard:
    key: str
    label: str  # a lazy translation: "每网格户数"
    subjects: frozenset[str]  # the counted thing as reports name it: {"户"}
    per: frozenset[str]  # per what: {"网格"}
    members: Callable[[object], list[Member]]  # a Region → every member with its value
    url: Callable[[object], str]  # a Region → the list of its members


_UNIT: dict[str, UnitFacts] = {}
_PLACE: dict[str, PlaceFacts] = {}
_STANDARDS: dict[str, Standard] = {}


def _put(table: dict, key: str, value) -> None:
    known = table.get(key)
    if known is not None and known != value:
        raise ValueError(f"report facts {key} are registered twice")
    table[key] = value


def register_unit_facts(key: str, provider: UnitFacts) -> None:
    _put(_UNIT, key, provider)


def register_place_facts(key: str, provider: PlaceFacts) -> None:
    _put(_PLACE, key, provider)


def register_standard(standard: Standard) -> None:
    _put(_STANDARDS, standard.key, standard)


def unit_facts(organization, claim: Claim) -> list[Fact]:
    return [fact for key in sorted(_UNIT) for fact in _UNIT[key](organization, claim)]


def place_facts(region, claim: Claim) -> list[Fact]:
    return [fact for key in sorted(_PLACE) for fact in _PLACE[key](region, claim)]


def standard_for(subject: str, per: str) -> Standard | None:
    """The standard that counts `subject` per `per`, if an app registered one."""
    for key in sorted(_STANDARDS):
        standard = _STANDARDS[key]
        if subject in standard.subjects and per in standard.per:
            return standard
    return None


def standards() -> list[Standard]:
    return [_STANDARDS[key] for key in sorted(_STANDARDS)]
