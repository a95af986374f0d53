"""The CSP in Debian's Chromium: the admin's widgets, the portal's pages and the second factor run
without a single violation; inline handlers are gone, their static replacements work."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import make_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "пароль-для-тестов"


@pytest.fixture
def violations(page):
    """Every CSP complaint and script error the page reports."""
    seen = []
    page.on("console", lambda message: "Content Security Policy" in message.text and seen.append(message.text))
    page.on("pageerror", lambda error: seen.append(f"JS error: {error}"))
    return seen


def login(page, base, username, next_url="/"):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def test_admin_change_form_with_autocomplete_and_inlines_runs_under_the_csp(live_server, page, standard_data, curator_a, violations):
    mentor = MentorFactory(teacher__school=curator_a.school, teacher__last_name="Лебедева")
    pair = make_pair(mentor=mentor, mentees=[MenteeFactory(teacher__school=curator_a.school)])
    base = live_server.url
    login(page, base, "curator-a", "/admin/")
    page.goto(f"{base}/admin/pairs/pair/{pair.pk}/change/")
    assert page.locator("#pair_form").is_visible()
    # The select2 autocomplete: open it, type, get the answer over XHR.
    page.locator(".field-mentor .select2-selection").click()
    page.locator(".select2-search__field").fill("Лебед")
    page.locator(".select2-results__option", has_text="Лебедева").first.wait_for()
    page.keyboard.press("Escape")
    # The inline formset's «add another» row (inlines.js).
    add_row = page.locator(".add-row a")
    if add_row.count():
        add_row.first.click()
    page.goto(f"{base}/admin/pairs/pair/add/")
    page.goto(f"{base}/admin/")
    assert violations == []


def test_portal_pages_and_the_copy_field_run_under_the_csp(live_server, page, standard_data, teacher_user, violations):
    pair = make_pair(mentees=[MenteeFactory(teacher=teacher_user.teacher, school=teacher_user.school)], school=teacher_user.school)
    base = live_server.url
    login(page, base, "teacher-a")
    page.goto(f"{base}/para/{pair.pk}/")
    field = page.get_by_label("Ссылка на календарь")
    field.click()
    selected = field.evaluate("el => el.value.substring(el.selectionStart, el.selectionEnd)")
    assert selected.endswith(".ics") and selected.startswith("http")
    assert violations == []


def test_curator_turns_on_the_second_factor_and_logs_in_with_a_code(live_server, page, standard_data, curator_a, violations):
    base = live_server.url
    login(page, base, "curator-a", "/admin/")
    page.goto(f"{base}/accounts/vhod-po-kodu/")
    page.get_by_role("button", name="Включить вход по коду").click()
    qr = page.get_by_alt_text("QR-код для приложения-аутентификатора")
    qr.wait_for()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the data: picture is allowed
    device = TOTPDevice.objects.get(user=curator_a)

    def code(steps_ahead=0):
        device.refresh_from_db()
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time() + steps_ahead * device.step
        return f"{totp.token():06d}"

    page.get_by_label("Код из приложения").fill(code())
    page.get_by_role("button", name="Подтвердить и включить").click()
    page.get_by_text("Вход по коду включён").first.wait_for()

    page.context.clear_cookies()  # a new browser session
    login(page, base, "curator-a", "/admin/")
    assert page.title() == "Код для входа — Наставничество педагогов"
    page.get_by_label("Код из приложения").fill(code(steps_ahead=1))
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/admin/")
    assert violations == []
