"""Issue 4 end to end in Debian's Chromium: matching → confirmed pairs → consents → active
pairs; the mentor marks an activity done and logs a meeting; the curator sees the progress."""


import pytest
from django.utils import timezone

from apps.accounts.roles import Role
from apps.catalogues.models import Competence, Request
from apps.consents.models import Consent, ConsentKind
from apps.consents.services import consent_give
from apps.documents.models import Order, OrderKind
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import Pair, PairStatus
from apps.programmes.models import Meeting, Programme
from apps.schools.tests.factories import SchoolFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "пароль-для-тестов"


def login(page, base, username, next_url="/"):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def run_admin_action(page, base, action, confirm=None):
    """A list action on every pair; `confirm`: the button of its confirmation page that says what will happen."""
    page.goto(f"{base}/admin/pairs/pair/")
    page.check("#action-toggle")
    page.select_option("select[name=action]", action)
    page.get_by_role("button", name="Выполнить").click()
    page.wait_for_load_state()
    if confirm:
        page.get_by_role("button", name=confirm).click()
        page.wait_for_load_state()


def test_from_matching_to_a_working_pair(live_server, browser, standard_data):
    school = SchoolFactory()
    UserFactory(username="curator", school=school, is_staff=True, roles=[Role.CURATOR])
    discipline = Request.objects.get(name="Поддержание дисциплины на уроке")
    parents = Request.objects.get(name="Взаимодействие с родителями обучающихся")
    mentors = []
    for last_name, request in (("Лебедева", discipline), ("Григорьев", parents)):
        mentor = MentorFactory(teacher__school=school, teacher__last_name=last_name, capacity=1)
        mentor.competences.set(Competence.objects.filter(requests=request))
        consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
        mentors.append(mentor)
    mentor_user = UserFactory(username="mentor", school=school, roles=[Role.TEACHER])
    mentors[0].teacher.user = mentor_user
    mentors[0].teacher.save()
    for last_name, request in (("Гоголь", discipline), ("Белых", parents)):
        mentee = MenteeFactory(teacher__school=school, teacher__last_name=last_name)
        mentee.requests.set([request])
        consent_give(teacher=mentee.teacher, kind=ConsentKind.PERSONAL_DATA)

    base = live_server.url
    curator = browser.new_context(locale="ru-RU").new_page()
    login(curator, base, "curator", "/podbor/")
    assert "закрывает 1 из 1 запроса: поддержание дисциплины на уроке" in curator.inner_text("main")
    curator.get_by_role("button", name="Предложить распределение").first.click()
    curator.get_by_role("button", name="Подтвердить и сформировать пары").click()
    curator.wait_for_load_state()
    assert Pair.objects.filter(school=school, status=PairStatus.DRAFT).count() == 2
    assert {(p.mentor.teacher.last_name, p.memberships.get().mentee.teacher.last_name) for p in Pair.objects.all()} == {
        ("Лебедева", "Гоголь"),
        ("Григорьев", "Белых"),
    }

    run_admin_action(curator, base, "activate_pairs")  # nothing to start: nobody has consented yet
    assert "нет согласий" in curator.content()
    assert curator.get_by_role("button", name="Начать работу").count() == 0
    run_admin_action(curator, base, "record_paper_consents", confirm="Внести согласия")
    run_admin_action(curator, base, "activate_pairs", confirm="Начать работу")
    assert set(Pair.objects.values_list("status", flat=True)) == {PairStatus.ACTIVE}
    run_admin_action(curator, base, "create_programmes", confirm="Создать программы")
    pair = Pair.objects.get(mentor=mentors[0])
    activities = pair.programme.activities.count()
    assert activities > 0

    mentor = browser.new_context(locale="ru-RU").new_page()
    mentor.set_viewport_size({"width": 390, "height": 844})
    login(mentor, base, "mentor")
    mentor.get_by_role("link", name="Открыть программу").click()
    mentor.locator("summary", has_text="Отметить выполненным").first.click()
    mentor.get_by_label("Комментарий (необязательно)").first.fill("Разобрали план урока")
    assert f"выполнено 0 из {activities}" in mentor.inner_text("#plan-progress")
    mentor.get_by_role("button", name="Выполнено", exact=True).first.click()
    mentor.get_by_text(f"выполнено {timezone.localdate():%d.%m.%Y}").first.wait_for()
    mentor.locator("#plan-progress", has_text=f"выполнено 1 из {activities}").wait_for()  # without a reload
    mentor.get_by_role("link", name="Записать встречу").first.click()
    mentor.get_by_label("Тема").fill("Дисциплина в 7 «Б»")
    mentor.get_by_label("Что сделано").fill("Разобрали два урока, составили правила класса")
    mentor.get_by_role("button", name="Сохранить встречу").click()
    mentor.get_by_text("Встреча записана.").wait_for()
    assert Meeting.objects.get(programme=pair.programme).held_on == timezone.localdate()

    curator.goto(f"{base}/programmy/")
    row = curator.get_by_role("row").filter(has_text="Лебедева")
    assert f"выполнено 1 из {activities}" in row.inner_text()


