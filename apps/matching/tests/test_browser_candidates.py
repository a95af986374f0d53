"""In Chromium at 1280×800: the curator sees a candidate in the suggestions, approves them with «Утвердить»,
comes back to the same mentee and forms the pair from the suggestion; the bulk approval page from the note."""

import pytest

from apps.accounts.roles import Role
from apps.catalogues.models import Competence, Request
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.models import Mentor, MentorStatus
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import Pair
from apps.schools.tests.factories import SchoolFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "пароль-для-тестов"


def login(page, base, username, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def consented(entry):
    consent_give(teacher=entry.teacher, kind=ConsentKind.PERSONAL_DATA)
    return entry


def test_approve_a_candidate_then_pick_them(live_server, browser, standard_data):
    school = SchoolFactory()
    UserFactory(username="curator", school=school, is_staff=True, roles=[Role.CURATOR])
    discipline = Request.objects.get(name="Поддержание дисциплины на уроке")
    candidate = consented(MentorFactory(teacher__school=school, teacher__last_name="Лебедева", status=MentorStatus.CANDIDATE))
    candidate.competences.set(Competence.objects.filter(requests=discipline))
    other = consented(MentorFactory(teacher__school=school, teacher__last_name="Соколова", status=MentorStatus.CANDIDATE))
    mentee = consented(MenteeFactory(teacher__school=school, teacher__last_name="Гоголь", desired_mentor="Лебедева М. П."))
    mentee.requests.set([discipline])

    page = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800}).new_page()
    login(page, live_server.url, "curator", "/podbor/")
    assert "2 кандидата ждут утверждения" in page.inner_text("main")
    item = page.locator(f'li[data-mentor="{candidate.pk}"]')
    assert "кандидат, не утверждён" in item.inner_text()
    assert "наставляемый сам назвал этого наставника" in item.inner_text()
    assert "Желаемый наставник (ответ в анкете): «Лебедева М. П.» — в подборе: Лебедева М.П." in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    item.get_by_role("button", name="Утвердить").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/podbor/#mentee-{mentee.pk}")
    assert "Кандидат утверждён: Лебедева М.П." in page.inner_text("main")
    assert Mentor.objects.get(pk=candidate.pk).status == MentorStatus.APPROVED

    page.locator(f'li[data-mentor="{candidate.pk}"]').get_by_role("link", name="Сформировать пару").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Сформировать").click()
    page.wait_for_load_state()
    pair = Pair.objects.get()
    assert pair.mentor == candidate and list(pair.mentees.all()) == [mentee]

    # The other candidate through the note's link: the confirmation first, then back to the matching page.
    page.goto(f"{live_server.url}/podbor/")
    page.get_by_role("link", name="Утвердить кандидатов").click()
    page.wait_for_load_state()
    assert "Соколова" in page.inner_text("#content-main")
    assert Mentor.objects.get(pk=other.pk).status == MentorStatus.CANDIDATE
    page.get_by_role("button", name="Да, утвердить (1)").click()
    page.wait_for_load_state()
    assert page.url.endswith("/podbor/")
    assert Mentor.objects.get(pk=other.pk).status == MentorStatus.APPROVED
    assert "ждут утверждения" not in page.inner_text("main")
