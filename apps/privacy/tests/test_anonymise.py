"""Anonymising a teacher who left: the person disappears, the figures and the legal record stay."""

import hashlib

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.documents.models import Order, OrderKind
from apps.documents.services import order_create, order_sign
from apps.documents.tests.factories import ready_for_pairs_order
from apps.mentors.models import Mentor
from apps.pairs.models import PairStatus
from apps.pairs.services import pair_end
from apps.pairs.tests.factories import login_for, make_active_pair, make_pair
from apps.privacy.services import teacher_anonymise
from apps.programmes.services import meeting_feedback_give, meeting_log, programme_create_from_template
from apps.public.tests.data import consented_mentor, publish_section
from apps.schools.models import Teacher
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.models import Response
from apps.surveys.tests.factories import link_of, make_invitation, mentor_answers

CHANGELIST = reverse("admin:schools_teacher_changelist")
PASSWORD = "пароль-для-тестов"  # UserFactory's


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def left(school_a, client):
    """Белова: a published mentor with a finished pair, a programme, a meeting, a questionnaire and a signed order."""
    publish_section(school_a)
    mentor = consented_mentor(school_a, "Белова", achievements="Учитель года — Белова", notes="Белова: звонить после 16")
    teacher = mentor.teacher
    teacher.first_name, teacher.patronymic, teacher.phone = "Ирина", "Олеговна", "+7 921 000-00-00"
    teacher.save()
    user = login_for(teacher)
    client.post(link_of(make_invitation(teacher, kind="mentor")), mentor_answers())
    pair = make_active_pair(mentor=mentor)
    programme = programme_create_from_template(pair=pair)
    meeting = meeting_log(programme=programme, teacher=teacher, user=user, held_on=pair.started_on, topic="Знакомство")
    meeting_feedback_give(meeting=meeting, teacher=teacher, rating=3, comment="Белова довольна")
    ready_for_pairs_order(pair, on=timezone.localdate())  # the consents and the curator a pairs order asks
    order = order_sign(order=order_create(school=school_a, kind=OrderKind.PAIRS, pairs=[pair]), number="7-од", date=timezone.localdate())
    pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=timezone.localdate(), reason="Программа выполнена.")
    LogEntry.objects.log_actions(user.pk, [teacher], CHANGE, change_message="[]", single_object=True)
    return Mentor.objects.select_related("teacher__user").get(pk=mentor.pk), order


def figures(client, curator):
    client.force_login(curator)
    dashboard = client.get(reverse("monitoring:dashboard")).context["figures"]
    return {
        "dashboard": {key: value for key, value in dashboard.items() if key != "roadmap"},
        "mentors": client.get(reverse("mentors:bank")).context["figures"],
        "mentees": client.get(reverse("mentees:bank")).context["figures"],
    }


def anonymise_in_admin(client, curator, teacher):
    client.force_login(curator)
    data = {"action": "anonymise_teachers", "_selected_action": [teacher.pk]}
    confirmation = client.post(CHANGELIST, data)
    done = client.post(CHANGELIST, {**data, "confirm": "yes"}, follow=True)
    return confirmation, done


