from django.urls import path

from . import views

urlpatterns = [
    path("regions/", views.region_tree, name="region_tree"),
    path("regions/<str:code>/children/", views.region_children, name="region_children"),
    path(
        "regions/<str:code>/grids.geojson",
        views.region_grids_geojson,
        name="region_grids_geojson",
    ),
    path("grids/<str:code>/", views.grid_detail, name="grid_detail"),
    path("grids/<str:code>/map.geojson", views.grid_geojson, name="grid_geojson"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
]
