from django.urls import path

from banshi.core import offline

from . import views

app_name = "fieldwork"

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path(
        "sw.js",
        offline.service_worker(
            "fieldwork",
            pages=[
                "/fieldwork/",
                "/fieldwork/household/",
                "/fieldwork/visit/",
                "/fieldwork/patrol/",
                "/fieldwork/data/grid.json",
                "/jsi18n/",  # the scripts' words, in the language of the moment
            ],
            static=[
                "banshi/outbox.js",
                "fieldwork/fieldwork.js",
                "fieldwork/fieldwork.css",
                "banshi/site.css",
                "banshi/site.js",
                "django_htmx/htmx-2.min.js",
            ],
            page_prefix="/fieldwork/",
            exclude_prefix="/fieldwork/sync/",
            scope_header="/",
        ),
        name="service_worker",
    ),
    path("fieldwork/", views.today, name="today"),
    path("fieldwork/household/", views.household_page, name="household"),
    path("fieldwork/visit/", views.visit_form, name="visit"),
    path("fieldwork/patrol/", views.patrol_form, name="patrol"),
    path("fieldwork/data/grid.json", views.grid_json, name="grid_json"),
    path("fieldwork/sync/visits/", views.sync_visit, name="sync_visit"),
    path("fieldwork/sync/patrols/", views.sync_patrol, name="sync_patrol"),
    path("fieldwork/sync/photos/", views.sync_photo, name="sync_photo"),
    path("fieldwork/findings/<int:pk>/demand/", views.finding_demand, name="finding_demand"),
    path("regions/<str:code>/fieldwork/", views.region_fieldwork, name="region"),
]
