from django.apps import AppConfig


class BanksConfig(AppConfig):
    name = "apps.banks"
    verbose_name = "Банки наставников и наставляемых"
