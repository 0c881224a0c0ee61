"""The obligations calendar's pages (included by `partylife/urls.py`, in its namespace)."""

from django.urls import path

from . import obligations_views as views

urlpatterns = [
    path("partylife/obligations/", views.obligations_home, name="obligations"),
    path(
        "partylife/obligations/branch/<int:pk>/",
        views.obligations_branch,
        name="obligations_branch",
    ),
    path(
        "partylife/obligations/region/<str:code>/",
        views.obligations_region,
        name="obligations_region",
    ),
]
