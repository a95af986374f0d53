"""The portal's corrections to Django's Russian (locale/ru/LC_MESSAGES): the committed django.mo is what
django.po says, and Django uses them."""

import gettext
import subprocess

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = settings.BASE_DIR / "locale" / "ru" / "LC_MESSAGES"


@pytest.mark.needs_tools("msgfmt")
def test_the_compiled_catalogue_is_up_to_date(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(LOCALE / "django.po")], check=True)
    with open(LOCALE / "django.mo", "rb") as committed, open(compiled, "rb") as fresh:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog, (
            "locale/ru/LC_MESSAGES/django.mo is older than django.po: run `msgfmt -o django.mo django.po` there"
        )


def test_the_corrections_come_before_djangos_own():
    with translation.override("ru"):
        assert translation.gettext("Delete selected %(verbose_name_plural)s") == "Удалить выбранные записи"
        assert translation.gettext("The {name} “{obj}” was changed successfully.") == "Изменения сохранены: {name} «{obj}»."
        assert translation.gettext("Yes, I’m sure") == "Да, удалить"
