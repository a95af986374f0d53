from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "apps.schools"
    verbose_name = "Организации и педагоги"
