from django.apps import AppConfig


class SystemsConfig(AppConfig):
    name = "attt.systems"
    label = "systems"

    def ready(self):
        pass
