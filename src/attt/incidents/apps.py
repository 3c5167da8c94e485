from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "attt.incidents"
    label = "incidents"

    def ready(self):
        pass
