app_name = "unions"

urlpatterns: list = []
