"""The public «Наставничество» section in Debian's Chromium: WCAG 2.1 AA by axe-core on every page,
embedding into a school's website (and the refusal elsewhere), the version for the visually impaired
and the print style.

The axe check reads the demo school (seed_demo) for realistic pages: news, mentors who agreed to
publication, a signed and published Положение, a roadmap with done and overdue events. The other tests
use a lighter school (seed_demo takes seconds) whose standard roadmap still makes a long page.
"""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from apps.consents.models import ConsentKind, PublicCategory
from apps.consents.services import consent_give
from apps.core.dates import school_year_start
from apps.mentors.tests.factories import MentorFactory
from apps.public.models import NewsImage, NewsPost, PublicSection
from apps.public.selectors import public_mentors
from apps.roadmap.services import roadmap_create
from apps.schools.models import School
from tests.axe import axe_problems, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "school-34"  # the demo school
A11Y_KEY = "nastavnichestvo-a11y"


@pytest.fixture
def demo(standard_data, settings, tmp_path):
    """The demo school with its published section; the signed order's PDF goes to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    cache.clear()
    return School.objects.get(slug=SLUG)


@pytest.fixture
def published(standard_data, school_a):
    """A lighter school for the tests that need no realistic data: its section published, with the
    standard roadmap of the current school year (a long page: seven stages of events)."""
    PublicSection.objects.filter(school=school_a).update(is_published=True)
    roadmap_create(school=school_a, year_start=school_year_start(timezone.localdate()))
    cache.clear()
    return school_a


def section_url(live_server, path="", slug=SLUG):
    return f"{live_server.url}/nastavnichestvo/{slug}/{path}"


def wait_until(check, what, timeout=5.0):
    """Poll `check` until it gives a true value; `what()` tells what was awaited and what was seen."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what()}")
        time.sleep(0.05)


def png(size=(64, 48), colour=(40, 90, 160), kind="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


# ----- axe-core (its helpers are shared with the walk of every page: tests/axe.py)


def test_every_page_passes_wcag_21_aa(live_server, browser, demo):
    # The demo has no pictures: one mentor's photo and a news image, so their markup is checked too.
    mentor = public_mentors(demo).first()
    mentor.photo.save(
        "photo.jpg", SimpleUploadedFile("photo.jpg", png(kind="JPEG"), "image/jpeg")
    )
    post = NewsPost.objects.filter(school=demo, is_published=True).first()
    image = NewsImage(post=post, alt="Наставники и молодые педагоги на семинаре")
    image.image.save(
        "seminar.png", SimpleUploadedFile("seminar.png", png(), "image/png")
    )
    cache.clear()
    pages = {
        "главная": "",
        "нормативная база": "normativnaya-baza/",
        "положение и дорожная карта": "polozhenie-i-dorozhnaya-karta/",
        "наставники": "nastavniki/",
        "программы": "programmy/",
        "новости": "novosti/",
        "новость": f"novosti/{post.pk}/",
    }
    # The pages allow no inline or foreign scripts: the test's own axe needs the CSP bypassed.
    context = browser.new_context(bypass_csp=True, locale="ru-RU")
    page = context.new_page()
    problems = {}
    for name, path in pages.items():
        page.goto(section_url(live_server, path))
        assert page.locator("h1").count() == 1, name
        if found := axe_problems(page):
            problems[name] = found

    # The version for the visually impaired must itself be accessible: every colour scheme and the largest text.
    for label, settings_json in {
        "главная, белым по чёрному": '{"contrast": "dark"}',
        "главная, чёрным по белому": '{"contrast": "light"}',
        "главная, синим по голубому": '{"contrast": "blue"}',
        "главная, очень крупный шрифт": '{"size": "2"}',
        "дорожная карта, крупный шрифт белым по чёрному": '{"size": "1", "contrast": "dark"}',
    }.items():
        page.evaluate(
            "([key, value]) => localStorage.setItem(key, value)",
            [A11Y_KEY, settings_json],
        )
        page.goto(
            section_url(
                live_server,
                "polozhenie-i-dorozhnaya-karta/" if "карта" in label else "",
            )
        )
        assert "a11y-" in page.evaluate("document.documentElement.className"), label
        if found := axe_problems(page):
            problems[label] = found
    context.close()
    assert not problems, "axe-core found WCAG 2.1 AA violations:\n" + describe(problems)


# ----- embedding into the school's website


class _SchoolSite(BaseHTTPRequestHandler):
    """A school's website on another origin: one page with the snippet the portal gives out."""

    html = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.html)))
        self.end_headers()
        self.wfile.write(self.html)

    def log_message(self, *args):
        pass


