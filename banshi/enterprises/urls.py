from django.urls import path

from . import views

urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("rider-stations/", views.rider_station_list, name="rider_station_list"),
]
