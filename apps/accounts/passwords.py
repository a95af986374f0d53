"""The common-password check: Django's list of 20 000 and a Russian one (common_passwords_ru.txt).

Django's list is English: «йцукенгшщз» (the top row of the Russian keyboard), «пароль12345» or
«gfhjkm1234» («пароль» typed with the English layout) passed it. The Russian list holds common Russian
passwords and words, keyboard walks on the Russian layout, and each of them typed with the other
layout, with the usual digits appended; compared case-insensitively, like Django's.
"""

from pathlib import Path

from django.contrib.auth import password_validation

RUSSIAN_LIST = Path(__file__).resolve().parent / "common_passwords_ru.txt"


def russian_common_passwords() -> set[str]:
    with open(RUSSIAN_LIST, encoding="utf-8") as file:
        return {line.strip().lower() for line in file if line.strip() and not line.startswith("#")}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's validator (its message in Russian: «Введённый пароль слишком широко распространён.»)
    with the Russian list added to its set."""

    def __init__(self, password_list_path=password_validation.CommonPasswordValidator.DEFAULT_PASSWORD_LIST_PATH):
        super().__init__(password_list_path)
        self.passwords = set(self.passwords) | russian_common_passwords()
