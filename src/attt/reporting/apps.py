from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "attt.reporting"
    label = "reporting"

    def ready(self):
        pass
