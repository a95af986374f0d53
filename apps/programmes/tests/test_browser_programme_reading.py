"""In a browser: the curator records the agreement and approval of a programme, the mentee reads it on a phone and
acknowledges it, the curator sees who has read it; a changed programme asks the mentee again."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import login_for, make_active_pair
from apps.programmes.models import ProgrammeAcknowledgement, ProgrammeApproval
from apps.programmes.services import programme_create_from_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme_templates(standard_data):
    importlib.import_module("apps.programmes.migrations.0004_standard_templates").create(django_apps, None)


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill("пароль-для-тестов")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def test_approval_recorded_then_the_mentee_acknowledges_and_the_curator_sees_it(live_server, page, programme_templates, school_a, curator_a):
    today = timezone.localdate()
    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Лебедева")
    mentee = MenteeFactory(teacher__school=school_a, teacher__last_name="Гоголь")
    pair = make_active_pair(mentor=mentor, mentees=[mentee], started_on=today - datetime.timedelta(days=20), months=9)
    programme = programme_create_from_template(pair=pair)
    mentee_user = login_for(mentee.teacher)
    pair_url = f"{live_server.url}/para/{pair.pk}/"

    # The curator: a date in the future is refused with a field error, then the right data is recorded.
    log_in(page, live_server, curator_a.username)
    page.goto(pair_url)
    page.get_by_role("link", name="Внести согласование и утверждение").click()
    page.get_by_label("Согласована").select_option(label="педагогический совет")
    page.get_by_label("Дата заседания").fill((today + datetime.timedelta(days=2)).isoformat())
    page.get_by_label("Номер протокола").fill("3")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Дата заседания не может быть в будущем").wait_for()
    page.get_by_label("Дата заседания").fill((today - datetime.timedelta(days=3)).isoformat())
    page.get_by_label("Дата утверждения директором").fill((today - datetime.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url(f"{pair_url}#reading")
    page.get_by_text("Согласована на заседании педагогического совета").wait_for()
    assert ProgrammeApproval.objects.get(programme=programme).protocol_number == "3"

    # The mentee on a phone reads and acknowledges.
    log_in(page, live_server, mentee_user.username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(pair_url)
    page.get_by_role("button", name="Ознакомлен(а) с программой").click()
    page.get_by_text("Вы ознакомились с этой редакцией программы").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert ProgrammeAcknowledgement.objects.filter(teacher=mentee.teacher).count() == 1

    # The programme changes: the mentee is asked again.
    programme.goals += "\nДополнительная задача."
    programme.save()
    page.goto(pair_url)
    page.get_by_text("Программа изменилась после того, как вы с ней ознакомились").wait_for()

    # The curator sees it on the overview and on the pair page.
    log_in(page, live_server, curator_a.username)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/programmy/")
    page.get_by_text("ознакомлены 0 из 2").wait_for()
    page.goto(pair_url)
    page.get_by_text("Программа изменена после согласования").wait_for()
    page.get_by_text("ознакомлен(а) с прежней редакцией").wait_for()
