"""The party-life demo: 玉泉区's party organizations and members, its 2026 annual plan of
theme party days, a year of every branch's organizational life with attendance, and the
seed's named days (the joint day at 台格斗村, the riders' day, 大学东路街道's study days).

Deterministic for a seed and a `now` (the same counts every time). Organizations, members,
the plan, activities, leave, make-ups, talks and appraisal go through the services, which
hold the rules; see `activities.py` for the one bulk write and why."""

import random

from django.db import transaction

from .orgs import build_orgs


@transaction.atomic
def build_demo_partylife(*, seed: int, now) -> dict:
    """Build it all; returns counts of what was made."""
    rng = random.Random(f"{seed}/partylife")
    orgs = build_orgs(rng)
    branches = orgs.branches + orgs.horinger
    return {
        "organizations": 1 + len(orgs.streets) + len(branches),
        "branches": len(orgs.branches),
        "members": sum(len(b.members) for b in branches),
        "accounts": len(orgs.accounts),
    }
