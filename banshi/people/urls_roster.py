from django.urls import path

from . import views_roster

urlpatterns = [
    path("residents/import/", views_roster.roster_import_view, name="roster_import"),
    path(
        "residents/import/<int:pk>/", views_roster.roster_import_run_view, name="roster_import_run"
    ),
    path(
        "residents/import/<int:pk>/report/",
        views_roster.roster_import_run_report_view,
        name="roster_import_run_report",
    ),
    path(
        "residents/import/report/<str:token>/",
        views_roster.roster_report_view,
        name="roster_report",
    ),
    path("regions/<str:code>/roster.xlsx", views_roster.roster_export_view, name="roster_export"),
]
