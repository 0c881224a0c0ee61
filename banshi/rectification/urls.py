from django.urls import path

from . import views

app_name = "rectification"

urlpatterns = [
    path("rectification/", views.index, name="index"),
    path("rectification/<int:pk>/", views.campaign_detail, name="campaign"),
    path("rectification/<int:pk>/screen/", views.campaign_screen, name="screen"),
    path(
        "rectification/screenings/<int:pk>/<str:action>/",
        views.screening_act,
        name="screening_act",
    ),
    path("rectification/plans/<int:pk>/", views.plan_detail, name="plan"),
    path("rectification/plans/<int:pk>/<str:action>/", views.plan_act, name="plan_act"),
]
