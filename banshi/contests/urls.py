from django.urls import path

from banshi.core import offline

from . import views, views_judge, views_manage

app_name = "contests"

urlpatterns = [
    path("contests/", views.index, name="index"),
    path("contests/new/", views.contest_new, name="new"),
    path("contests/<int:pk>/", views.contest_detail, name="contest"),
    path("contests/<int:pk>/edit/", views.contest_edit, name="edit"),
    path("contests/heats/<int:pk>/", views.heat_detail, name="heat"),
    path("contests/heats/<int:pk>/sheets.xlsx", views.heat_xlsx, name="heat_xlsx"),
    path("contests/<int:pk>/<str:action>/", views_manage.contest_action, name="contest_action"),
    path("contests/heats/<int:pk>/<str:action>/", views_manage.heat_action, name="heat_action"),
    path("contests/judge/", views_judge.judge, name="judge"),
    path("contests/judge/sync/", views_judge.sheet_sync, name="sheet_sync"),
    path(
        "contests/sw.js",
        offline.service_worker(
            "contests",
            pages=["/contests/judge/", "/jsi18n/"],
            static=[
                "banshi/outbox.js",
                "contests/judge.js",
                "banshi/site.css",
                "banshi/site.js",
                "django_htmx/htmx-2.min.js",
            ],
        ),
        name="service_worker",
    ),
]
