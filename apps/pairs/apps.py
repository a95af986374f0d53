from django.apps import AppConfig


class PairsConfig(AppConfig):
    name = "apps.pairs"
    verbose_name = "Наставнические пары и группы"
