from django.apps import AppConfig


class RegimesConfig(AppConfig):
    name = "attt.regimes"
    label = "regimes"

    def ready(self):
        pass
