"""Party organization pages: the organizations in scope as a tree. (One organization's page,
which lists the enterprises it covers too, is the dashboards app's.)"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .selectors import (
    organization_tree,
)

PAGE_SIZE = 100


@login_required
def organization_list(request):
    qs = organization_tree(user=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    top = min((o.depth for o in page), default=0)
    rows = [(o, o.depth - top) for o in page]
    return render(request, "organizations/organization_list.html", {"page": page, "rows": rows})
