from django.urls import path

from . import views, views_work

urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/party-work/", views_work.enterprise_work, name="enterprise_work"),
    path("enterprises/coverage/", views_work.coverage, name="enterprise_coverage"),
    path("rider-stations/", views.rider_station_list, name="rider_station_list"),
    path("rider-stations/<int:pk>/", views_work.rider_station_detail, name="rider_station"),
]
