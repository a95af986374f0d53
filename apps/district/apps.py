from django.apps import AppConfig


class DistrictConfig(AppConfig):
    name = "apps.district"
    verbose_name = "Муниципальный уровень"
