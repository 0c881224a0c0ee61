"""Resident pages: the searchable list and the detail page with the audited reveal."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from banshi.access.permissions import can_reveal, can_see_tags
from banshi.access.scope import scope_for, visible
from banshi.access.services import resident_reveal
from banshi.territory.models import Grid
from banshi.territory.selectors import grid_get

from .models import Resident
from .selectors import resident_get, resident_list

PAGE_SIZE = 50


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("查看理由"),
        max_length=200,
        strip=True,
        error_messages={"required": _("请填写查看理由"), "max_length": _("理由不能超过200字")},
    )


@login_required
def resident_list_view(request):
    q = request.GET.get("q", "").strip()[:64]
    grid = None
    if request.GET.get("grid"):
        try:
            grid = grid_get(user=request.user, code=request.GET["grid"])
        except Grid.DoesNotExist:
            raise Http404 from None
    qs = resident_list(user=request.user, search=q, grid=grid)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"q": q, "grid": grid, "page": page}
    if request.htmx:
        return render(request, "people/_resident_results.html", context)
    return render(request, "people/resident_list.html", context)


@never_cache
@login_required
def resident_detail(request, pk):
    try:
        resident = resident_get(user=request.user, pk=pk)
    except Resident.DoesNotExist:
        raise Http404 from None
    allowed = can_reveal(request.user)
    form = RevealForm() if allowed else None
    revealed = None
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        form = RevealForm(request.POST)
        if form.is_valid():
            revealed = resident_reveal(
                user=request.user,
                resident=resident,
                reason=form.cleaned_data["reason"],
                request=request,
            )
            form = RevealForm()
    scope = scope_for(request.user)
    grid_open = resident.grid_id is not None and scope.covers_code(resident.grid.code)
    member = getattr(resident, "party_member", None)
    # The member's organization is the organizations app's: its scope rule decides.
    organization_open = member is not None and visible(member.organization, request.user)
    return render(
        request,
        "people/resident_detail.html",
        {
            "resident": resident,
            "household_open": resident.household_id is not None
            and (grid_open or resident.household_id in scope.household_ids),
            "grid_open": grid_open,
            "tags": list(resident.tags.all()) if can_see_tags(request.user) else None,
            "member": member,
            "organization_open": organization_open,
            "form": form,
            "revealed": revealed,
        },
    )
