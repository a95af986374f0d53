"""«Мои данные»: a teacher downloads everything the portal holds about them, and only that."""

import datetime
import io
from urllib.parse import unquote

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.accounts.roles import Role
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.events.models import EventKind
from apps.events.services import registrations_create
from apps.events.tests.data import NOW, district_event
from apps.pairs.models import PairStatus
from apps.pairs.services import pair_end
from apps.pairs.tests.factories import login_for, make_active_pair
from apps.programmes.services import meeting_feedback_give, meeting_log, programme_create_from_template
from apps.schools.tests.factories import TeacherFactory, UserFactory
from apps.surveys.tests.factories import give_personal_data_consent, link_of, make_invitation, mentee_answers

URL = reverse("privacy:export")
SHEETS = ["Карточка", "Согласия", "Банк наставников и наставляемых", "Пары", "Программы", "Анкеты", "Встречи и отзывы", "Мероприятия"]


def sheet_rows(response, title):
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [tuple(row) for row in workbook[title].iter_rows(values_only=True)]


def all_text(response) -> str:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(str(v) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v is not None)


def pair_with_history(mentor, *, meeting_topic, mentee=None):
    """An active pair of `mentor` with a programme and one logged meeting the mentee reviewed."""
    pair = make_active_pair(mentor=mentor, **({"mentees": [mentee]} if mentee else {}))
    programme = programme_create_from_template(pair=pair)
    meeting = meeting_log(
        programme=programme, teacher=mentor.teacher, user=None, held_on=pair.started_on + datetime.timedelta(days=7),
        topic=meeting_topic, summary="Разобрали план урока.", mentor_notes="Личная заметка наставника", shared_with_mentee=False,
    )  # fmt: skip
    mentee_teacher = pair.memberships.get().mentee.teacher
    meeting_feedback_give(meeting=meeting, teacher=mentee_teacher, rating=3, comment="Очень полезно")
    return pair


def test_a_mentee_downloads_one_workbook_with_every_part_of_their_data(client, school_a):
    from apps.mentees.tests.factories import MenteeFactory
    from apps.mentors.tests.factories import MentorFactory

    mentee = MenteeFactory(
        teacher__school=school_a, teacher__last_name="Соколова", teacher__first_name="Анна", teacher__patronymic="Игоревна",
        teacher__phone="+7 900 000-00-00", notes="Заметка куратора о Соколовой",
    )  # fmt: skip
    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Орлова", teacher__first_name="Вера", teacher__patronymic="Павловна")
    teacher = mentee.teacher
    user = login_for(teacher)
    give_personal_data_consent(teacher)
    client.post(link_of(make_invitation(teacher)), mentee_answers())
    pair_with_history(mentor, meeting_topic="Первая встреча", mentee=mentee)
    seminar = district_event(school_a.municipality, kind=EventKind.YOUNG_TEACHER_SCHOOL, title="Школа молодого педагога: урок")
    registrations_create(event=seminar, school=school_a, teachers=[teacher], now=NOW)

    client.force_login(user)
    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    today = timezone.localdate()
    assert f"Мои данные — Соколова А.И. — {today:%d.%m.%Y}.xlsx" in unquote(response["Content-Disposition"])
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == SHEETS

    card = dict(row for row in sheet_rows(response, "Карточка")[1:])
    assert card["Фамилия"] == "Соколова" and card["Телефон"] == "+7 900 000-00-00"
    assert card["Учётная запись (логин)"] == user.username
    kinds = [row[0] for row in sheet_rows(response, "Согласия")[1:]]
    assert "обработка персональных данных" in kinds and "закрепление наставника" in kinds
    bank = {(row[0], row[1]): row[2] for row in sheet_rows(response, "Банк наставников и наставляемых")[1:]}
    assert bank[("Банк наставляемых", "Запросы своими словами")] == "Хочу научиться держать дисциплину в 7 «Б»."  # from the questionnaire
    assert bank[("Банк наставляемых", "Заметки куратора")] == "Заметка куратора о Соколовой"
    pairs = sheet_rows(response, "Пары")[1:]
    assert [(row[0], row[1], row[5]) for row in pairs] == [("наставляемый", "Орлова В.П.", "работает")]
    assert len(sheet_rows(response, "Программы")) > 2  # the template's activities
    answers = {row[4]: row[5] for row in sheet_rows(response, "Анкеты")[1:]}
    assert "Хочу научиться держать дисциплину в 7 «Б»." in answers.values()
    meetings = sheet_rows(response, "Встречи и отзывы")[1:]
    assert [(m[0], m[3], m[5], m[6]) for m in meetings] == [("встреча", "Первая встреча", "полезная", "Очень полезно")]
    events = sheet_rows(response, "Мероприятия")[1:]
    assert [(e[0], e[1]) for e in events] == [("Школа молодого педагога: урок", seminar.get_kind_display())]
    # The mentor kept these notes to themself.
    assert "Личная заметка наставника" not in all_text(response)


def test_the_mentor_sees_their_own_notes_and_never_another_teachers_card(client, school_a):
    from apps.mentors.tests.factories import MentorFactory

    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Орлова", achievements="Учитель года")
    pair = pair_with_history(mentor, meeting_topic="Первая встреча")
    other = pair.memberships.get().mentee.teacher
    other.phone = "+7 911 111-11-11"
    other.save()
    client.force_login(login_for(mentor.teacher))

    response = client.get(URL)

    text = all_text(response)
    assert "Личная заметка наставника" in text
    assert "Учитель года" in text
    assert other.phone not in text and (other.email not in text)
    assert sheet_rows(response, "Карточка")[1] == ("Фамилия", "Орлова")
    # The mentee's own review of the meeting is theirs, not the mentor's.
    assert "Очень полезно" not in text


def test_a_login_without_a_teacher_card_gets_a_clear_page(client, school_a, curator_a):
    client.force_login(UserFactory(school=school_a, roles=[Role.TEACHER]))
    response = client.get(URL)
    assert response.status_code == 404
    assert "Ваша учётная запись не связана с карточкой педагога" in response.content.decode()
    client.force_login(curator_a)
    assert "не связана с карточкой педагога" in client.get(URL).content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_teachers_page_links_to_the_download(client, teacher_user):
    client.force_login(teacher_user)
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()


def test_queries_do_not_grow_with_the_data(client, school_a, django_assert_max_num_queries):
    from apps.mentors.tests.factories import MentorFactory

    mentor = MentorFactory(teacher__school=school_a)
    client.force_login(login_for(mentor.teacher))
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
    pair = pair_with_history(mentor, meeting_topic="Встреча 1")
    pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=timezone.localdate(), reason="Программа выполнена.")
    with django_assert_max_num_queries(20) as small:
        assert client.get(URL).status_code == 200
    for n in range(4):
        pair = pair_with_history(mentor, meeting_topic=f"Встреча {n + 2}")
        pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=timezone.localdate(), reason="Программа выполнена.")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert len(sheet_rows(response, "Пары")) == 6


def test_another_teachers_data_is_never_in_the_file(client, school_a, school_b):
    mine = TeacherFactory(school=school_a, last_name="Моя")
    TeacherFactory(school=school_b, last_name="Чужая", user=UserFactory(school=school_b))
    client.force_login(login_for(mine))
    text = all_text(client.get(URL))
    assert "Моя" in text and "Чужая" not in text
