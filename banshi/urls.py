from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("banshi.access.urls")),
    path("", include("banshi.territory.urls")),
    path("", include("banshi.people.urls")),
    path("", include("banshi.organizations.urls")),
    path("", include("banshi.enterprises.urls")),
    path("api/v1/", include("banshi.api.urls")),
]
