"""An organization's committee (支部委员会): who holds which post now, the history of the
seats, and, for its managers, filling a post and recording a holder leaving it. A
committee meeting expects these members, and its quorum is more than half of them. The
organization is read through the scope: out of scope answers 404 like missing."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banshi.access.scope import restrict
from banshi.core.actions import post_action
from banshi.core.text import form_id
from banshi.organizations import selectors as org_selectors
from banshi.organizations.models import CommitteeSeat, PartyMember
from banshi.organizations.services import (
    check_manager,
    committee_seat_fill,
    committee_seat_vacate,
)

from .views_appraisal import _organization


def _context(request, org) -> dict:
    today = timezone.localdate()
    seats = list(org_selectors.committee_seats(user=request.user, organization=org))
    current = [s for s in seats if s.ended_on is None]
    members = restrict(PartyMember.objects.filter(organization=org), request.user)
    seated = {s.member_id for s in current}
    has_secretary = any(s.post == CommitteeSeat.Post.SECRETARY for s in current)
    return {
        "organization": org,
        "current": current,
        "history": [s for s in seats if s.ended_on is not None][:100],
        "members": [m for m in members.select_related("resident") if m.pk not in seated],
        "posts": [
            (v, label)
            for v, label in CommitteeSeat.Post.choices
            if (org.has_committee or v in CommitteeSeat.WITHOUT_COMMITTEE)
            and not (has_secretary and v == CommitteeSeat.Post.SECRETARY)
        ],
        "vacant_since": org_selectors.secretary_vacant_since(org, today),
        "has_secretary": has_secretary,
        "quorum": len(current) // 2 + 1,
        "today": today,
        "can_manage": _can_manage(request.user, org),
    }


def _can_manage(user, org) -> bool:
    try:
        check_manager(user, org)
    except PermissionDenied:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def committee(request, pk):
    org = _organization(request, pk)
    if request.method == "GET":
        return render(request, "partylife/committee.html", _context(request, org))
    post = request.POST

    def fill():
        member = PartyMember.objects.filter(organization=org, pk=form_id(post.get("member")))
        member = restrict(member, request.user).first()
        if member is None:
            raise ValidationError(_("请选择党员"))
        committee_seat_fill(
            organization=org,
            member=member,
            post=post.get("post", ""),
            started_on=post.get("started_on", ""),
            note=post.get("note", ""),
            user=request.user,
        )

    def vacate():
        seat = restrict(CommitteeSeat.objects.filter(organization=org), request.user)
        seat = seat.filter(pk=form_id(post.get("seat"))).first()
        if seat is None:
            raise ValidationError(_("请选择职务"))
        committee_seat_vacate(
            seat=seat,
            ended_on=post.get("ended_on", ""),
            note=post.get("note", ""),
            user=request.user,
        )

    return post_action(
        request,
        {"fill": fill, "vacate": vacate},
        page=lambda status: render(
            request, "partylife/committee.html", _context(request, org), status=status
        ),
    )
