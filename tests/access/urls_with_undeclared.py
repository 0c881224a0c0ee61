"""The site's URLs plus a route nobody declared (see test_route_matrix.py)."""

from django.http import HttpResponse
from django.urls import path

from banshi.urls import urlpatterns as site_patterns


def _secret(request, pk):
    return HttpResponse("everyone's data")


urlpatterns = [*site_patterns, path("secret/<int:pk>/", _secret)]
