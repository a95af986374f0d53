from django.apps import AppConfig


class CoreConfig(AppConfig):
    default = True
    name = "apps.core"
    verbose_name = "Общее"
