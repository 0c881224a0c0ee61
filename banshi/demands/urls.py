from django.urls import path

from . import views

app_name = "demands"

urlpatterns = [
    path("demands/", views.demand_list, name="list"),
    path("demands/queue/", views.queue, name="queue"),
    path("demands/export.xlsx", views.demand_export, name="export"),
    path("demands/new/", views.demand_new, name="new"),
    path("demands/rider/", views.rider_new, name="rider"),
    path("demands/ranking/", views.ranking, name="ranking"),
    path("demands/ranking/export.xlsx", views.ranking_export, name="ranking_export"),
    path("demands/topics/", views.topic, name="topics"),
    path("demands/notifications/", views.notifications, name="notifications"),
    path("demands/import/", views.hotline_upload, name="import"),
    path("demands/<int:pk>/", views.demand_detail, name="detail"),
    path("demands/<int:pk>/rate/", views.demand_rate, name="rate"),
    path("demands/<int:pk>/act/<slug:action>/", views.demand_act, name="act"),
    path("demands/<int:pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
    path("demands/whistle/<int:pk>/sign/", views.whistle_sign, name="whistle_sign"),
    path("track/", views.track, name="track_form"),
    path("track/<str:code>/", views.track, name="track"),
]
