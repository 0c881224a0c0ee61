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
    path("grids/<str:code>/map.geojson", views.grid_geojson, name="grid_geojson"),
]
