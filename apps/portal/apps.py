from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    """The top layer's pages that show every app at once: the back-office and its dashboard, the teacher's home page."""

    default = True
    name = "apps.portal"
    verbose_name = "Портал"


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's site; listed first in INSTALLED_APPS, in place of django.contrib.admin."""

    default = False
    default_site = "apps.portal.admin_site.PortalAdminSite"
