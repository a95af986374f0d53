from django.apps import AppConfig


class CataloguesConfig(AppConfig):
    name = "apps.catalogues"
    verbose_name = "Справочники"
