"""Routes of the Open311 GeoReport v2 interface; the project mounts them at /open311/v2/."""

from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "xml|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "open311fmt")

app_name = "open311"

urlpatterns = [
    path("services.<open311fmt:format>", views.service_list, name="services"),
    path(
        "services/<str:service_code>.<open311fmt:format>",
        views.service_definition,
        name="service",
    ),
    path("requests.<open311fmt:format>", views.requests, name="requests"),
    path(
        "requests/<str:service_request_id>.<open311fmt:format>",
        views.request_detail,
        name="request",
    ),
    path("tokens/<str:token>.<open311fmt:format>", views.token_detail, name="token"),
]
