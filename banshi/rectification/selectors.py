"""The reads of rectification, every one through the viewer's scope: the campaigns (the
county's, and those whose screenings the viewer sees), a campaign's screenings with their
findings (a township its villages', a secretary their own branch's), and a plan."""

from django.db.models import Prefetch, Q, QuerySet

from banshi.access.scope import restrict

from .models import Campaign, Plan, Screening, ScreeningFinding


def campaigns(*, user) -> QuerySet[Campaign]:
    """The county's campaigns (by territory), and those whose screenings the viewer sees
    (a township's villages, a secretary's own branch)."""
    seen = restrict(Screening.objects.all(), user).values("campaign")
    direct = restrict(Campaign.objects.all(), user).values("pk")
    return Campaign.objects.filter(Q(pk__in=direct) | Q(pk__in=seen)).select_related("county")


def campaign_get(*, user, pk: int) -> Campaign:
    return campaigns(user=user).get(pk=pk)


def screenings(*, user, campaign: Campaign, flagged_only: bool = False) -> QuerySet[Screening]:
    qs = restrict(Screening.objects.filter(campaign=campaign), user)
    if flagged_only:
        qs = qs.filter(flagged=True)
    findings = ScreeningFinding.objects.order_by("-met", "criterion")
    return (
        qs.select_related("village__parent", "organization", "plan")
        .prefetch_related(Prefetch("findings", queryset=findings))
        .order_by("-flagged", "village__code")
    )


def screening_get(*, user, pk: int) -> Screening:
    return restrict(Screening.objects.all(), user).select_related("campaign__county").get(pk=pk)


def plan_get(*, user, pk: int) -> Plan:
    return (
        restrict(Plan.objects.all(), user)
        .select_related(
            "screening__campaign__county", "screening__village", "screening__organization"
        )
        .get(pk=pk)
    )
