"""Login, logout and the home page (the user's places: the roots of their scope)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from banshi.enterprises.selectors import enterprise_list
from banshi.organizations.selectors import organization_list
from banshi.territory.models import Grid, Region
from banshi.territory.selectors import household_list, scope_roots

from .scope import scope_for


class BanshiLoginView(auth_views.LoginView):
    template_name = "access/login.html"
    redirect_authenticated_user = True


class BanshiLogoutView(auth_views.LogoutView):
    pass


def _home_places(user) -> dict:
    """The top nodes of every part of the user's scope, each read through a selector."""
    scope = scope_for(user)
    roots = scope_roots(user=user)
    organizations = organization_list(user=user).filter(path__in=scope.org_paths)
    enterprises = enterprise_list(user=user).filter(instructor_id__in=scope.instructor_ids)
    households = household_list(user=user).filter(pk__in=scope.household_ids)
    return {
        "regions": [r for r in roots if isinstance(r, Region)],
        "grids": [g for g in roots if isinstance(g, Grid)],
        "organizations": list(organizations),
        "enterprises": list(enterprises),
        "households": list(households),
    }


@login_required
def home(request):
    places = _home_places(request.user)
    others = places["regions"] or places["organizations"] or places["enterprises"]
    # A grid worker's place is their grid: land there.
    if len(places["grids"]) == 1 and not others and not places["households"]:
        return redirect("grid_detail", code=places["grids"][0].code)
    return render(
        request,
        "home.html",
        {**places, "is_empty": not any(places.values())},
    )
