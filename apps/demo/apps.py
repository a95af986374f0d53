from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The top layer's tools that cross every app: the demo school, the load test, the benchmark's shared data."""

    name = "apps.demo"
    verbose_name = "Демонстрационные данные и замеры"
