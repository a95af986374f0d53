from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "Пользователи и роли"

    def ready(self):
        from .roles import sync_role_groups

        # Groups need the permissions that exist only after every app migrated.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
