"""Writes of democratic appraisal: open a round for an organization's year, set a member's
grade (probationary members are not graded; at most one third of the full members
excellent), close the round once every full member has a grade."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.organizations.models import PartyMember, PartyOrganization

from ..models import AppraisalGrade, AppraisalRound
from ._common import check_manager, check_not_self, choice, day, saved


def gradable_members(round: AppraisalRound):
    """The full members of the round's organization (probationary members are not graded)."""
    return PartyMember.objects.filter(
        organization_id=round.organization_id, status=PartyMember.Status.FULL
    )


def excellent_cap(gradable: int) -> int:
    num, den = AppraisalGrade.EXCELLENT_MAX_SHARE
    return gradable * num // den


@transaction.atomic
def appraisal_open(*, organization: PartyOrganization, year, held_on, user=None) -> AppraisalRound:
    check_manager(user, organization)
    held_on = day(held_on, what=_("评议日期"))
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError(_("年度无效")) from None
    if AppraisalRound.objects.filter(organization=organization, year=year).exists():
        raise ValidationError(_("该党组织%(y)d年度已有民主评议") % {"y": year})
    return saved(AppraisalRound(organization=organization, year=year, held_on=held_on))


def _locked(round: AppraisalRound) -> AppraisalRound:
    return AppraisalRound.objects.select_for_update().get(pk=round.pk)


@transaction.atomic
def appraisal_grade_set(
    *, round: AppraisalRound, member: PartyMember, grade: str, user=None
) -> AppraisalGrade:
    round = _locked(round)
    check_manager(user, round.organization)
    check_not_self(user, member)
    if round.status != AppraisalRound.Status.OPEN:
        raise ValidationError(_("民主评议已结束，不能再修改等次"))
    grade = choice(grade, AppraisalGrade.Grade, what=_("等次"))
    if member.status == PartyMember.Status.PROBATIONARY:
        raise ValidationError(_("预备党员不参加民主评议定等"))
    if member.organization_id != round.organization_id:
        raise ValidationError(_("该党员不属于本党组织"))
    row = AppraisalGrade.objects.filter(round=round, member=member).first() or AppraisalGrade(
        round=round, member=member
    )
    if grade == AppraisalGrade.Grade.EXCELLENT:
        others = (
            round.grades.filter(grade=AppraisalGrade.Grade.EXCELLENT).exclude(member=member).count()
        )
        cap = excellent_cap(gradable_members(round).count())
        if others + 1 > cap:
            raise ValidationError(
                _("优秀等次不能超过参评党员的三分之一（本支部最多%(n)d名）") % {"n": cap}
            )
    row.grade = grade
    return saved(row)


@transaction.atomic
def appraisal_close(*, round: AppraisalRound, user=None, at=None) -> AppraisalRound:
    round = _locked(round)
    check_manager(user, round.organization)
    if round.status != AppraisalRound.Status.OPEN:
        raise ValidationError(_("民主评议已结束"))
    gradable = set(gradable_members(round).values_list("pk", flat=True))
    graded = set(round.grades.values_list("member_id", flat=True))
    missing = len(gradable - graded)
    if missing:
        raise ValidationError(_("还有%(n)d名正式党员未评定等次") % {"n": missing})
    excellent = round.grades.filter(grade=AppraisalGrade.Grade.EXCELLENT).count()
    if excellent > excellent_cap(len(graded)):
        raise ValidationError(_("优秀等次超过参评党员的三分之一"))
    round.status = AppraisalRound.Status.CLOSED
    round.closed_at = at or timezone.now()
    round.save(update_fields=["status", "closed_at"])
    return round
