from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "apps.programmes"
    verbose_name = "Программы наставничества"
