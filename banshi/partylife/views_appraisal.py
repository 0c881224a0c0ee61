"""An organization's democratic appraisal (民主评议党员) and heart-to-heart talks (谈心谈话):
open the year's round, set each full member's grade (the services refuse probationary
members and more than one third excellent), close the round; record a talk. The
organization is read through the scope: out of scope answers 404 like missing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banshi.access.scope import restrict
from banshi.core.actions import error_text
from banshi.core.text import form_id
from banshi.organizations.models import PartyMember

from . import selectors, services
from .models import AppraisalGrade, AppraisalRound, Talk


def _organization(request, pk):
    org = selectors.organizations(user=request.user).filter(pk=pk).first()
    if org is None:
        raise Http404(_("记录不存在"))
    return org


def _year(request) -> int:
    value = request.GET.get("year") or request.POST.get("year") or ""
    if value.isascii() and value.isdigit() and len(value) == 4 and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


def _context(request, org, year) -> dict:
    round_ = restrict(AppraisalRound.objects.filter(organization=org, year=year), request.user)
    round_ = round_.first()
    grades = {}
    if round_ is not None:
        grades = dict(restrict(round_.grades.all(), request.user).values_list("member_id", "grade"))
    members = restrict(PartyMember.objects.filter(organization=org), request.user).select_related(
        "resident"
    )
    talks = restrict(Talk.objects.filter(organization=org), request.user).select_related(
        "member__resident"
    )
    return {
        "organization": org,
        "year": year,
        "round": round_,
        "rows": [(m, grades.get(m.pk, "")) for m in members],
        "grades": AppraisalGrade.Grade.choices,
        "excellent": sum(1 for g in grades.values() if g == AppraisalGrade.Grade.EXCELLENT),
        "full": sum(1 for m in members if m.status == PartyMember.Status.FULL),
        "talks": talks[:100],
        "today": timezone.localdate(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def appraisal(request, pk):
    org = _organization(request, pk)
    year = _year(request)
    if request.method == "GET":
        return render(request, "partylife/appraisal.html", _context(request, org, year))
    post = request.POST
    action = post.get("action", "")
    round_ = restrict(
        AppraisalRound.objects.filter(organization=org, year=year), request.user
    ).first()
    try:
        if action == "open":
            services.appraisal_open(
                organization=org, year=year, held_on=post.get("held_on", ""), user=request.user
            )
        elif action in ("grade", "close") and round_ is None:
            raise ValidationError(_("请先开始本年度民主评议"))
        elif action == "grade":
            member = PartyMember.objects.filter(organization=org, pk=form_id(post.get("member")))
            member = restrict(member, request.user).first()
            if member is None:
                raise ValidationError(_("请选择党员"))
            services.appraisal_grade_set(
                round=round_, member=member, grade=post.get("grade", ""), user=request.user
            )
        elif action == "close":
            services.appraisal_close(round=round_, user=request.user)
        elif action == "talk":
            member = PartyMember.objects.filter(
                organization__path__startswith=org.path, pk=form_id(post.get("member"))
            )
            member = restrict(member, request.user).first()
            if member is None:
                raise ValidationError(_("请选择党员"))
            services.talk_record(
                organization=org,
                member=member,
                held_on=post.get("held_on", ""),
                by_name=post.get("by_name", ""),
                note=post.get("note", ""),
                user=request.user,
            )
        else:
            raise ValidationError(_("操作无效"))
    except (ValidationError, PermissionDenied) as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 400
        messages.error(request, error_text(exc))
        context = _context(request, org, year)
        return render(request, "partylife/appraisal.html", context, status=status)
    messages.success(request, _("已保存"))
    return redirect(f"{request.path}?year={year}")
