"""Every page of every role in Debian's Chromium at 1280×800, a school laptop's screen: no page scrolls
sideways (wide tables scroll inside their own box) and axe-core finds no serious or critical WCAG 2.1
AA violation.

The pages are those of tests/page_walk.py: the access table's pages of the role and its back-office
pages, built from the `world` of tests/test_url_access.py (of the history, delete and section pages,
which one template draws alike for every model, the first of each). One browser context per role,
logged in with the session the test client opened.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.axe import axe_problems, install_axe, summarise
from tests.page_walk import WALKED_ROLES, browser_sample, name_the_users, role_pages
from tests.test_url_access import world  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 1280, 800


def widest_elements(page) -> list[str]:
    """The outermost elements that reach past the window's right edge, to say what to fix."""
    return page.evaluate(
        """(width) => {
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const box = el.getBoundingClientRect();
                if (box.right <= width + 1 || box.width === 0) continue;
                let parent = el.parentElement, inner = false;
                for (; parent; parent = parent.parentElement) {
                    if (parent.getBoundingClientRect().right > width + 1) { inner = true; break; }
                }
                if (!inner) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''} (to ${Math.round(box.right)} px)`);
            }
            return out.slice(0, 5);
        }""",
        WIDTH,
    )


@pytest.mark.parametrize("role", WALKED_ROLES)
def test_every_page_fits_1280_and_passes_axe(role, standard_data, world, live_server, browser):  # noqa: F811
    name_the_users(world)
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    pages = browser_sample(role_pages(client, world, role))
    assert len(pages) >= 3, [page.url for page in pages]

    # axe injects its script inline, which the portal's CSP refuses: the test's context bypasses it.
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="ru-RU", bypass_csp=True)
    install_axe(context)
    if settings.SESSION_COOKIE_NAME in client.cookies:
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    tab = context.new_page()
    too_wide, inaccessible = [], {}
    for page in pages:
        tab.goto(live_server.url + page.url)
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide.append(f"{page.label} {page.url}: {width} px — {', '.join(widest_elements(tab))}")
        if found := axe_problems(tab):
            inaccessible[f"{page.label} {page.url}"] = found
    context.close()
    report = []
    if too_wide:
        report.append(f"Pages wider than {WIDTH} px:\n" + "\n".join(too_wide))
    if inaccessible:
        report.append("axe-core found WCAG 2.1 AA violations:\n" + summarise(inaccessible))
    assert not report, f"{role}, {len(pages)} pages:\n" + "\n\n".join(report)


def logged_in_tab(browser, live_server, user, **context_args):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="ru-RU", **context_args)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    return context.new_page()


def test_a_date_field_carries_no_time_zone_warning(live_server, browser, standard_data, curator_a):
    """A laptop seven hours ahead of Moscow: Django's date widget warned «Ваше локальное время опережает
    время сервера…» under every date field. A date has no time of day: only a time field keeps the note."""
    tab = logged_in_tab(browser, live_server, curator_a, timezone_id="Asia/Vladivostok")
    tab.goto(live_server.url + reverse("admin:schools_teacher_add"))
    assert tab.locator("input.vDateField").count() == 2  # birth date, start of teaching
    assert tab.locator(".datetimeshortcuts").count() == 2  # the calendar and «Сегодня» are there
    assert tab.locator(".timezonewarning").count() == 0
    tab.goto(live_server.url + reverse("admin:consents_consent_add"))
    times = tab.locator("input.vTimeField").count()
    assert times >= 1 and tab.locator("p.datetime .timezonewarning").count() == times  # «дано»: a date and a time
    assert "опережает" in tab.locator(".timezonewarning").first.inner_text()
    tab.context.close()
