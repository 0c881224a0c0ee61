from django.urls import path

from . import views, views_forms

app_name = "unions"

urlpatterns = [
    path("unions/", views.index, name="index"),
    path("unions/<int:pk>/", views.federation_detail, name="federation"),
    path("unions/<int:pk>/workers/", views.worker_add, name="worker_add"),
    path("unions/<int:pk>/aid/", views.aid_add, name="aid_add"),
    path("unions/<int:pk>/unions/", views_forms.union_record, name="union_record"),
    path("unions/<int:pk>/campaigns/", views_forms.campaign_add, name="campaign_add"),
    path("unions/<int:pk>/poverty-line/", views_forms.poverty_line, name="poverty_line"),
    path("unions/<int:pk>/aid.xlsx", views.aid_xlsx, name="aid_xlsx"),
    path("unions/workers/<int:pk>/", views.worker_detail, name="worker"),
    path("unions/workers/<int:pk>/review/", views.worker_review, name="worker_review"),
    path("unions/workers/<int:pk>/recertify/", views.worker_recertify, name="worker_recertify"),
]
