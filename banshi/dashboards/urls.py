from django.urls import path

from . import maps, places, report_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    # One drill-down for every registered figure; `code` names a region or a grid.
    path("regions/<str:code>/figures/<str:key>/", views.figure_detail, name="figure_detail"),
    path("regions/<str:code>/trends/", views.region_trends, name="region_trends"),
    path("regions/<str:code>/report/", report_views.report_page, name="region_report"),
    path("regions/<str:code>/report.pdf", report_views.report_pdf, name="region_report_pdf"),
    path("regions/<str:code>/report.html", report_views.report_html, name="region_report_html"),
    path("regions/<str:code>/map.geojson", maps.region_map_geojson, name="region_map_geojson"),
    path("map/area.geojson", maps.area_geojson, name="map_area_geojson"),
    path("grids/<str:code>/", places.grid_detail, name="grid_detail"),
    path("households/<int:pk>/", places.household_detail, name="household_detail"),
    path("organizations/<int:pk>/", places.organization_detail, name="organization_detail"),
]
