from django.apps import AppConfig


class CoreConfig(AppConfig):
    default = True
    name = "apps.core"
    verbose_name = "Общее"

    def ready(self):
        from . import admin_words

        admin_words.install()
