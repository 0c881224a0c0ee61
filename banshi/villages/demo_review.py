"""The county's 2026 joint review in the villages demo: every member of both committees
reviewed by three departments; almost all passed (written in bulk: the round's routine),
two still pending, and two found for adjustment through the services: a villagers'
committee member dismissed and the post filled by a villager, a party committee member
dismissed and the post filled by another member of the branch."""

import datetime
import random

from banshi.organizations.models import CommitteeSeat
from banshi.territory.models import Region

from . import services
from .demo_people import resident_of
from .models import ReviewOpinion, ReviewRound, ReviewSubject

DEPARTMENTS = ["县委组织部", "县纪委监委", "县公安局"]
Result = ReviewSubject.Result


def _opened(today: datetime.date) -> datetime.date:
    day = datetime.date(today.year, 3, 10)
    return day if day <= today - datetime.timedelta(days=60) else day.replace(year=today.year - 1)


def build_review(rng: random.Random, county: Region, villages, today) -> ReviewRound:
    opened = _opened(today)
    review = services.review_round_open(county=county, year=opened.year, started_on=opened)
    subjects = list(review.subjects.select_related("party_seat", "villager_seat").order_by("pk"))
    party = [
        s
        for s in subjects
        if s.party_seat_id and s.party_seat.post == CommitteeSeat.Post.ORGANIZATION
    ]
    villager = [s for s in subjects if s.villager_seat_id and s.villager_seat.post == "member"]
    adjusted = [rng.choice(party), rng.choice(villager)]
    pending = [s for s in rng.sample(subjects, 4) if s not in adjusted][:2]
    given = opened + datetime.timedelta(days=12)
    routine = [s for s in subjects if s not in adjusted and s not in pending]
    ReviewOpinion.objects.bulk_create(
        [
            ReviewOpinion(subject=s, department=d, opinion="pass", given_on=given)
            for s in routine
            for d in DEPARTMENTS
        ],
        batch_size=2000,
    )
    decided = opened + datetime.timedelta(days=30)
    ReviewSubject.objects.filter(pk__in=[s.pk for s in routine]).update(
        result=Result.QUALIFIED, decided_on=decided
    )
    for s in pending:
        services.review_opinion_record(
            subject=s, department=DEPARTMENTS[0], opinion="pass", given_on=given
        )
        services.review_opinion_record(
            subject=s,
            department=DEPARTMENTS[2],
            opinion="pending",
            note="涉及一起民事纠纷，待核实",
            given_on=given,
        )
    by_region = {v.region.pk: v for v in villages}
    for s, note in zip(
        adjusted, ("长期不在村，不能正常履职", "存在违规参与工程项目问题"), strict=True
    ):
        services.review_opinion_record(
            subject=s, department=DEPARTMENTS[0], opinion="pass", given_on=given
        )
        services.review_opinion_record(
            subject=s, department=DEPARTMENTS[1], opinion="fail", note=note, given_on=given
        )
        services.review_decide(subject=s, result=Result.ADJUST, on=decided)
        out = decided + datetime.timedelta(days=5)
        services.adjustment_dismiss(subject=s, on=out, reason=note)
        v = by_region[s.village_id]
        filled = out + datetime.timedelta(days=20)
        if s.party_seat_id:
            member = next(m for m in v.members if m.resident_id not in v.holders)
            resident, committee, post, replaces = member.resident, "party", "organization", None
        else:
            resident = next(p for p in v.villagers if p.pk not in v.holders)
            committee, post = "villagers", "member"
            replaces = s.villager_seat
            resident = resident_of(resident)
        v.holders.add(resident.pk)
        services.adjustment_fill(
            village=v.region,
            committee=committee,
            post=post,
            resident=resident,
            on=filled,
            reason="联审调整后补选",
            replaces=replaces,
        )
    return review
