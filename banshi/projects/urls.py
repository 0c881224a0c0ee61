from django.urls import path

from . import views, views_forms

app_name = "projects"

urlpatterns = [
    path("projects/", views.index, name="index"),
    path("projects/mine/", views.mine, name="mine"),
    path("projects/new/", views_forms.project_new, name="create"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/report/", views.report, name="report"),
    path("projects/<int:pk>/photos/", views.photo_upload, name="photo_upload"),
    path("projects/<int:pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
    path("projects/<int:pk>/spending/", views.spending, name="spending"),
    path("projects/<int:pk>/status/", views.move, name="move"),
    path("projects/<int:pk>/feedback/", views.feedback, name="feedback"),
    path(
        "projects/<int:pk>/deliverables/",
        views_forms.deliverable_add,
        name="deliverable_add",
    ),
    path("projects/<int:pk>/merge/", views_forms.merge, name="merge"),
]
