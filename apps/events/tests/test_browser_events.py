"""In Chromium: the coordinator creates a district training session, the curators of two schools register
their mentors, the coordinator marks attendance and the mentors' cards say they are trained."""

import datetime

import pytest
from django.urls import reverse

from apps.events import views
from apps.events.models import Event, Registration
from apps.mentors.models import MentorStatus
from tests.test_browser_pages import logged_in_tab

from .data import NOW, build_district

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_district_training_session_from_creation_to_trained_mentors(live_server, browser, standard_data, monkeypatch):
    monkeypatch.setattr(views, "now", lambda: NOW)
    district = build_district()
    starts = NOW + datetime.timedelta(days=7)

    # The coordinator creates the session.
    tab = logged_in_tab(browser, live_server, district.coordinator)
    tab.goto(live_server.url + reverse("district_events:list"))
    tab.get_by_role("link", name="Новое мероприятие").click()
    tab.get_by_label("Вид").select_option(label="обучение наставников")
    tab.get_by_label("Название").fill("Обучение наставников района")
    tab.get_by_label("Дата и время начала").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    tab.get_by_role("button", name="Сохранить").click()
    assert tab.locator(".field-error, .alert-danger").first.inner_text() == "Укажите место проведения или ссылку на подключение."
    tab.get_by_label("Место проведения").fill("ИМЦ района, ул. Седова, 11")
    tab.get_by_label("Мест, не более").fill("20")
    tab.get_by_role("button", name="Сохранить").click()
    tab.wait_for_url("**/rayon/meropriyatiya/*/")
    event = Event.objects.get()
    assert tab.get_by_role("heading", name="Обучение наставников района").is_visible()
    tab.context.close()

    # Each school's curator registers their own mentor.
    for curator, mentor in ((district.curator_a, district.mentor_a), (district.curator_b, district.mentor_b)):
        tab = logged_in_tab(browser, live_server, curator)
        tab.goto(live_server.url + reverse("events:list"))
        tab.get_by_role("link", name="Обучение наставников района").click()
        tab.get_by_label(f"{mentor.teacher.full_name} — наставник").check()
        tab.get_by_role("button", name="Зарегистрировать", exact=True).click()
        assert tab.get_by_role("alert").inner_text() == "Зарегистрировано участников: 1."
        assert tab.locator("#my-registrations").get_by_text(mentor.teacher.full_name).is_visible()
        tab.context.close()
    assert Registration.objects.filter(event=event).count() == 2

    # After the session the coordinator marks who came.
    monkeypatch.setattr(views, "now", lambda: starts + datetime.timedelta(hours=2))
    tab = logged_in_tab(browser, live_server, district.coordinator)
    tab.goto(live_server.url + reverse("district_events:detail", args=[event.pk]))
    for mentor in (district.mentor_a, district.mentor_b):
        tab.get_by_label(f"{mentor.teacher.full_name} присутствовал(а)").check()
    tab.get_by_role("button", name="Сохранить отметки о присутствии").click()
    assert "Присутствие отмечено" in tab.get_by_role("alert").inner_text()
    assert "присутствовали: 2" in tab.locator("#sheet").inner_text()
    tab.context.close()

    # The mentor's card in school A says trained, and by which session.
    tab = logged_in_tab(browser, live_server, district.curator_a)
    tab.goto(live_server.url + reverse("admin:mentors_mentor_change", args=[district.mentor_a.pk]))
    card = tab.locator("#content").inner_text()
    assert "Обучение наставников района" in card
    assert starts.astimezone().strftime("%d.%m.%Y") in card
    tab.context.close()
    for mentor in (district.mentor_a, district.mentor_b):
        mentor.refresh_from_db()
        assert mentor.status == MentorStatus.TRAINED and mentor.trained_on == event.starts_on

    # A visitor of the district's public page sees the session (past now, nobody named).
    tab = browser.new_context().new_page()
    tab.goto(live_server.url + reverse("public:district", args=[district.municipality.slug]))
    events = tab.locator("#district-events").inner_text()
    assert "Обучение наставников района" in events and district.mentor_a.teacher.last_name not in events
    tab.context.close()
