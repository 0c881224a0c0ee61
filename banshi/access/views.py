"""Login and logout. (The home page is the dashboards app's.)"""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .throttling import LoginRateThrottle


class BanshiLoginView(auth_views.LoginView):
    template_name = "access/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Per client address, before any password is checked: slows an address that tries
        # many accounts without locking any of them (the lockout counts per account).
        throttle = LoginRateThrottle()
        if not throttle.allow_request(request, self):
            response = HttpResponse(
                _("登录尝试过于频繁，请稍后再试"),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            wait = throttle.wait()
            if wait:
                response["Retry-After"] = str(int(wait) + 1)
            return response
        return super().post(request, *args, **kwargs)


class BanshiLogoutView(auth_views.LogoutView):
    pass
