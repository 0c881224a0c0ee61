from django.urls import path

from . import views

app_name = "praise"

urlpatterns = [
    path("praise/", views.index, name="index"),
    path("praise/new/", views.praise_new, name="new"),
    path("praise/export.xlsx", views.ledger_xlsx, name="xlsx"),
    path("praise/brands/<int:pk>/", views.brand_detail, name="brand"),
    path("praise/carriers/<int:pk>/", views.carrier_detail, name="carrier"),
]
