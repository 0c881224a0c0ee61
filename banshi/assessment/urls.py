from django.urls import path

from . import views, views_analysis

app_name = "assessment"

urlpatterns = [
    path("assessment/", views.index, name="index"),
    path("assessment/<int:pk>/", views.scheme_detail, name="scheme"),
    path("assessment/<int:pk>/sheet/", views.sheet_submit, name="sheet"),
    path("assessment/<int:pk>/decide/", views.scheme_decide, name="decide"),
    path("assessment/<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("assessment/analyses/", views_analysis.analysis_index, name="analyses"),
    path("assessment/analyses/make/", views_analysis.analysis_make, name="analyses_make"),
    path("assessment/analyses/<int:pk>/", views_analysis.analysis_detail, name="analysis"),
    path("assessment/analyses.xlsx", views_analysis.analysis_xlsx, name="analyses_xlsx"),
]
