"""Words of Django's admin that no translation reaches.

The yes/no icons of boolean columns and read-only fields carry alt="True", "False" or "None":
Django writes the Python value itself (django.contrib.admin.templatetags.admin_list._boolean_icon,
which admin.utils and admin.helpers look up at each call). `install()` puts a Russian one in its place.
"""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html

BOOLEAN_ICONS = {True: ("yes", "да"), False: ("no", "нет"), None: ("unknown", "не указано")}


def boolean_icon(field_val):
    icon, word = BOOLEAN_ICONS[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), word)


def install():
    admin_list._boolean_icon = boolean_icon
