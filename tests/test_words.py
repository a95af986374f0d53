"""Every page of every role reads in Russian: no English left over from Django or from us, none of the
wrong Russian the issue found, no login where a person's name belongs.

The pages are those of tests/page_walk.py (the access table's pages plus the back-office pages of each
role), fetched with the test client. What counts is what a person sees or hears: the text of the page,
its title, and the alt, title, placeholder and aria-label attributes and button captions. Code, e-mail
addresses, links and file names are not words; neither are a few names of formats and standards.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.page_walk import WALKED_ROLES, name_the_users, role_pages
from tests.test_url_access import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

# Strings the issue found, or Django's translation gets wrong, that must never come back.
KNOWN_BAD = (
    "back-office",
    "Удалить выбранные педагоги",
    "Удалить выбранные наставники",
    "Удалить выбранные наставляемые",
    "Удалить выбранные пользователи",
    "Добавить еще один",
    "Добавить ещё один",
    "был успешно",
    "было успешно",
    "“",  # Django's English quotes: Russian takes «ёлочки»
    "Возможно оно было удалено",
    "0 лет",
    "наставник и наставляемый — нет",
    "Ваше локальное время",
)
# Latin words that are names of formats, standards and the like, as a reader meets them.
ALLOWED_LATIN = {"XLSX", "PDF", "CSV", "QR", "E-mail", "e-mail", "RSS", "Atom", "ICS", "iCalendar", "URL", "HTML", "PNG", "JPEG", "WCAG", "SHA-256"}

# Inside these the text is code or a machine's, not words.
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "kbd", "samp", "template", "textarea"}
SPOKEN_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)*")
URL = re.compile(r"\b(?:https?://|www\.)\S+|\S*/\S*")
FILE_NAME = re.compile(r"\S+\.(?:pdf|png|jpe?g|gif|svg|xlsx|csv|docx?|odt|ics|txt|zip)\b", re.IGNORECASE)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


class VisibleText(HTMLParser):
    """The words of a page as a person meets them, as a list of text pieces."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []
        self.skipped = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIPPED_ELEMENTS:
            self.skipped += 1
            return
        if self.skipped:
            return
        for name in SPOKEN_ATTRIBUTES:
            if attrs.get(name):
                self.pieces.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.pieces.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self.skipped:
            self.skipped -= 1

    def handle_data(self, data):
        if not self.skipped and data.strip():
            self.pieces.append(" ".join(data.split()))


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.pieces)


def latin_words(text: str) -> set[str]:
    for pattern in (EMAIL, URL, FILE_NAME):
        text = pattern.sub(" ", text)
    return {word for word in LATIN_WORD.findall(text) if word.strip("-") not in ALLOWED_LATIN}


def problems_on(page, *, logins) -> list[str]:
    text = visible_text(page.html)
    found = [f"«{bad}»" for bad in KNOWN_BAD if bad in text]
    found += [f"login «{login}» where a name belongs" for login in logins if re.search(rf"(?<![\w.@-]){re.escape(login)}(?![\w@-])", text)]
    if latin := latin_words(text):
        found.append(f"Latin words {sorted(latin)}")
    return [f"{page.label} {page.url}: {problem}" for problem in found]


def test_visible_text_reads_only_what_a_person_meets():
    html = (
        '<html><head><title>Страница</title><style>body{color:red}</style></head><body>'
        '<p>Скачать XLSX или PDF</p><img src="a.png" alt="Фото"><code>manage.py seed_demo</code>'
        '<a href="mailto:a@b.ru">a@b.ru</a> <a href="https://example.org/x">https://example.org/x</a>'
        '<input type="submit" value="Сохранить"><input type="text" value="typed text"><textarea>any text</textarea>'
        "<script>var x = 1;</script><p>scan.png</p></body></html>"
    )
    text = visible_text(html)
    assert "Страница" in text and "Фото" in text and "Сохранить" in text
    assert "color" not in text and "var" not in text and "typed" not in text and "seed_demo" not in text
    assert latin_words(text) == set()
    assert latin_words("Нажмите Save или Cancel") == {"Save", "Cancel"}
    assert latin_words("Пары в back-office") == {"back-office"}


@pytest.mark.parametrize("role", WALKED_ROLES)
def test_every_page_reads_in_russian(role, world):  # noqa: F811
    name_the_users(world)
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    pages = role_pages(client, world, role)
    assert len(pages) >= 3, [page.url for page in pages]
    logins = [user.username for user in world.users.values() if user is not None]
    failures = [problem for page in pages for problem in problems_on(page, logins=logins)]
    assert not failures, f"{role}, {len(pages)} pages:\n" + "\n".join(failures)
