"""The venue registry's pages (included by `partylife/urls.py`, in its namespace)."""

from django.urls import path

from . import views_venues as views

urlpatterns = [
    path("partylife/venues/", views.venue_list, name="venues"),
    path("partylife/venues/map.geojson", views.venues_geojson, name="venues_geojson"),
    path("partylife/venues/new/", views.venue_new, name="venue_new"),
    path("partylife/venues/<int:pk>/", views.venue_page, name="venue"),
    path("partylife/venues/<int:pk>/edit/", views.venue_edit, name="venue_edit"),
]
