from django.contrib import admin


class PortalAdminSite(admin.AdminSite):
    site_header = "Наставничество педагогов"
    site_title = "Наставничество"
    index_title = "Рабочий стол куратора"
