from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from banshi.core.health import healthz
from banshi.core.metrics import metrics_view

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The words of the site's scripts (djangojs.po), in the reader's language.
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(domain="djangojs", packages=["banshi.core"]),
        name="javascript-catalog",
    ),
    path("", include("banshi.dashboards.urls")),
    path("", include("banshi.access.urls")),
    path("", include("banshi.access.urls_2fa")),
    path("", include("banshi.territory.urls")),
    path("", include("banshi.people.urls")),
    path("", include("banshi.organizations.urls")),
    path("", include("banshi.enterprises.urls")),
    path("", include("banshi.demands.urls")),
    path("", include("banshi.fieldwork.urls")),
    path("", include("banshi.partylife.urls")),
    path("", include("banshi.lectures.urls")),
    path("", include("banshi.materials.urls")),
    path("", include("banshi.villages.urls")),
    path("", include("banshi.assessment.urls")),
    path("", include("banshi.contests.urls")),
    path("", include("banshi.volunteers.urls")),
    path("", include("banshi.praise.urls")),
    path("", include("banshi.unions.urls")),
    path("", include("banshi.projects.urls")),
    path("", include("banshi.redflags.urls")),
    path("", include("banshi.rectification.urls")),
    path("", include("banshi.workreports.urls")),
    path("api/v1/demands/", include("banshi.demands.api_urls")),
    path("open311/v2/", include("banshi.open311.urls")),
    path("api/v1/", include("banshi.api.urls")),
    # Last: any other address under /api/ answers the API's JSON 404, not the site's page.
    path("api/", include("banshi.api.urls_fallback")),
]
