from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("banshi.people.urls_roster")),
    path("residents/", views.resident_list_view, name="resident_list"),
    path("residents/<int:pk>/", views.resident_detail, name="resident_detail"),
]
