from django.urls import path

from banshi.core import offline

from . import views, views_certificate, views_phone

app_name = "volunteers"

urlpatterns = [
    path("volunteers/", views.index, name="index"),
    path("volunteers/teams/new/", views.team_create, name="team_create"),
    path("volunteers/teams/<int:pk>/", views.team_detail, name="team"),
    path("volunteers/teams/<int:pk>/join/", views_phone.join, name="join"),
    path("volunteers/teams/<int:pk>/records.xlsx", views.team_records_xlsx, name="records_xlsx"),
    path("volunteers/activities/<int:pk>/", views.activity_detail, name="activity"),
    path("volunteers/activities/<int:pk>/code/", views.activity_code, name="activity_code"),
    path("volunteers/checkin/", views_phone.checkin, name="checkin"),
    path("volunteers/checkin/sync/", views_phone.checkin_sync, name="checkin_sync"),
    path("volunteers/me/", views_phone.me, name="me"),
    path(
        "volunteers/me/certificates/", views_phone.certificate_request, name="certificate_request"
    ),
    path(
        "volunteers/certificates/<int:pk>.pdf",
        views_certificate.certificate_pdf,
        name="certificate_pdf",
    ),
    path("verify/<str:code>/", views_certificate.verify, name="verify"),
    path(
        "volunteers/sw.js",
        offline.service_worker(
            "volunteers",
            pages=["/volunteers/checkin/", "/jsi18n/"],
            static=[
                "banshi/outbox.js",
                "volunteers/checkin.js",
                "banshi/site.css",
                "banshi/site.js",
                "django_htmx/htmx-2.min.js",
            ],
        ),
        name="service_worker",
    ),
]
