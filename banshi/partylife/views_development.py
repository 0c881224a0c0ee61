"""An organization's development of members (发展党员): the applicants, activists and
candidates for membership (发展对象) with their dates, and, for its managers, recording an
application, the next step (activist, candidate, admission as a probationary member) and
a development stopped with its reason. The weak-organization screening reads when the
branch last named a candidate. Out of scope answers 404 like missing."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banshi.core import crypto
from banshi.core.actions import post_action
from banshi.core.text import form_id
from banshi.organizations import selectors as org_selectors
from banshi.organizations.models import Applicant
from banshi.organizations.services import (
    applicant_advance,
    applicant_drop,
    applicant_record,
    check_manager,
)
from banshi.people.models import Resident

from .views_appraisal import _organization
from .views_committee import _can_manage


def _context(request, org) -> dict:
    rows = list(org_selectors.applicants(user=request.user, organization=org))
    today = timezone.localdate()
    return {
        "organization": org,
        "open": [
            a for a in rows if a.stage not in (Applicant.Stage.ADMITTED, Applicant.Stage.DROPPED)
        ],
        "ended": [
            a for a in rows if a.stage in (Applicant.Stage.ADMITTED, Applicant.Stage.DROPPED)
        ][:100],
        "last_candidate_on": org_selectors.last_candidate_on(org, today),
        "today": today,
        "can_manage": _can_manage(request.user, org),
    }


def _resident(request, org, value: str) -> Resident:
    """The applicant by their full ID number. The manager is checked first; the number is
    the proof of whom they mean (the resident may live outside the branch's grids)."""
    check_manager(request.user, org)
    number = (value or "").strip().upper()
    if not (len(number) == 18 and number[:17].isdigit()):
        raise ValidationError(_("请填写18位公民身份号码"))
    resident = Resident.objects.filter(id_number_hash=crypto.blind_index(number)).first()
    if resident is None:
        raise ValidationError(_("未找到该公民身份号码的居民，请先登记居民信息"))
    return resident


def _applicant(request, org) -> Applicant:
    pk = form_id(request.POST.get("applicant"))
    found = org_selectors.applicants(user=request.user, organization=org).filter(pk=pk).first()
    if found is None:
        raise ValidationError(_("请选择发展党员记录"))
    return found


@login_required
@require_http_methods(["GET", "POST"])
def development(request, pk):
    org = _organization(request, pk)
    if request.method == "GET":
        return render(request, "partylife/development.html", _context(request, org))
    post, user = request.POST, request.user
    actions = {
        "record": lambda: applicant_record(
            organization=org,
            resident=_resident(request, org, post.get("id_number", "")),
            applied_on=post.get("applied_on", ""),
            note=post.get("note", ""),
            user=user,
        ),
        "advance": lambda: applicant_advance(
            applicant=_applicant(request, org), on=post.get("on", ""), user=user
        ),
        "drop": lambda: applicant_drop(
            applicant=_applicant(request, org),
            on=post.get("on", ""),
            note=post.get("note", ""),
            user=user,
        ),
    }
    return post_action(
        request,
        actions,
        page=lambda status: render(
            request, "partylife/development.html", _context(request, org), status=status
        ),
    )
