"""The projects' reads, through the user's scope. A resident sees the projects of the
buildings they live in (their scope holds their household, not the community)."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from banshi.access.scope import restrict, scope_for

from .models import (
    CompoundMerge,
    Deliverable,
    Project,
    ProjectFeedback,
    ProjectPhoto,
    ProjectProgressReport,
    ProjectSpending,
    ProjectStatusChange,
)


def project_list(*, user) -> QuerySet[Project]:
    projects = Project.objects.select_related("region")
    if not user.is_authenticated:
        return projects.none()
    households = scope_for(user).household_ids
    mine = restrict(projects, user)
    if not households:
        return mine
    theirs = Project.objects.filter(buildings__households__in=households).values("pk")
    return projects.filter(Q(pk__in=mine.values("pk")) | Q(pk__in=theirs))


def project_get(*, user, pk: int) -> Project:
    """Project.DoesNotExist unless the user sees it."""
    return project_list(user=user).get(pk=pk)


def resident_projects(*, user) -> QuerySet[Project]:
    """The projects of the buildings a resident lives in (none for staff)."""
    households = scope_for(user).household_ids if user.is_authenticated else ()
    return (
        Project.objects.filter(
            pk__in=Project.objects.filter(buildings__households__in=households).values("pk")
        )
        .select_related("region")
        .order_by("-starts_on", "-pk")
    )


def deliverable_list(project: Project) -> list[Deliverable]:
    return list(project.deliverables.all())


def photos(project: Project) -> dict[str, list[ProjectPhoto]]:
    by_phase: dict[str, list[ProjectPhoto]] = {p: [] for p in ProjectPhoto.Phase.values}
    for photo in project.photos.all():
        by_phase[photo.phase].append(photo)
    return by_phase


def spending_list(project: Project) -> QuerySet[ProjectSpending]:
    return project.spendings.all()


@dataclass(frozen=True)
class Moment:
    on: object
    kind: str  # "report", "status", "spending"
    text: str
    record: object


def timeline(project: Project) -> list[Moment]:
    """The reports and status changes (and payments), in the order they happened."""
    moments = [
        Moment(r.on, "report", f"{r.deliverable.name} {r.measured}{r.deliverable.unit}", r)
        for r in ProjectProgressReport.objects.filter(deliverable__project=project).select_related(
            "deliverable"
        )
    ]
    moments += [
        Moment(c.on, "status", c.get_to_status_display(), c)
        for c in ProjectStatusChange.objects.filter(project=project)
    ]
    moments += [Moment(s.on, "spending", f"{s.item} {s.amount}", s) for s in spending_list(project)]
    order = {"status": 0, "report": 1, "spending": 2}
    return sorted(moments, key=lambda m: (m.on, order[m.kind], m.record.pk))


@dataclass(frozen=True)
class FeedbackSummary:
    total: int
    satisfied: int
    basic: int
    unsatisfied: int

    @property
    def rate(self) -> float | None:
        good = self.satisfied + self.basic
        return round(good / self.total, 4) if self.total else None


def feedback_summary(project: Project) -> FeedbackSummary:
    R = ProjectFeedback.Rating
    counts = project.feedback.aggregate(
        total=Count("pk"),
        satisfied=Count("pk", filter=Q(rating=R.SATISFIED)),
        basic=Count("pk", filter=Q(rating=R.BASIC)),
        unsatisfied=Count("pk", filter=Q(rating=R.UNSATISFIED)),
    )
    return FeedbackSummary(**counts)


def feedback_list(*, user, project: Project) -> QuerySet[ProjectFeedback]:
    return restrict(project.feedback.select_related("household"), user)


def own_feedback(project: Project, household_id) -> ProjectFeedback | None:
    if not household_id:
        return None
    return project.feedback.filter(household_id=household_id).first()


def merge_list(project: Project) -> QuerySet[CompoundMerge]:
    return project.merges.annotate(moved=Count("moves"))
