from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "apps.consents"
    verbose_name = "Согласия"
