"""Login and logout. (The home page is the dashboards app's.)"""

from django.contrib.auth import views as auth_views


class BanshiLoginView(auth_views.LoginView):
    template_name = "access/login.html"
    redirect_authenticated_user = True


class BanshiLogoutView(auth_views.LogoutView):
    pass
