from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.index, name="index"),
    path("projects/mine/", views.mine, name="mine"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/report/", views.report, name="report"),
    path("projects/<int:pk>/photos/", views.photo_upload, name="photo_upload"),
    path("projects/<int:pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
    path("projects/<int:pk>/spending/", views.spending, name="spending"),
    path("projects/<int:pk>/status/", views.move, name="move"),
    path("projects/<int:pk>/feedback/", views.feedback, name="feedback"),
]
