from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "attt.api"
    label = "api"
