"""Issue 4 end to end in Debian's Chromium: matching → confirmed pairs → consents → active
pairs; the mentor marks an activity done and logs a meeting; the curator sees the progress."""


import pytest
from django.utils import timezone

from apps.accounts.roles import Role
from apps.catalogues.models import Competence, Request
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import Pair, PairStatus
from apps.programmes.models import Meeting
from apps.schools.tests.factories import SchoolFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "пароль-для-тестов"


def login(page, base, username, next_url="/"):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def run_admin_action(page, base, action):
    page.goto(f"{base}/admin/pairs/pair/")
    page.check("#action-toggle")
    page.select_option("select[name=action]", action)
    page.get_by_role("button", name="Выполнить").click()
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

    run_admin_action(curator, base, "activate_pairs")  # refused: nobody has consented yet
    assert "нет согласий" in curator.content()
    run_admin_action(curator, base, "record_paper_consents")
    run_admin_action(curator, base, "activate_pairs")
    assert set(Pair.objects.values_list("status", flat=True)) == {PairStatus.ACTIVE}
    run_admin_action(curator, base, "create_programmes")
    pair = Pair.objects.get(mentor=mentors[0])
    activities = pair.programme.activities.count()
    assert activities > 0

    mentor = browser.new_context(locale="ru-RU").new_page()
    mentor.set_viewport_size({"width": 390, "height": 844})
    login(mentor, base, "mentor")
    mentor.get_by_role("link", name="Открыть программу").click()
    mentor.locator("summary", has_text="Отметить выполненным").first.click()
    mentor.get_by_label("Комментарий (необязательно)").first.fill("Разобрали план урока")
    mentor.get_by_role("button", name="Выполнено", exact=True).first.click()
    mentor.get_by_text(f"выполнено {timezone.localdate():%d.%m.%Y}").first.wait_for()
    mentor.get_by_role("link", name="Записать встречу").first.click()
    mentor.get_by_label("Тема").fill("Дисциплина в 7 «Б»")
    mentor.get_by_label("Что сделано").fill("Разобрали два урока, составили правила класса")
    mentor.get_by_role("button", name="Сохранить встречу").click()
    mentor.get_by_text("Встреча записана.").wait_for()
    assert Meeting.objects.get(programme=pair.programme).held_on == timezone.localdate()

    curator.goto(f"{base}/programmy/")
    row = curator.get_by_role("row").filter(has_text="Лебедева")
    assert f"выполнено 1 из {activities}" in row.inner_text()
