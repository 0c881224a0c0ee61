from django.urls import include, path

urlpatterns = [
    path("", include("banshi.people.urls_roster")),
]
