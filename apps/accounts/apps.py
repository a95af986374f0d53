from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "Пользователи и роли"

    def ready(self):
        from .otp import on_user_logged_in
        from .roles import sync_role_groups

        # Groups need the permissions that exist only after every app migrated.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
        # Every login (the portal's form, the admin's, a test's force_login) notes whether a code is due.
        user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts.otp_required")
