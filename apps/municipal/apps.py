from django.apps import AppConfig


class MunicipalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.municipal"
    verbose_name = "Муниципальный уровень"
