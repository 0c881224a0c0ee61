"""The unions' reads, through the user's scope: federations, their roll and 建会率, the files
by class with re-certification due, campaigns with the aid given per season."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from banshi.access.scope import restrict
from banshi.core.figures import ratio

from .models import (
    AidCampaign,
    AidRecord,
    EnterpriseUnion,
    IncomeReview,
    NeedyWorker,
    PovertyLine,
    UnionFederation,
)
from .services.workers import city_code_of

FEN = Decimal("0.01")


def federation_list(*, user) -> QuerySet[UnionFederation]:
    return restrict(UnionFederation.objects.select_related("region"), user)


def federation_get(*, user, pk: int) -> UnionFederation:
    """UnionFederation.DoesNotExist unless the user sees it."""
    return federation_list(user=user).get(pk=pk)


def roll(*, user, federation) -> QuerySet[EnterpriseUnion]:
    return restrict(
        federation.unions.select_related("enterprise").order_by(
            "founded_on", "enterprise_name", "pk"
        ),
        user,
    )


def founding_rate(federation) -> tuple[int, int, float | None]:
    """(unions founded, enterprises on the roll, 建会率)."""
    counts = federation.unions.aggregate(
        total=Count("pk"), founded=Count("pk", filter=~_no_union())
    )
    return counts["founded"], counts["total"], ratio(counts["founded"], counts["total"])


def _no_union():
    return Q(founded_on__isnull=True)


def worker_list(*, user, federation=None) -> QuerySet[NeedyWorker]:
    qs = NeedyWorker.objects.select_related("federation__region", "union__enterprise")
    if federation is not None:
        qs = qs.filter(federation=federation)
    return restrict(qs, user)


def worker_get(*, user, pk: int) -> NeedyWorker:
    """NeedyWorker.DoesNotExist unless the user sees it."""
    return worker_list(user=user).get(pk=pk)


def files_by_class(*, user, federation, today: datetime.date) -> dict:
    """Active files grouped by their class (deep, relative, accident, none), each with
    whether its re-certification is due."""
    groups = {value: [] for value in NeedyWorker.Hardship.values}
    active = worker_list(user=user, federation=federation).filter(status=NeedyWorker.Status.ACTIVE)
    for w in active:
        w.due = w.recertification_is_due(today)
        groups[w.hardship].append(w)
    return groups


def reviews(*, user, worker) -> QuerySet[IncomeReview]:
    return restrict(worker.reviews.select_related("recorded_by"), user)


def aid_list(*, user, federation=None, worker=None) -> QuerySet[AidRecord]:
    qs = AidRecord.objects.select_related("campaign__federation", "worker")
    if federation is not None:
        qs = qs.filter(campaign__federation=federation)
    if worker is not None:
        qs = qs.filter(worker=worker)
    return restrict(qs, user).order_by("-given_on", "pk")


def campaign_list(*, user, federation) -> list[AidCampaign]:
    """The federation's campaigns, each with its records' count and amount."""
    qs = restrict(federation.campaigns.all(), user).annotate(
        n=Count("records"), total=Sum("records__amount")
    )
    campaigns = list(qs)
    for c in campaigns:
        c.total = c.total or Decimal(0)
    return campaigns


def aid_by_season(*, user, federation) -> list[tuple[str, str, int, Decimal]]:
    """(season, its label, records, amount) for each of the four seasons, all years."""
    counts = {
        row["campaign__season"]: row
        for row in aid_list(user=user, federation=federation)
        .order_by()
        .values("campaign__season")
        .annotate(n=Count("pk"), total=Sum("amount"))
    }
    empty = {"n": 0, "total": Decimal(0)}
    rows = []
    for value, label in AidCampaign.Season.choices:
        row = counts.get(value, empty)
        rows.append((value, label, row["n"], Decimal(row["total"] or 0).quantize(FEN)))
    return rows


def poverty_lines(*, federation) -> QuerySet[PovertyLine]:
    """The lines of the federation's city, latest year first. Not restricted: a line is the
    city's setting that applies to every federation in it, and whoever sees the federation
    (read through federation_get) sees the line its files are classified against."""
    return PovertyLine.objects.filter(region__code=city_code_of(federation.region)).order_by(
        "-year"
    )
