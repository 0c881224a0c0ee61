"""The reads of villages, every one through the viewer's scope: a village (for its
township, its county, or its own secretary), the villages of a region, a village's two
committees, pool and training, the county's joint review, and the gap report of the
reserve pools (an official figure of the region: the same for anyone who may see it)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from banshi.access.scope import restrict, scope_for
from banshi.organizations.models import CommitteeSeat, PartyOrganization
from banshi.organizations.selectors import seats_open_on
from banshi.territory.models import Region

from .models import (
    OLD_OVER,
    POOL_MAX,
    POOL_MIN,
    YOUNG_UNDER,
    Adjustment,
    CourseAttendance,
    ReserveCadre,
    ReviewRound,
    ReviewSubject,
    VillagerCommitteeSeat,
    age_on,
)
from .services._base import sees_village, village_branch


def villages_under(prefix: str) -> QuerySet[Region]:
    """Every village of a region (unscoped: the figures' denominators)."""
    return Region.objects.filter(kind=Region.Kind.VILLAGE, code__startswith=prefix)


def village_get(*, user, code: str) -> Region:
    """Region.DoesNotExist unless the user sees the village (its township or county by
    territory, its secretary by their branch)."""
    village = Region.objects.select_related("parent").get(code=code, kind=Region.Kind.VILLAGE)
    if not sees_village(user, village, village_branch(village)):
        raise Region.DoesNotExist
    return village


def village_list(*, user, region: Region | None = None) -> QuerySet[Region]:
    """The villages the user sees (within `region`), by territory or by their branch."""
    qs = Region.objects.filter(kind=Region.Kind.VILLAGE)
    if region is not None:
        qs = qs.filter(code__startswith=region.prefix)
    scope = scope_for(user)
    if scope.everything:
        return qs.select_related("parent")
    q = Q(pk__in=[])
    for p in scope.prefixes:
        q |= Q(code__startswith=p)
    for p in scope.org_paths:
        q |= Q(Exists(PartyOrganization.objects.filter(region=OuterRef("pk"), path__startswith=p)))
    return qs.filter(q).select_related("parent")


def party_seats(*, user, village: Region) -> QuerySet[CommitteeSeat]:
    branch = village_branch(village)
    if branch is None:
        return CommitteeSeat.objects.none()
    return restrict(
        CommitteeSeat.objects.filter(organization=branch).select_related("member__resident"), user
    ).order_by("ended_on", "started_on", "pk")


def villager_seats(*, user, village: Region, day: datetime.date) -> QuerySet:
    """The villagers' committee, current first; `concurrent` flags a director who is also
    the party secretary (一肩挑) on `day`."""
    secretary = CommitteeSeat.objects.filter(
        seats_open_on(day),
        organization__region=village,
        post=CommitteeSeat.Post.SECRETARY,
        member__resident=OuterRef("resident"),
    )
    qs = VillagerCommitteeSeat.objects.filter(village=village).select_related("resident")
    qs = qs.annotate(
        concurrent=Exists(secretary),
        has_successor=Exists(VillagerCommitteeSeat.objects.filter(replaces=OuterRef("pk"))),
    )
    return restrict(qs, user).order_by("-ended_on", "post", "started_on", "pk")


def reserve_pool(*, user, village: Region) -> QuerySet[ReserveCadre]:
    return restrict(ReserveCadre.objects.filter(village=village).select_related("resident"), user)


def training_hours(*, user, village: Region) -> list[dict]:
    """Hours per person trained from the village (secretary or not), most first."""
    qs = restrict(CourseAttendance.objects.filter(village=village), user)
    rows = (
        qs.order_by()
        .values("resident_id", "resident__name")
        .annotate(
            hours=Sum("session__hours"),
            sessions=Count("id"),
            secretary=Count("id", filter=Q(as_secretary=True)),
        )
        .order_by("-hours", "resident__name")
    )
    return list(rows)


def secretary_hours(*, user, region: Region, year: int) -> list[dict]:
    """Training hours of each secretary (attended as the village's secretary) in a year."""
    qs = restrict(
        CourseAttendance.objects.filter(
            as_secretary=True,
            village__code__startswith=region.prefix,
            session__held_on__year=year,
        ),
        user,
    )
    return list(
        qs.order_by()
        .values("resident__name", "village__code", "village__name")
        .annotate(hours=Sum("session__hours"), sessions=Count("id"))
        .order_by("village__code", "resident__name")
    )


def adjustments(*, user, village: Region) -> QuerySet[Adjustment]:
    return restrict(Adjustment.objects.filter(village=village), user)


def village_reviews(*, user, village: Region) -> QuerySet[ReviewSubject]:
    """The village's members under joint review, latest round first."""
    qs = ReviewSubject.objects.filter(village=village).select_related("round", "resident")
    return restrict(qs.prefetch_related("opinions"), user).order_by("-round__year", "pk")


def review_round_get(*, user, pk: int) -> ReviewRound:
    """The county's round, for the county, or for anyone who sees one of its members."""
    review = ReviewRound.objects.select_related("county").get(pk=pk)
    if restrict(ReviewRound.objects.filter(pk=pk), user).exists():
        return review
    if restrict(ReviewSubject.objects.filter(round=review), user).exists():
        return review
    raise ReviewRound.DoesNotExist


def review_rounds(*, user) -> QuerySet[ReviewRound]:
    visible_subjects = restrict(ReviewSubject.objects.all(), user).values("round_id")
    own = restrict(ReviewRound.objects.all(), user).values("pk")
    return ReviewRound.objects.filter(Q(pk__in=own) | Q(pk__in=visible_subjects)).select_related(
        "county"
    )


def review_subjects(*, user, review: ReviewRound) -> QuerySet[ReviewSubject]:
    qs = review.subjects.select_related("village", "resident").prefetch_related("opinions")
    return restrict(qs, user)


# --- the gap report ------------------------------------------------------------------


@dataclass
class GapRow:
    village: Region
    pool: int

    @property
    def state(self) -> str:
        if self.pool < POOL_MIN:
            return "short"
        return "over" if self.pool > POOL_MAX else "ok"


@dataclass
class GapReport:
    region: Region
    day: datetime.date
    rows: list[GapRow] = field(default_factory=list)
    ages: list[int] = field(default_factory=list)

    @property
    def short(self) -> list[GapRow]:
        return [r for r in self.rows if r.state == "short"]

    @property
    def over(self) -> list[GapRow]:
        return [r for r in self.rows if r.state == "over"]

    @property
    def full(self) -> list[GapRow]:
        return [r for r in self.rows if r.state == "ok"]

    @property
    def pool(self) -> int:
        return sum(r.pool for r in self.rows)

    @property
    def profile(self) -> dict:
        ages = self.ages
        mean = (Decimal(sum(ages)) / len(ages)).quantize(Decimal("0.1")) if ages else None
        return {
            "under_35": sum(a < YOUNG_UNDER for a in ages),
            "from_35_to_45": sum(YOUNG_UNDER <= a <= OLD_OVER for a in ages),
            "over_45": sum(a > OLD_OVER for a in ages),
            "mean_age": mean,
        }

    def as_dict(self) -> dict:
        profile = self.profile
        return {
            "region": self.region.code,
            "villages": len(self.rows),
            "reserve_cadres": self.pool,
            "villages_under_3": [r.village.name for r in self.short],
            "villages_over_5": [r.village.name for r in self.over],
            "villages_full": len(self.full),
            "age_profile": profile
            | {"mean_age": float(profile["mean_age"]) if profile["mean_age"] else None},
        }


def gap_report(region: Region, day: datetime.date) -> GapReport:
    """The pools of the region's villages on `day`: each village's count of candidates in
    the pool, and their ages. The caller has checked the viewer may see the region."""
    villages = villages_under(region.prefix).select_related("parent").order_by("code")
    in_pool = ReserveCadre.objects.filter(
        status=ReserveCadre.Status.IN_POOL, village__code__startswith=region.prefix
    )
    counts = dict(
        in_pool.order_by()
        .values_list("village_id")
        .annotate(n=Count("id"))
        .values_list("village_id", "n")
    )
    births = in_pool.values_list("resident__birth_date", flat=True)
    return GapReport(
        region=region,
        day=day,
        rows=[GapRow(v, counts.get(v.pk, 0)) for v in villages],
        ages=[age_on(b, day) for b in births],
    )
