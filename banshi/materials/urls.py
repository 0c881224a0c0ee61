from django.urls import path

from . import views

app_name = "materials"

urlpatterns = [
    path("materials/", views.material_list, name="list"),
    path("materials/new/", views.material_new, name="new"),
    path("materials/mine/", views.mine, name="mine"),
    path("materials/mine/<int:pk>/", views.receipt_open, name="open"),
    path("materials/<int:pk>/", views.material_detail, name="detail"),
    path("materials/<int:pk>/file/", views.material_file, name="file"),
]
