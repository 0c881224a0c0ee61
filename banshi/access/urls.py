from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.BanshiLoginView.as_view(), name="login"),
    path("logout/", views.BanshiLogoutView.as_view(), name="logout"),
]
