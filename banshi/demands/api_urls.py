"""Routes of the demands API; the project mounts them at /api/v1/demands/."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.DemandListCreate.as_view(), name="api-demand-list"),
    path("<int:pk>/", api.DemandDetail.as_view(), name="api-demand-detail"),
    path("<int:pk>/<slug:action>/", api.DemandAction.as_view(), name="api-demand-action"),
]