@pytest.fixture
def school_site(live_server):
    """Start a website on 127.0.0.1 (the portal is on localhost at another port: another origin)
    whose page embeds the section of `slug`; returns its origin."""
    servers = []

    def start(slug):
        snippet = f'<script src="{live_server.url}/nastavnichestvo/vstraivanie.js" data-school="{slug}" async></script>'
        html = (
            '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Сайт школы</title></head>'
            '<body><h1>Сайт школы № 34</h1><p id="before">Текст страницы школы до раздела.</p>'
            f"{snippet}"
            '<p id="after">Текст страницы школы после раздела.</p></body></html>'
        ).encode()
        handler = type("Handler", (_SchoolSite,), {"html": html})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def set_embed_origins(school, text):
    section = PublicSection.objects.get(school=school)
    section.embed_origins = text
    section.save()
    cache.clear()


def test_the_section_embedded_in_the_school_website_fits_its_frame(
    live_server, page, published, school_site, settings
):
    settings.DEBUG = True  # the stand-in school site is a local http:// page, accepted in development only
    slug = published.slug
    origin = school_site(slug)
    assert origin.split("//")[1] != live_server.url.split("//")[1]
    set_embed_origins(published, f"https://school34.example\n{origin}")

    page.goto(origin + "/")
    iframe = page.locator("iframe[data-nastavnichestvo]")
    # The frame stands right where the snippet was, between the school's own paragraphs.
    assert (
        page.evaluate(
            "document.querySelector('script[data-school]').nextElementSibling.tagName"
        )
        == "IFRAME"
    )
    assert (
        page.evaluate("document.querySelector('iframe').nextElementSibling.id")
        == "after"
    )
    assert iframe.get_attribute("title") == "Наставничество"

    inside = page.frame_locator("iframe[data-nastavnichestvo]")
    assert (
        inside.locator("h1").inner_text() == "Наставничество педагогических работников"
    )
    assert inside.get_by_role("navigation", name="Разделы").is_visible()
    assert "is-embedded" in inside.locator("html").get_attribute("class")
    # Inside the school's own website: no second site header or footer.
    assert inside.locator(".site-header").is_hidden()
    assert inside.locator(".site-footer").is_hidden()

    def current_frame():
        # Looked up afresh each time: after a navigation inside, Chromium may give the frame a new handle.
        return iframe.element_handle().content_frame()

    def heights():
        # While the frame navigates its document is gone for a moment: try again on the next round.
        try:
            inner = current_frame().evaluate(
                "Math.ceil(document.documentElement.getBoundingClientRect().height)"
            )
        except PlaywrightError:
            return None, None
        outer = page.evaluate(
            "Math.round(document.querySelector('iframe').getBoundingClientRect().height)"
        )
        return outer, inner

    def fitted(*, path):
        def check():
            if not current_frame().url.endswith(path):
                return None
            outer, inner = heights()
            return outer if inner is not None and abs(outer - inner) <= 3 else None

        return wait_until(
            check, lambda: f"the frame to fit {path}: (frame, page) heights {heights()}"
        )

    home_height = fitted(path=f"/{slug}/")

    # A tab clicked inside the frame opens the long roadmap, and the frame grows to it.
    inside.get_by_role("link", name="Положение и дорожная карта").click()
    expect(inside.locator("h1")).to_have_text("Положение и дорожная карта")
    roadmap_height = fitted(path="/polozhenie-i-dorozhnaya-karta/")
    assert roadmap_height > 800 and roadmap_height > home_height + 200, (
        home_height,
        roadmap_height,
    )
    # No second scroll bar: the page inside is no taller than its frame.
    assert current_frame().evaluate(
        "document.documentElement.scrollHeight <= window.innerHeight + 1"
    )

    # And shrinks back on a shorter page.
    inside.get_by_role("link", name="Главная").click()
    expect(inside.locator("h1")).to_have_text(
        "Наставничество педагогических работников"
    )
    assert abs(fitted(path=f"/{slug}/") - home_height) <= 3
    assert page.locator("#after").is_visible()


