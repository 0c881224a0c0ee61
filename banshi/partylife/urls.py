from django.urls import include, path

from banshi.core import offline

from . import views, views_appraisal, views_checkin, views_committee, views_development

app_name = "partylife"

urlpatterns = [
    path("partylife/", views.activity_list, name="activities"),
    path("partylife/activities/new/", views.activity_new, name="activity_new"),
    path("partylife/activities/<int:pk>/", views.activity_page, name="activity"),
    path("partylife/activities/<int:pk>/code/", views.activity_code, name="activity_code"),
    path(
        "partylife/activities/<int:pk>/attendance/",
        views.activity_attendance,
        name="activity_attendance",
    ),
    path(
        "partylife/activities/<int:pk>/photos/<int:photo_pk>/",
        views.activity_photo,
        name="activity_photo",
    ),
    path("partylife/activities/<int:pk>/sheet.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
    path("partylife/activities/<int:pk>/sheet/", views.sheet_print, name="sheet"),
    path("partylife/activities/<int:pk>/<slug:action>/", views.activity_act, name="activity_act"),
    path("partylife/plans/", views.plan_list, name="plans"),
    path("partylife/plans/new/", views.plan_new, name="plan_new"),
    path("partylife/plans/<int:pk>/", views.plan_page, name="plan"),
    path("partylife/plans/<int:pk>/<slug:action>/", views.plan_act, name="plan_act"),
    path(
        "partylife/organizations/<int:pk>/appraisal/",
        views_appraisal.appraisal,
        name="appraisal",
    ),
    path(
        "partylife/organizations/<int:pk>/committee/",
        views_committee.committee,
        name="committee",
    ),
    path(
        "partylife/organizations/<int:pk>/development/",
        views_development.development,
        name="development",
    ),
    path("partylife/checkin/", views_checkin.checkin, name="checkin"),
    path("partylife/checkin/sync/", views_checkin.checkin_sync, name="checkin_sync"),
    path("partylife/leave/", views_checkin.leave_new, name="leave"),
    path(
        "partylife/sw.js",
        offline.service_worker(
            "partylife",
            pages=["/partylife/checkin/", "/jsi18n/"],
            static=[
                "banshi/outbox.js",
                "partylife/partylife.js",
                "partylife/partylife.css",
                "banshi/site.css",
                "banshi/site.js",
                "django_htmx/htmx-2.min.js",
            ],
        ),
        name="service_worker",
    ),
    path("", include("banshi.partylife.urls_obligations")),
    path("", include("banshi.partylife.urls_venues")),
]
