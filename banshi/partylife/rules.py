"""The rule table of a branch's organizational life (《中国共产党支部工作条例（试行）》 and
common local rules): which activity each branch owes, how often, and what makes one count.

The defaults below can be overridden with `settings.BANSHI_PARTYLIFE_RULES`, a dict from a
rule key to the fields to change (`{"group_meeting": {"every": "quarter"}}`), or to None to
drop a rule. Unknown keys or fields are refused at load, loudly, so a typo in the settings
does not silently keep the default.
"""

from dataclasses import dataclass, fields, replace
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class Every(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Applies(StrEnum):
    """Which branches owe the rule."""

    ALL = "all"  # every branch
    COMMITTEE = "committee"  # branches that have elected a committee (`has_committee`)
    GROUPS = "groups"  # branches with party groups under them


class Proof(StrEnum):
    """What a held activity of the kind must show to count."""

    HELD = "held"  # held in the window
    QUORUM = "quorum"  # held with more than `quorum` of its expected attendance present
    SECRETARY = "secretary"  # a party lecture given by the branch's secretary
    EACH_MEMBER = "each_member"  # a heart-to-heart talk with every member of the branch
    ROUND = "round"  # an appraisal activity held or an appraisal round held in the window


@dataclass(frozen=True)
class Obligation:
    key: str
    label: str  # a lazy translation
    kind: str  # the `Activity.kind` (or "talk" for `Talk` records)
    every: Every
    applies: Applies = Applies.ALL
    counts: Proof = Proof.HELD
    quorum: float = 0.5  # for Proof.QUORUM: strictly more than this share present
    order: int = 0


DEFAULTS = (
    Obligation("theme_day", _("主题党日"), "theme_day", Every.MONTH, order=1),
    Obligation(
        "committee",
        _("支委会"),
        "committee",
        Every.MONTH,
        applies=Applies.COMMITTEE,
        counts=Proof.QUORUM,
        order=2,
    ),
    Obligation(
        "group_meeting", _("党小组会"), "group_meeting", Every.MONTH, Applies.GROUPS, order=3
    ),
    Obligation("general_meeting", _("支部党员大会"), "general_meeting", Every.QUARTER, order=4),
    Obligation("party_lecture", _("党课"), "party_lecture", Every.QUARTER, order=5),
    Obligation(
        "secretary_lecture",
        _("书记讲党课"),
        "party_lecture",
        Every.YEAR,
        counts=Proof.SECRETARY,
        order=6,
    ),
    Obligation("life_meeting", _("组织生活会"), "life_meeting", Every.YEAR, order=7),
    Obligation(
        "appraisal", _("民主评议党员"), "appraisal", Every.YEAR, counts=Proof.ROUND, order=8
    ),
    Obligation("talk", _("谈心谈话"), "talk", Every.YEAR, counts=Proof.EACH_MEMBER, order=9),
)

# A member is out of contact after this many months without presence or a make-up (and
# without a recorded contact); absent this many months in a row is flagged for follow-up.
OUT_OF_CONTACT_MONTHS = 6
ABSENT_MONTHS_IN_A_ROW = 3

_FIELDS = {f.name for f in fields(Obligation)} - {"key"}
_ENUMS = {"every": Every, "applies": Applies, "counts": Proof}


def _apply(rule: Obligation, changes: dict) -> Obligation:
    unknown = set(changes) - _FIELDS
    if unknown:
        raise ImproperlyConfigured(
            f"BANSHI_PARTYLIFE_RULES[{rule.key!r}]: unknown fields {sorted(unknown)}"
        )
    try:
        typed = {k: _ENUMS[k](v) if k in _ENUMS else v for k, v in changes.items()}
    except ValueError as exc:
        raise ImproperlyConfigured(f"BANSHI_PARTYLIFE_RULES[{rule.key!r}]: {exc}") from None
    return replace(rule, **typed)


def load(overrides: dict | None = None) -> tuple[Obligation, ...]:
    """The rules in force: the defaults with `overrides` (the setting, by default) applied."""
    if overrides is None:
        overrides = getattr(settings, "BANSHI_PARTYLIFE_RULES", None) or {}
    by_key = {r.key: r for r in DEFAULTS}
    unknown = set(overrides) - set(by_key)
    if unknown:
        raise ImproperlyConfigured(f"BANSHI_PARTYLIFE_RULES: unknown rules {sorted(unknown)}")
    out = []
    for key, rule in by_key.items():
        if key in overrides:
            if overrides[key] is None:
                continue
            rule = _apply(rule, overrides[key])
        out.append(rule)
    return tuple(sorted(out, key=lambda r: r.order))


def rules() -> tuple[Obligation, ...]:
    """The rules in force now (read each call, so `override_settings` in tests takes)."""
    return load()


def get(key: str) -> Obligation | None:
    return next((r for r in rules() if r.key == key), None)
