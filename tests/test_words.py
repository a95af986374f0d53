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
    "Возможно оно было удалено",
    "0 лет",
    "наставник и наставляемый — нет",
    "Ваше локальное время",
)
# Wrong for some roles only: the desk of a director or a coordinator is not the curator's.
KNOWN_BAD_FOR = {"director_a": ("Рабочий стол куратора",), "coordinator": ("Рабочий стол куратора",)}
# Django's English quotes (“…” or its translations' “…“): Russian takes «ёлочки», „лапки“ inside them.
ENGLISH_QUOTES = re.compile(r"“[^„“”\n]{1,200}[“”]")
# Latin words a reader meets as names: of formats and standards, encodings, and the programs the pages name.
ALLOWED_LATIN = {
    "XLSX", "PDF", "CSV", "QR", "E-mail", "e-mail", "RSS", "Atom", "ICS", "iCalendar", "URL", "HTML",
    "PNG", "JPEG", "DOCX", "PPTX", "WCAG", "SHA-256", "UTF-8", "Windows-1251", "IP",
    "Excel", "Google", "Outlook", "Authenticator", "FreeOTP", "Telegram",
}  # fmt: skip

# Inside these the text is code, a machine's or what the user typed, not words: the elements, and the
# back-office's cells and rows of codes and of the slugs that make a section's address.
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "kbd", "samp", "template", "textarea"}
CODE_CLASSES = {"field-code", "field-slug"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SPOKEN_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
EMAIL = re.compile(r"[\w.+*-]+@[\w-]+(\.[\w-]+)*")  # `*`: an address shown masked, «o***@school.example»
URL = re.compile(r"\b(?:https?://|www\.)\S+|\S*/\S*")
FILE_NAME = re.compile(r"\S+\.(?:pdf|png|jpe?g|gif|svg|xlsx|csv|docx?|odt|ics|txt|zip)\b", re.IGNORECASE)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


class VisibleText(HTMLParser):
    """The words of a page as a person meets them, as a list of text pieces."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []
        self.open = {}  # tag → how many of it are open, for the tags that can hold a skipped element
        self.skip_until = None  # (tag, depth): inside this element the text is code

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return self.handle_startendtag(tag, attrs)
        self.open[tag] = self.open.get(tag, 0) + 1
        attrs = dict(attrs)
        if self.skip_until is None and (tag in SKIPPED_ELEMENTS or CODE_CLASSES & set((attrs.get("class") or "").split())):
            self.skip_until = (tag, self.open[tag])
        self._attributes(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._attributes(tag, dict(attrs))

    def handle_endtag(self, tag):
        if self.skip_until == (tag, self.open.get(tag, 0)):
            self.skip_until = None
        if self.open.get(tag):
            self.open[tag] -= 1

    def _attributes(self, tag, attrs):
        if self.skip_until is not None:
            return
        for name in SPOKEN_ATTRIBUTES:
            if attrs.get(name):
                self.pieces.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.pieces.append(attrs["value"])

    def handle_data(self, data):
        if self.skip_until is None and data.strip():
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


def problems_on(page, *, logins, known_bad=KNOWN_BAD) -> list[str]:
    text = visible_text(page.html)
    found = [f"«{bad}»" for bad in known_bad if bad in text]
    found += [f"English quotes {quoted!r}" for quoted in ENGLISH_QUOTES.findall(text)]
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
        "<script>var x = 1;</script><p>scan.png</p><br><table><tr><td class=\"field-code\">teacher-teacher</td>"
        "<td>Педагог<br>педагог</td></tr></table><p>„лапки“ внутри «ёлочек»</p></body></html>"
    )
    text = visible_text(html)
    assert "Страница" in text and "Фото" in text and "Сохранить" in text
    assert "color" not in text and "var" not in text and "typed" not in text and "seed_demo" not in text
    assert "teacher-teacher" not in text and "педагог" in text
    assert not ENGLISH_QUOTES.findall(text) and ENGLISH_QUOTES.findall("Педагог “Иванова“ был изменен")
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
    known_bad = KNOWN_BAD + KNOWN_BAD_FOR.get(role, ())
    failures = [problem for page in pages for problem in problems_on(page, logins=logins, known_bad=known_bad)]
    assert not failures, f"{role}, {len(pages)} pages:\n" + "\n".join(failures)
