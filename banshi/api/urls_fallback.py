"""The last routes under /api/: whatever names no endpoint answers the API's JSON 404."""

from django.urls import re_path

from .errors import not_found

urlpatterns = [re_path(r"^(?P<rest>.*)$", not_found, name="api-not-found")]
