app_name = "systems"
urlpatterns: list = []