def test_a_website_not_listed_by_the_school_cannot_frame_the_section(
    live_server, page, published, school_site
):
    slug = published.slug
    origin = school_site(slug)
    set_embed_origins(published, "https://school34.example")
    messages = []
    page.on("console", lambda message: messages.append(message.text))

    page.goto(origin + "/")
    iframe = page.locator("iframe[data-nastavnichestvo]")

    def frame_url():
        return iframe.element_handle().content_frame().url

    def refused():
        # Chromium shows its error page in the frame and says why in the console.
        return frame_url().startswith("chrome-error") or any(
            "frame-ancestors" in text for text in messages
        )

    wait_until(
        refused,
        lambda: (
            f"Chromium to refuse the frame (frame at {frame_url()}, console {messages})"
        ),
    )
    page.wait_for_timeout(300)
    inside = page.frame_locator("iframe[data-nastavnichestvo]")
    assert inside.get_by_role("navigation", name="Разделы").count() == 0
    assert inside.get_by_text("Наставничество педагогических работников").count() == 0
    # Nothing inside could report its height: the frame keeps the snippet's default.
    assert iframe.evaluate("element => element.style.height") == "800px"
    assert page.locator("#before").is_visible() and page.locator("#after").is_visible()


# ----- the version for the visually impaired and the print style


