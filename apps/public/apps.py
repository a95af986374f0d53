from django.apps import AppConfig


class PublicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.public"
    verbose_name = "Раздел «Наставничество» на сайте"

    def ready(self):
        from . import signals  # noqa: F401  (cache invalidation when published data changes)
