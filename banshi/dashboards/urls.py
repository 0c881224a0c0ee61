from django.urls import path

from . import places, views

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    # One drill-down for every registered figure; `code` names a region or a grid.
    path("regions/<str:code>/figures/<str:key>/", views.figure_detail, name="figure_detail"),
    path("regions/<str:code>/trends/", views.region_trends, name="region_trends"),
    path("grids/<str:code>/", places.grid_detail, name="grid_detail"),
    path("households/<int:pk>/", places.household_detail, name="household_detail"),
    path("organizations/<int:pk>/", places.organization_detail, name="organization_detail"),
]