def test_one_pair_from_the_matching_confirmation_to_the_order_by_its_pages_next_action(live_server, browser, standard_data):
    """The curator follows the pair page's one next action: consents (confirmed per person), start, programme, order."""
    school = SchoolFactory()
    UserFactory(username="curator", school=school, is_staff=True, roles=[Role.CURATOR])
    discipline = Request.objects.get(name="Поддержание дисциплины на уроке")
    mentor = MentorFactory(teacher__school=school, teacher__last_name="Орлова", teacher__first_name="Галина", teacher__patronymic="Викторовна", capacity=1)
    mentor.competences.set(Competence.objects.filter(requests=discipline))
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
    mentee = MenteeFactory(teacher__school=school, teacher__last_name="Иванов", teacher__first_name="Илья", teacher__patronymic="Игоревич")
    mentee.requests.set([discipline])
    consent_give(teacher=mentee.teacher, kind=ConsentKind.PERSONAL_DATA)

    base = live_server.url
    page = browser.new_context(locale="ru-RU").new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, base, "curator", "/podbor/")
    page.get_by_role("button", name="Предложить распределение").first.click()
    page.get_by_role("button", name="Подтвердить и сформировать пары").click()
    page.wait_for_load_state()
    pair = Pair.objects.get(school=school)
    assert str(pair) == "Орлова Г.В. → Иванов И.И."

    page.get_by_role("link", name="Страница пары: согласия, начало работы, программа").click()
    strip = page.locator(".pair-flow")
    assert strip.locator("[aria-current=step]").inner_text().startswith("сформирована")
    strip.get_by_role("link", name="Внести согласия, подписанные на бумаге").click()
    assert "Орлова Галина Викторовна — согласие на возложение обязанностей наставника" in page.inner_text("main")
    assert not Consent.objects.filter(pair=pair).exists()  # the page asks first
    page.get_by_label("Орлова Галина Викторовна — согласие на возложение обязанностей наставника").check()
    page.get_by_label("Иванов Илья Игоревич — согласие на закрепление наставника").check()
    page.get_by_role("button", name="Внести отмеченные согласия").click()
    page.wait_for_load_state()
    assert Consent.objects.filter(pair=pair, source=Consent.Source.PAPER).count() == 2

    strip.get_by_role("button", name="Начать работу").click()
    page.wait_for_load_state()
    assert strip.locator("[aria-current=step]").inner_text().startswith("работает")
    strip.get_by_role("button", name="Создать программу по шаблону").click()
    page.wait_for_load_state()
    assert Programme.objects.get(pair=pair).activities.exists()
    strip.get_by_role("button", name="Включить в приказ о закреплении").click()
    page.wait_for_load_state()
    assert list(Order.objects.get(kind=OrderKind.PAIRS).pairs.all()) == [pair]
    strip.get_by_role("link", name="Завершить").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE

    # The same page on the curator's phone: who signs each document goes under its name, the page fits.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    documents = page.locator("#pair-documents")
    assert documents.get_by_text("подписывает Орлова Г.В.").first.is_visible()
    assert not documents.get_by_role("columnheader", name="Кто подписывает").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