def test_the_version_for_the_visually_impaired_is_remembered_and_reset(
    live_server, page, published, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    mentor = MentorFactory(teacher__school=published, teacher__last_name="Лебедева")
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PUBLICATION, categories=list(PublicCategory.values))
    mentor.photo.save(
        "photo.jpg", SimpleUploadedFile("photo.jpg", png(kind="JPEG"), "image/jpeg")
    )
    post = NewsPost.objects.create(
        school=published,
        title="Семинар наставников",
        lead="Наставники поделились опытом.",
        body="Текст.",
        is_published=True,
    )
    image = NewsImage(post=post, alt="Наставники и молодые педагоги на семинаре")
    image.image.save(
        "seminar.png", SimpleUploadedFile("seminar.png", png(), "image/png")
    )
    cache.clear()

    def root_font_size():
        return page.evaluate(
            "parseFloat(getComputedStyle(document.documentElement).fontSize)"
        )

    def body_background():
        return page.evaluate("getComputedStyle(document.body).backgroundColor")

    def button(name):
        return page.get_by_role("button", name=name, exact=True)

    page.goto(section_url(live_server, slug=published.slug))
    normal_size, normal_background = root_font_size(), body_background()
    assert normal_background != "rgb(0, 0, 0)"
    panel = page.locator("#a11y-panel")
    assert panel.is_hidden()
    toggle = button("Версия для слабовидящих")
    toggle.click()
    assert panel.is_visible() and toggle.get_attribute("aria-expanded") == "true"

    button("крупный").click()
    assert root_font_size() >= normal_size * 1.2
    assert button("крупный").get_attribute("aria-pressed") == "true"
    assert button("обычный").get_attribute("aria-pressed") == "false"
    button("белым по чёрному").click()
    assert body_background() == "rgb(0, 0, 0)"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('main h1')).color")
        == "rgb(255, 255, 255)"
    )

    # Another page remembers the choice (and shows the open panel, so it can be undone at once).
    page.get_by_role("navigation", name="Разделы").get_by_role(
        "link", name="Наставники"
    ).click()
    page.wait_for_url("**/nastavniki/")
    assert root_font_size() >= normal_size * 1.2 and body_background() == "rgb(0, 0, 0)"
    assert (
        panel.is_visible()
        and button("белым по чёрному").get_attribute("aria-pressed") == "true"
    )
    assert '"contrast":"dark"' in page.evaluate(f"localStorage.getItem('{A11Y_KEY}')")

    photo = page.locator("img.mentor-photo")
    # The photo itself is served (lazily loaded: wait for it).
    expect(photo).to_be_visible()
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("img => img.naturalWidth") > 0
    button("скрыть").click()
    assert photo.is_hidden()

    page.goto(section_url(live_server, f"novosti/{post.pk}/", slug=published.slug))
    news_image = page.locator(".news-images img")
    alt_text = page.locator(".news-images .img-alt")
    assert news_image.is_hidden()
    assert (
        alt_text.is_visible()
        and alt_text.inner_text()
        == "Изображение: Наставники и молодые педагоги на семинаре"
    )
    page.reload()
    assert news_image.is_hidden() and root_font_size() >= normal_size * 1.2

    button("Обычная версия сайта").click()
    assert root_font_size() == normal_size and body_background() == normal_background
    expect(news_image).to_be_visible()
    assert alt_text.is_hidden()
    assert button("обычный").get_attribute("aria-pressed") == "true"
    page.reload()
    assert root_font_size() == normal_size
    expect(news_image).to_be_visible()
    assert "a11y-" not in page.evaluate("document.documentElement.className")


def test_every_colour_scheme_marks_only_the_current_tab(live_server, page, published):
    """The schemes colour every border and underline every link: the tabs' underlines (transparent until
    a tab is current) once made every tab look current. Now the other tabs carry no underline of either
    kind, and the current one is drawn in the scheme's colours swapped."""
    cache.clear()
    page.goto(section_url(live_server, "nastavniki/", slug=published.slug))
    tabs = page.get_by_role("navigation", name="Разделы").get_by_role("link")
    look = (
        "a => { const s = getComputedStyle(a); return {background: s.backgroundColor, underline: s.textDecorationLine,"
        " border: s.borderBottomWidth !== '0px' && s.borderBottomColor !== 'rgba(0, 0, 0, 0)'}; }"
    )
    for scheme in ("dark", "light", "blue"):
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [A11Y_KEY, f'{{"contrast": "{scheme}"}}'])
        page.reload()
        page_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        for i in range(tabs.count()):
            tab = tabs.nth(i)
            seen = tab.evaluate(look)
            if tab.get_attribute("aria-current") == "page":
                assert tab.inner_text() == "Наставники" and seen["background"] != page_background, (scheme, seen)
            else:
                assert not seen["border"] and seen["underline"] == "none", (scheme, tab.inner_text(), seen)
                assert seen["background"] == page_background, (scheme, tab.inner_text(), seen)


def test_the_printed_page_has_no_switches_and_tabs(live_server, page, published):
    page.goto(
        section_url(live_server, "polozhenie-i-dorozhnaya-karta/", slug=published.slug)
    )
    assert (
        page.locator(".a11y-bar").is_visible()
        and page.locator(".section-nav").is_visible()
    )
    page.emulate_media(media="print")
    assert page.locator(".a11y-bar").is_hidden()
    assert page.locator(".section-nav").is_hidden()
    assert (
        page.locator("main h1").is_visible()
        and page.locator(".site-header").is_visible()
    )
    page.emulate_media(media="screen")
    assert page.locator(".section-nav").is_visible()
