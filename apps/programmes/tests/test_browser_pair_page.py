"""The mentor works through the pair page on a phone: marks an activity in place, logs a meeting, answers the fit question."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import login_for, make_active_pair
from apps.programmes.models import Activity, Meeting
from apps.programmes.services import programme_create_from_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme_templates(standard_data):
    # A transactional test's flush removes what data migrations put in: the templates come back here.
    importlib.import_module("apps.programmes.migrations.0004_standard_templates").create(django_apps, None)


def test_the_mentor_marks_an_activity_logs_a_meeting_and_answers_on_a_phone(live_server, page, programme_templates, school_a):
    today = timezone.localdate()
    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Лебедева")
    pair = make_active_pair(
        mentor=mentor,
        mentees=[MenteeFactory(teacher__school=school_a, teacher__last_name="Гоголь")],
        started_on=today - datetime.timedelta(days=20),
        months=9,
    )
    programme = programme_create_from_template(pair=pair)
    user = login_for(mentor.teacher)
    first = programme.activities.order_by("due_date", "order").first()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    page.get_by_label("Логин или e-mail").fill(user.username)
    page.get_by_label("Пароль").fill("пароль-для-тестов")
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("link", name="Открыть программу").click()
    page.wait_for_url(f"{live_server.url}/para/{pair.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    # Mark the first activity done: htmx swaps the item in place, the page stays.
    item = page.locator(f"#activity-{first.pk}")
    item.get_by_text("Отметить выполненным").click()
    item.get_by_label("Комментарий (необязательно)").fill("Провели диагностику")
    item.get_by_role("button", name="Выполнено").click()
    page.locator(f"#activity-{first.pk}").get_by_text("Снять отметку").wait_for()
    assert f"выполнено {today:%d.%m.%Y}" in page.locator(f"#activity-{first.pk}").inner_text()
    assert page.url == f"{live_server.url}/para/{pair.pk}/"
    assert Activity.objects.get(pk=first.pk).done

    # Log a meeting through the form.
    page.get_by_role("link", name="Записать встречу").first.click()
    assert page.get_by_label("Дата встречи").input_value() == today.isoformat()  # today is offered
    page.get_by_label("Тема").fill("Знакомство и диагностика")
    page.get_by_label("Что сделано").fill("Обсудили затруднения")
    page.get_by_role("button", name="Сохранить встречу").click()
    page.get_by_text("Встреча записана.").wait_for()
    assert Meeting.objects.filter(programme=programme, topic="Знакомство и диагностика").exists()

    # After the first meeting the fit question is on the page.
    page.get_by_label("подходит", exact=True).check()
    page.get_by_role("button", name="Ответить").click()
    page.get_by_text("Спасибо, ответ сохранён.").wait_for()
    assert pair.feedbacks.get().answer == "fits"
