from django.urls import path

from . import views

app_name = "redflags"

urlpatterns = [
    path("redflags/", views.index, name="index"),
    path("redflags/schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("redflags/schemes/<int:pk>/indicators/", views.indicators_edit, name="indicators"),
    path("redflags/schemes/<int:pk>/declare/", views.declare, name="declare"),
    path("redflags/declarations/<int:pk>/", views.declaration_detail, name="declaration"),
    path(
        "redflags/declarations/<int:pk>/<str:action>/",
        views.declaration_act,
        name="declaration_act",
    ),
    path("redflags/objections/<int:pk>/settle/", views.objection_settle, name="objection_settle"),
    path("redflags/evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
    path("regions/<str:code>/redflags/", views.region_report, name="report"),
    path("regions/<str:code>/redflags/report.xlsx", views.region_report_xlsx, name="report_xlsx"),
]
