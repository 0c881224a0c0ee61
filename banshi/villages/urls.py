from django.urls import path

from . import views, views_county, views_tours

app_name = "villages"

urlpatterns = [
    path("villages/", views.index, name="index"),
    path("villages/tours/", views_tours.tours, name="tours"),
    path("villages/tours/<int:pk>/", views_tours.tour_detail, name="tour"),
    path("villages/courses/<int:pk>/", views_county.course_detail, name="course"),
    path("villages/<str:code>/", views.village_detail, name="village"),
    path("villages/<str:code>/reserve/", views.reserve_add, name="reserve_add"),
    path("villages/<str:code>/seats/", views.seat_act, name="seat_act"),
    path("villages/reserve/<int:pk>/status/", views.reserve_status, name="reserve_status"),
    path("villages/reviews/<int:pk>/", views.review_detail, name="review"),
    path("villages/reviews/subjects/<int:pk>/<str:action>/", views.review_act, name="review_act"),
    path("regions/<str:code>/villages/", views.region_villages, name="region"),
    path("regions/<str:code>/villages/gap.xlsx", views.gap_xlsx, name="gap_xlsx"),
    path("regions/<str:code>/villages/reviews/new/", views_county.review_new, name="review_new"),
    path("regions/<str:code>/villages/courses/", views_county.courses, name="courses"),
]
