from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "attt.directives"
    label = "directives"

    def ready(self):
        pass