def test_the_curator_confirms_and_the_person_is_gone_everywhere(client, school_a, curator_a, left):
    mentor, order = left
    teacher, user = mentor.teacher, mentor.teacher.user
    with order.pdf.open("rb"):  # closed after reading
        payload, pdf_sha = order.payload, hashlib.sha256(order.pdf.read()).hexdigest()
    public_mentors = reverse("public:mentors", args=[school_a.slug])
    assert "Белова" in client.get(public_mentors).content.decode()
    before = figures(client, curator_a)

    confirmation, done = anonymise_in_admin(client, curator_a, teacher)

    page = confirmation.content.decode()
    assert "Белова Ирина Олеговна" in page and f"«Педагог № {teacher.pk}»" in page
    assert "Подписанные приказы не меняются" in page and "сохранят ФИО педагога" in page
    assert "Обезличено педагогов: 1." in done.content.decode()

    teacher = Teacher.objects.get(pk=teacher.pk)
    assert (teacher.full_name, teacher.short_name) == (f"Педагог № {teacher.pk}", f"Педагог № {teacher.pk}")
    assert (teacher.birth_date, teacher.email, teacher.phone, teacher.user, teacher.is_employed) == (None, "", "", None, False)
    # The trail keeps that it happened and by whom, but no longer the name.
    history = list(teacher.history.all())
    assert history[0].history_user == curator_a and history[0].history_change_reason == "обезличивание"
    assert not [h for h in history if "Белова" in h.last_name or h.email or h.phone or h.birth_date]
    mentor = Mentor.objects.get(pk=mentor.pk)
    assert (mentor.achievements, mentor.notes, mentor.availability) == ("", "", "")
    assert not Mentor.history.filter(id=mentor.pk, achievements__contains="Белова").exists()
    answers = Response.objects.get(teacher=teacher).answers
    assert answers["help_areas"]["value"] is None and answers["achievements"]["value"] is None
    assert answers["capacity"]["value"] == "2" and answers["competences"]["value"]  # what is counted stays
    assert "Белова" not in LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Teacher), object_id=str(teacher.pk)).object_repr
    programme = teacher.mentor.pairs.get().programme
    assert "Белова" not in programme.title and f"Педагог № {teacher.pk}" in programme.title

    # Figures, the order, the public section, the login.
    assert figures(client, curator_a) == before
    order = Order.objects.get(pk=order.pk)
    assert order.payload == payload and "Белова" in str(order.payload)
    with order.pdf.open("rb"):  # closed after reading
        assert hashlib.sha256(order.pdf.read()).hexdigest() == pdf_sha == order.file_sha256
    client.logout()
    assert "Белова" not in client.get(public_mentors).content.decode()
    user.refresh_from_db()
    assert not user.is_active and "Белова" not in user.username
    assert not client.login(username=user.username, password=PASSWORD)


def test_the_teachers_open_session_ends(client, left):
    mentor, _ = left
    client.force_login(mentor.teacher.user)
    assert client.get(reverse("privacy:export")).status_code == 200
    teacher_anonymise(teacher=mentor.teacher)
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_teacher_in_an_open_pair_is_refused_with_a_russian_message(client, school_a, curator_a):
    pair = make_pair(school=school_a)
    teacher = pair.mentor.teacher
    name = teacher.full_name

    confirmation, done = anonymise_in_admin(client, curator_a, teacher)

    assert "нельзя обезличить:" in confirmation.content.decode()
    assert "Да, обезличить" not in confirmation.content.decode()
    assert "сначала завершите или расформируйте" in done.content.decode()  # a forged confirmation is refused too
    assert Teacher.objects.get(pk=teacher.pk).full_name == name
    mentee_teacher = pair.memberships.get().mentee.teacher
    with pytest.raises(ValidationError, match="состоит в формирующейся или работающей паре"):
        teacher_anonymise(teacher=mentee_teacher)


def test_the_schools_curator_is_refused(school_a):
    teacher = TeacherFactory(school=school_a)
    school_a.curator = teacher
    school_a.save()
    with pytest.raises(ValidationError, match="назначен куратором"):
        teacher_anonymise(teacher=teacher)


def test_running_it_twice_changes_nothing_more(school_a):
    teacher = TeacherFactory(school=school_a)
    teacher_anonymise(teacher=teacher)
    count = teacher.history.count()
    teacher_anonymise(teacher=teacher)
    assert teacher.history.count() == count


def test_only_the_curator_of_the_school_may_anonymise(client, school_a, curator_b, director_a):
    teacher = TeacherFactory(school=school_a, last_name="Оставшаяся")
    anonymise_in_admin(client, curator_b, teacher)
    anonymise_in_admin(client, director_a, teacher)
    assert Teacher.objects.get(pk=teacher.pk).last_name == "Оставшаяся"
    client.force_login(director_a)
    assert "anonymise_teachers" not in client.get(CHANGELIST).content.decode()


def test_the_consents_stay_without_the_address_and_identity_document(school_a):
    from apps.consents.models import Consent, ConsentKind
    from apps.consents.services import consent_give

    teacher = TeacherFactory(school=school_a, is_employed=False)
    consent_give(
        teacher=teacher,
        kind=ConsentKind.PERSONAL_DATA,
        subject={"subject_address": "Санкт-Петербург, ул. Седова, д. 5", "subject_document": "паспорт 40 12 345678"},
    )
    teacher_anonymise(teacher=teacher)
    consent = Consent.objects.get(teacher=teacher)
    assert (consent.subject_address, consent.subject_document) == ("", "")
