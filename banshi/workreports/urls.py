from django.urls import path

from . import views, views_review

app_name = "workreports"

urlpatterns = [
    path("reports/check/", views.index, name="index"),
    path("reports/check/<int:pk>/", views.report_detail, name="report"),
    path("reports/check/<int:pk>.xlsx", views.report_xlsx, name="xlsx"),
    path("reports/check/<int:pk>/original", views.report_original, name="original"),
    path("reports/check/<int:pk>/recheck/", views_review.recheck, name="recheck"),
    path(
        "reports/check/<int:pk>/figures/<int:figure_pk>/review/",
        views_review.figure_review,
        name="figure_review",
    ),
    path(
        "reports/check/<int:pk>/figures/<int:figure_pk>/teach/",
        views_review.teach,
        name="teach",
    ),
]
