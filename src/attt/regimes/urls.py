app_name = "regimes"
urlpatterns: list = []
