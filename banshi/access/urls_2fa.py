from django.urls import path

from . import views_2fa

urlpatterns = [
    path("2fa/enrol/", views_2fa.enrol, name="two_factor_enrol"),
    path("2fa/verify/", views_2fa.verify, name="two_factor_verify"),
]
