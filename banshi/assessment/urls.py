from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("assessment/", views.index, name="index"),
    path("assessment/<int:pk>/", views.scheme_detail, name="scheme"),
    path("assessment/<int:pk>/sheet/", views.sheet_submit, name="sheet"),
    path("assessment/<int:pk>/decide/", views.scheme_decide, name="decide"),
    path("assessment/<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
]
