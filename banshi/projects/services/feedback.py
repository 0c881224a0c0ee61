"""Residents' feedback on a project: a resident rates it for their household when the
household lives in one of the project's buildings; one rating per household, a second (by
any member of it) replaces the first."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.people.models import Resident

from ..models import Project, ProjectFeedback
from ._base import text


def resident_of(user) -> Resident | None:
    """The resident a signed-in resident account stands for (with a household), or None."""
    if user is None or not user.is_authenticated:
        return None
    ra = (
        RoleAssignment.objects.filter(
            user=user, role=RoleAssignment.Role.RESIDENT, resident__household__isnull=False
        )
        .select_related("resident__household")
        .order_by("pk")
        .first()
    )
    return ra.resident if ra else None


def may_rate(project: Project, resident: Resident | None) -> bool:
    return (
        resident is not None
        and resident.household is not None
        and project.status in Project.RATEABLE
        and project.buildings.filter(pk=resident.household.building_id).exists()
    )


@transaction.atomic
def feedback_give(
    *, project: Project, user, rating: str, comment: str = "", now=None
) -> ProjectFeedback:
    project = Project.objects.select_for_update().get(pk=project.pk)
    resident = resident_of(user)
    if resident is None or not project.buildings.filter(pk=resident.household.building_id).exists():
        raise PermissionDenied(_("只有本项目受益楼栋的居民可以评价"))
    if project.status not in Project.RATEABLE:
        raise ValidationError(_("项目开工后才能评价"))
    if rating not in ProjectFeedback.Rating.values:
        raise ValidationError(_("请选择评价（满意、基本满意或不满意）"))
    comment = text(comment, what=_("意见建议"), limit=300)
    feedback, _created = ProjectFeedback.objects.update_or_create(
        project=project,
        household=resident.household,
        defaults={
            "resident": resident,
            "rating": rating,
            "comment": comment,
            "at": now or timezone.now(),
        },
    )
    return feedback
