"""The federation page's forms that set it up: an enterprise's union on the roll (建会率
moves), a four-season campaign, and the city's 低保标准 of a year (a system administrator's:
others who may write for the federation get 403). Thin, as views: bad input re-renders the
federation page with its message and 400; out of scope is 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banshi.core.text import form_id

from . import selectors
from .services import aid, federations, workers
from .views import federation_or_404, on_federation


@login_required
@require_POST
def union_record(request, pk):
    federation = federation_or_404(request.user, pk)
    p = request.POST

    def write():
        name = p.get("enterprise_name", "")[:200]
        enterprise = None
        if p.get("union"):
            if name.strip():
                raise ValidationError(_("请选择名录上的企业或填写名录外企业名称（二选一）"))
            row = (
                selectors.roll(user=request.user, federation=federation)
                .filter(pk=form_id(p.get("union")))
                .first()
            )
            if row is None:
                raise ValidationError(_("请选择名录上的企业"))
            enterprise, name = row.enterprise, row.enterprise_name
        federations.union_record(
            federation=federation,
            enterprise=enterprise,
            enterprise_name=name,
            founded_on=p.get("founded_on", "")[:20] or None,
            members=p.get("members", "")[:20] or 0,
            user=request.user,
        )

    refused = on_federation(request, federation, write)
    return refused or redirect("unions:federation", federation.pk)


@login_required
@require_POST
def campaign_add(request, pk):
    federation = federation_or_404(request.user, pk)
    p = request.POST
    refused = on_federation(
        request,
        federation,
        lambda: aid.campaign_create(
            federation=federation,
            year=p.get("year", "")[:20],
            season=p.get("season", "")[:20],
            title=p.get("title", "")[:300],
            starts_on=p.get("starts_on", "")[:20],
            ends_on=p.get("ends_on", "")[:20],
            user=request.user,
        ),
    )
    return refused or redirect("unions:federation", federation.pk)


@login_required
@require_POST
def poverty_line(request, pk):
    federation = federation_or_404(request.user, pk)
    city = workers.city_of(federation)
    if city is None or not workers.may_set_line(request.user, city):
        raise PermissionDenied(_("只有系统管理员可以设置低保标准"))
    p = request.POST
    refused = on_federation(
        request,
        federation,
        lambda: workers.poverty_line_set(
            region=city,
            year=p.get("year", "")[:20],
            amount=p.get("amount", "")[:30],
            user=request.user,
        ),
    )
    return refused or redirect("unions:federation", federation.pk)
