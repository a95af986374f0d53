from django.apps import AppConfig


class MenteesConfig(AppConfig):
    name = "apps.mentees"
    verbose_name = "Банк наставляемых"
