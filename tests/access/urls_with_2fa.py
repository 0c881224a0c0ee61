"""The site's URLs plus the two-factor pages, for tests written before banshi/urls.py
includes banshi.access.urls_2fa (harmless once it does)."""

from django.urls import include, path

from banshi.urls import urlpatterns as site_patterns

urlpatterns = [path("", include("banshi.access.urls_2fa")), *site_patterns]
