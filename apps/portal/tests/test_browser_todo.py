"""«Что сделать» in the browser: the director signs an order from the desk, a mentee on a phone goes from the list
to the activity of the week."""

import datetime

import pytest
from django.utils import timezone

from apps.documents.models import Order, OrderKind, OrderStatus
from apps.documents.services import order_create
from apps.mentees.tests.factories import MenteeFactory
from apps.pairs.tests.factories import login_for, make_active_pair
from apps.programmes.models import Activity
from apps.programmes.services import programme_create_from_template
from apps.schools.tests.factories import TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, url, username):
    page.goto(url)
    page.locator("input[name=username]").fill(username)  # the portal's form or the admin's
    page.get_by_label("Пароль").fill("пароль-для-тестов")
    page.get_by_role("button", name="Войти").click()


def fits(page, width) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_director_signs_an_order_from_the_desk(live_server, page, standard_data, director_a, school_a):
    order = order_create(school=school_a, kind=OrderKind.CURATOR, responsible=TeacherFactory(school=school_a))
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url + "/admin/", director_a.username)

    assert page.get_by_role("heading", level=1).inner_text() == "Рабочий стол директора"
    todo = page.locator("#todo")
    assert "Подписать приказы: 1" in todo.inner_text()
    assert fits(page, 1280)
    todo.get_by_role("link", name="Приказ о назначении куратора").click()
    page.wait_for_url(f"{live_server.url}/admin/documents/order/{order.pk}/sign/")
    page.get_by_label("Номер приказа").fill("7-од")
    page.get_by_role("button", name="Подписать").click()
    page.get_by_text("Приказ подписан: PDF сформирован").wait_for()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SIGNED

    page.goto(live_server.url + "/admin/")
    assert page.locator("#todo").inner_text().split() == ["Что", "сделать", "Всё", "сделано."]


def test_a_mentee_on_a_phone_goes_from_the_list_to_the_activity(live_server, page, standard_data, school_a):
    today = timezone.localdate()
    mentee = MenteeFactory(teacher__school=school_a, teacher__last_name="Гоголь")
    pair = make_active_pair(mentees=[mentee], school=school_a, started_on=today - datetime.timedelta(days=20), months=9)
    programme = programme_create_from_template(pair=pair)
    first = programme.activities.order_by("due_date", "order").first()
    Activity.objects.filter(programme=programme).exclude(pk=first.pk).update(due_date=today + datetime.timedelta(days=30))
    Activity.objects.filter(pk=first.pk).update(due_date=today + datetime.timedelta(days=2))
    user = login_for(mentee.teacher)

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url + "/", user.username)
    assert page.get_by_role("heading", level=1).inner_text() == "Мой кабинет"
    todo = page.locator("#todo")
    assert "Выполнить мероприятия программы на этой неделе: 1" in todo.inner_text()
    assert fits(page, 390)
    todo.get_by_role("link", name=first.title).click()
    page.wait_for_url(f"{live_server.url}/para/{pair.pk}/#activity-{first.pk}")
    assert page.locator(f"#activity-{first.pk}").is_visible()
