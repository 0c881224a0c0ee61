from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    # One drill-down for every registered figure; `code` names a region or a grid.
    path("regions/<str:code>/figures/<str:key>/", views.figure_detail, name="figure_detail"),
]
