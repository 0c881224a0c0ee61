"""The villagers' committee (村民委员会): seats filled and vacated. One director (主任) at a
time, one open seat per person; the party branch's committee is `organizations`'."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import VillagerCommitteeSeat
from ._base import as_day, check_county, check_village, short_text

# 《村民委员会组织法》: a committee of three to seven.
MAX_SEATS = 7


@transaction.atomic
def villager_seat_fill(
    *, village, resident, post: str, started_on, replaces=None, user=None
) -> VillagerCommitteeSeat:
    """A villager takes a post on the committee (elected, or filling a vacancy: `replaces`
    names the ended seat whose vacancy this closes)."""
    branch = check_village(village, user)
    check_county(user, village)
    if post not in VillagerCommitteeSeat.Post.values:
        raise ValidationError({"post": _("职务无效：%(v)s") % {"v": post}})
    if resident is None:
        raise ValidationError({"resident": _("请选择任职人员")})
    started_on = as_day(started_on, what=_("任职日期"))
    seats = VillagerCommitteeSeat.objects.select_for_update().filter(
        village=village, ended_on__isnull=True
    )
    if seats.filter(resident=resident).exists():
        raise ValidationError(_("该村民已在村民委员会任职，请先办理离任"))
    if post == VillagerCommitteeSeat.Post.DIRECTOR and seats.filter(post=post).exists():
        raise ValidationError(_("该村已有村民委员会主任，请先办理现任主任离任"))
    if seats.count() >= MAX_SEATS:
        raise ValidationError(_("村民委员会由三至七人组成，请先办理离任"))
    if replaces is not None:
        replaces = VillagerCommitteeSeat.objects.get(pk=replaces.pk)  # as stored now
        if replaces.village_id != village.pk or replaces.ended_on is None:
            raise ValidationError(_("只能接替本村已离任的职务"))
        if VillagerCommitteeSeat.objects.filter(replaces=replaces).exists():
            raise ValidationError(_("该空缺职务已有人接替"))
        if started_on < replaces.ended_on:
            raise ValidationError(_("任职日期不能早于原任离任日期"))
    seat = VillagerCommitteeSeat(
        village=village,
        branch=branch,
        resident=resident,
        post=post,
        started_on=started_on,
        replaces=replaces,
    )
    seat.clean()  # the fields and constraints are checked above, cheaper than full_clean
    seat.save()
    return seat


@transaction.atomic
def villager_seat_vacate(
    *, seat: VillagerCommitteeSeat, ended_on, reason: str, user=None
) -> VillagerCommitteeSeat:
    """The holder leaves (term ended, resigned, dismissed); the post stays vacant until a
    seat replaces this one."""
    check_village(seat.village, user)
    check_county(user, seat.village)
    seat = VillagerCommitteeSeat.objects.select_for_update().get(pk=seat.pk)
    if seat.ended_on is not None:
        raise ValidationError(_("该职务已离任"))
    ended_on = as_day(ended_on, what=_("离任日期"))
    if ended_on < seat.started_on:
        raise ValidationError(_("离任日期不能早于任职日期"))
    seat.ended_on = ended_on
    seat.ended_reason = short_text(reason, what=_("离任原因"), required=True)
    seat.save(update_fields=["ended_on", "ended_reason"])
    return seat


@transaction.atomic
def villager_committee_elect(
    *, village, members, started_on, user=None
) -> list[VillagerCommitteeSeat]:
    """A new villagers' committee elected (换届选举): `members` is (resident, post) for
        each seat; three to seven seats, one director at most, each person once. The village
        must have no open seat left (the outgoing committee's seats are vacated first); the
    vacancies they left end with the election."""
    branch = check_village(village, user)
    check_county(user, village)
    started_on = as_day(started_on, what=_("任职日期"))
    members = list(members)
    if not 3 <= len(members) <= MAX_SEATS:
        raise ValidationError(_("村民委员会由三至七人组成"))
    posts = [post for _r, post in members]
    if any(p not in VillagerCommitteeSeat.Post.values for p in posts):
        raise ValidationError({"post": _("职务无效")})
    if posts.count(VillagerCommitteeSeat.Post.DIRECTOR) > 1:
        raise ValidationError(_("村民委员会只能有一名主任"))
    if any(r is None for r, _p in members) or len({r.pk for r, _p in members}) < len(members):
        raise ValidationError(_("每名成员只能任一个职务"))
    if VillagerCommitteeSeat.objects.filter(village=village, ended_on__isnull=True).exists():
        raise ValidationError(_("该村仍有在任的村民委员会成员，请先办理离任"))
    # The new committee ends the vacancies the outgoing one left.
    VillagerCommitteeSeat.objects.filter(
        village=village, successor__isnull=True, closed_on__isnull=True, ended_on__lte=started_on
    ).update(closed_on=started_on)
    return VillagerCommitteeSeat.objects.bulk_create(
        [
            VillagerCommitteeSeat(
                village=village, branch=branch, resident=r, post=post, started_on=started_on
            )
            for r, post in members
        ]
    )
