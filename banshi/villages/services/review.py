"""The joint review (联审) of the village committees: a county's round for a year takes in
every member holding a seat on either committee of its villages; each reviewing department
gives its opinion (通过 / 不通过 / 待定); the county decides 合格 (every opinion 通过) or 调整
(at least one 不通过), and an adjustment dismisses the member (the seat ends) or fills the
post (a new seat), through the committees' own services."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from banshi.organizations.models import CommitteeSeat, PartyMember
from banshi.organizations.services import committee_seat_fill, committee_seat_vacate
from banshi.territory import codes
from banshi.territory.models import Region

from ..models import (
    Adjustment,
    ReviewOpinion,
    ReviewRound,
    ReviewSubject,
    VillagerCommitteeSeat,
)
from ._base import as_day, check_county, check_village, short_text, village_branch
from .committees import villager_seat_fill, villager_seat_vacate

Committee = ReviewSubject.Committee
Result = ReviewSubject.Result
Opinion = ReviewOpinion.Opinion


@transaction.atomic
def review_round_open(*, county: Region, year: int, started_on, title: str = "", user=None):
    """The county's round for `year`, with every member on a village committee that day."""
    if not isinstance(county, Region) or county.level != codes.DISTRICT:
        raise ValidationError({"county": _("联审须由县（区）组织")})
    check_county(user, county)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度无效")})
    started_on = as_day(started_on, what=_("开始日期"))
    if ReviewRound.objects.filter(county=county, year=year).exists():
        raise ValidationError({"year": _("该县本年度已有联审")})
    title = short_text(title, what=_("名称"), limit=100) or _(
        "%(county)s%(year)d年村“两委”成员联审"
    ) % {
        "county": county.name,
        "year": year,
    }
    review = ReviewRound.objects.create(
        county=county, year=year, title=title, started_on=started_on
    )
    villages = Region.objects.filter(kind=Region.Kind.VILLAGE, code__startswith=county.prefix)
    subjects = []
    party = CommitteeSeat.objects.filter(
        organization__region__in=villages,
        started_on__lte=started_on,
        ended_on__isnull=True,
    ).select_related("organization", "member")
    for seat in party:
        subjects.append(
            ReviewSubject(
                round=review,
                village_id=seat.organization.region_id,
                branch=seat.organization,
                committee=Committee.PARTY,
                party_seat=seat,
                resident_id=seat.member.resident_id,
                post_label=_post_label("党组织", seat),
            )
        )
    villager = VillagerCommitteeSeat.objects.filter(
        village__in=villages, started_on__lte=started_on, ended_on__isnull=True
    )
    for seat in villager:
        subjects.append(
            ReviewSubject(
                round=review,
                village_id=seat.village_id,
                branch_id=seat.branch_id,
                committee=Committee.VILLAGERS,
                villager_seat=seat,
                resident_id=seat.resident_id,
                post_label=_post_label("村委会", seat),
            )
        )
    ReviewSubject.objects.bulk_create(subjects, batch_size=1000)
    return review


def _post_label(body: str, seat) -> str:
    """The post as it was when the round opened (村委会主任), kept as a record in the site's
    language like the names beside it, whoever's language opened the round."""
    with translation.override(settings.LANGUAGE_CODE):
        return f"{body}{seat.get_post_display()}"


@transaction.atomic
def review_opinion_record(
    *, subject: ReviewSubject, department: str, opinion: str, given_on, note: str = "", user=None
) -> ReviewOpinion:
    """A department's opinion on a member (a second one from the same department replaces
    the first), while the county has not decided."""
    check_village(subject.village, user)
    check_county(user, subject.village)
    subject = ReviewSubject.objects.select_for_update().get(pk=subject.pk)
    if subject.result != Result.PENDING:
        raise ValidationError(_("联审结果已认定，不能再提出意见"))
    department = short_text(department, what=_("联审部门"), limit=64, required=True)
    if opinion not in Opinion.values:
        raise ValidationError({"opinion": _("意见无效：%(v)s") % {"v": opinion}})
    note = short_text(note, what=_("说明"))
    if opinion == Opinion.FAIL and not note:
        raise ValidationError({"note": _("不通过的意见请说明理由")})
    given_on = as_day(given_on, what=_("意见日期"))
    row, _created = ReviewOpinion.objects.update_or_create(
        subject=subject,
        department=department,
        defaults={"opinion": opinion, "note": note, "given_on": given_on},
    )
    return row


