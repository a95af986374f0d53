from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "apps.network"
    verbose_name = "Сетевое взаимодействие"
