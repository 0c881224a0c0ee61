from django.urls import path

from . import views

app_name = "lectures"

urlpatterns = [
    path("lectures/", views.index, name="index"),
    path("lectures/new/", views.lecture_new, name="new"),
    path("lectures/teams/<int:pk>/", views.team_detail, name="team"),
    path("regions/<str:code>/lectures/", views.region_lectures, name="region"),
]