@transaction.atomic
def review_decide(*, subject: ReviewSubject, result: str, on, user=None) -> ReviewSubject:
    """The county's result: 合格 when every department passed the member, 调整 when one did
    not; nothing while an opinion is pending or none was given."""
    check_village(subject.village, user)
    check_county(user, subject.village)
    subject = ReviewSubject.objects.select_for_update().get(pk=subject.pk)
    if subject.result != Result.PENDING:
        raise ValidationError(_("联审结果已认定"))
    if result not in (Result.QUALIFIED, Result.ADJUST):
        raise ValidationError({"result": _("联审结果无效：%(v)s") % {"v": result}})
    opinions = set(subject.opinions.values_list("opinion", flat=True))
    if not opinions:
        raise ValidationError(_("尚无联审部门意见"))
    if Opinion.PENDING in opinions:
        raise ValidationError(_("仍有联审部门意见待定"))
    if result == Result.QUALIFIED and Opinion.FAIL in opinions:
        raise ValidationError(_("有联审部门不通过，不能认定为合格"))
    if result == Result.ADJUST and Opinion.FAIL not in opinions:
        raise ValidationError(_("各联审部门均已通过，应认定为合格"))
    subject.result = result
    subject.decided_on = as_day(on, what=_("认定日期"))
    subject.save(update_fields=["result", "decided_on"])
    return subject


@transaction.atomic
def adjustment_dismiss(*, subject: ReviewSubject, on, reason: str, user=None) -> Adjustment:
    """The member found for adjustment leaves the post; the seat ends that day."""
    branch = check_village(subject.village, user)
    check_county(user, subject.village)
    subject = ReviewSubject.objects.select_for_update().get(pk=subject.pk)
    if subject.result != Result.ADJUST:
        raise ValidationError(_("只有联审结果为调整的成员才能免职"))
    if subject.adjustments.filter(kind=Adjustment.Kind.DISMISSAL).exists():
        raise ValidationError(_("该成员已免职"))
    reason = short_text(reason, what=_("免职原因"), required=True)
    if subject.party_seat_id:
        committee_seat_vacate(seat=subject.party_seat, ended_on=on, note=reason, user=user)
    else:
        villager_seat_vacate(seat=subject.villager_seat, ended_on=on, reason=reason, user=user)
    return Adjustment.objects.create(
        village=subject.village,
        branch=branch,
        kind=Adjustment.Kind.DISMISSAL,
        committee=subject.committee,
        subject=subject,
        party_seat_id=subject.party_seat_id,
        villager_seat_id=subject.villager_seat_id,
        on=as_day(on, what=_("免职日期")),
        reason=reason,
    )


@transaction.atomic
def adjustment_fill(
    *,
    village: Region,
    committee: str,
    post: str,
    resident,
    on,
    reason: str,
    replaces: VillagerCommitteeSeat | None = None,
    user=None,
) -> Adjustment:
    """A post filled: on the party committee by a member of the village's branch, on the
    villagers' committee by a villager (closing the vacancy `replaces` left)."""
    check_village(village, user)
    check_county(user, village)
    reason = short_text(reason, what=_("原因"), required=True)
    if committee == Committee.PARTY:
        branch = village_branch(village)
        if branch is None:
            raise ValidationError(_("该村尚无党组织"))
        member = PartyMember.objects.filter(resident=resident, organization=branch).first()
        if member is None:
            raise ValidationError({"resident": _("只能由本村党组织的党员任职")})
        seat = committee_seat_fill(
            organization=branch, member=member, post=post, started_on=on, note=reason, user=user
        )
        party_seat, villager_seat = seat, None
    elif committee == Committee.VILLAGERS:
        seat = villager_seat_fill(
            village=village,
            resident=resident,
            post=post,
            started_on=on,
            replaces=replaces,
            user=user,
        )
        party_seat, villager_seat = None, seat
    else:
        raise ValidationError({"committee": _("组织无效：%(v)s") % {"v": committee}})
    return Adjustment.objects.create(
        village=village,
        branch=village_branch(village),
        kind=Adjustment.Kind.FILL,
        committee=committee,
        party_seat=party_seat,
        villager_seat=villager_seat,
        on=seat.started_on,
        reason=reason,
    )
