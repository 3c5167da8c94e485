from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "attt.obligations"
    label = "obligations"

    def ready(self):
        pass
