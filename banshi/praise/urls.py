app_name = "praise"

urlpatterns: list = []
