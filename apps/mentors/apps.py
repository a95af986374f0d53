from django.apps import AppConfig


class MentorsConfig(AppConfig):
    name = "apps.mentors"
    verbose_name = "Банк наставников"
