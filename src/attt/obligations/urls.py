app_name = "obligations"
urlpatterns: list = []
