"""The pair admin through its real URLs: one more caller of apps/pairs/services.py, refused in the services' own words."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.catalogues.models import MentoringForm
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.mentees.models import MenteeStatus
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import Pair, PairMentee, PairStatus
from apps.pairs.selectors import mentor_load
from apps.pairs.tests.factories import make_active_pair, make_pair

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=40)
ADD = reverse("admin:pairs_pair_add")


def change_url(pair):
    return reverse("admin:pairs_pair_change", args=[pair.pk])


def day(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def posted(pair, *, rows=None, new=(), **changes):
    """The pair's change form as the admin posts it: every membership as stored, `rows` {index: {field: value}}
    changed, `new` mentees added as new rows, and `changes` to the pair's own fields."""
    memberships = list(pair.memberships.order_by("pk"))
    data = {
        "mentor": str(pair.mentor_id),
        "form": str(pair.form_id),
        "status": pair.status,
        "started_on": day(pair.started_on),
        "planned_end_on": day(pair.planned_end_on),
        "ended_on": "",
        "end_reason": "",
        "memberships-TOTAL_FORMS": str(len(memberships) + len(new)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for n, membership in enumerate(memberships):
        data.update(
            {
                f"memberships-{n}-id": str(membership.pk),
                f"memberships-{n}-pair": str(pair.pk),
                f"memberships-{n}-mentee": str(membership.mentee_id),
                f"memberships-{n}-joined_on": day(membership.joined_on),
                f"memberships-{n}-left_on": day(membership.left_on) if membership.left_on else "",
                f"memberships-{n}-left_reason": membership.left_reason,
            }
        )
        for name, value in (rows or {}).get(n, {}).items():
            data[f"memberships-{n}-{name}"] = value
    for n, mentee in enumerate(new, start=len(memberships)):
        data.update({f"memberships-{n}-pair": str(pair.pk), f"memberships-{n}-mentee": str(mentee.pk)})
    data.update(changes)
    return data


def new_pair_data(mentor, *mentees) -> dict:
    """The admin's «add pair» form: the mentor, the form of mentoring, dates, one inline row per mentee."""
    data = {
        "mentor": str(mentor.pk),
        "form": str(MentoringForm.objects.get(code="teacher-teacher").pk),
        "started_on": day(STARTED),
        "planned_end_on": day(STARTED + datetime.timedelta(days=240)),
        "memberships-TOTAL_FORMS": str(len(mentees)),
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, mentee in enumerate(mentees):
        data[f"memberships-{index}-mentee"] = str(mentee.pk)
    return data


def inline_errors(response) -> list[str]:
    formset = response.context["inline_admin_formsets"][0].formset
    return [*formset.non_form_errors(), *(e for form in formset.forms for errors in form.errors.values() for e in errors)]


# --- the mentor ------------------------------------------------------------------------------


def test_a_pair_handed_to_a_mentor_at_full_capacity_is_refused_as_on_the_matching_page(client, curator_a, school_a):
    full = MentorFactory(teacher__school=school_a, teacher__last_name="Занятая", capacity=1)
    consent_give(teacher=full.teacher, kind=ConsentKind.PERSONAL_DATA)
    make_pair(mentor=full, started_on=STARTED)
    pair = make_pair(school=school_a, started_on=STARTED)
    waiting = MenteeFactory(teacher__school=school_a)
    consent_give(teacher=waiting.teacher, kind=ConsentKind.PERSONAL_DATA)
    client.force_login(curator_a)

    # The matching page, pairing by hand with the same mentor.
    terms = {"form": str(MentoringForm.objects.get(code="teacher-teacher").pk), "started_on": TODAY.isoformat(), "months": "9"}
    matching = client.post(reverse("matching:manual"), {**terms, "mentor": full.pk, "mentees": [waiting.pk]})
    [on_the_matching_page] = matching.context["form"].non_field_errors()

    response = client.post(change_url(pair), posted(pair, mentor=str(full.pk)))

    assert response.status_code == 200
    assert inline_errors(response) == [on_the_matching_page]
    assert on_the_matching_page == f"У наставника {full.teacher.short_name} свободно мест: 0 из 1; нельзя закрепить ещё 1."
    assert on_the_matching_page in response.content.decode()
    pair.refresh_from_db()
    assert pair.mentor_id != full.pk
    assert mentor_load(full) == 1


def test_a_mentor_with_a_free_place_takes_the_pair_over(client, curator_a, school_a):
    pair = make_active_pair(school=school_a, started_on=STARTED)
    mentee = pair.memberships.get().mentee
    roomy = MentorFactory(teacher__school=school_a, capacity=2)
    make_pair(mentor=roomy, started_on=STARTED)
    client.force_login(curator_a)

    response = client.post(change_url(pair), posted(pair, mentor=str(roomy.pk)))

    assert response.status_code == 302, inline_errors(response) if response.context else response
    pair.refresh_from_db()
    assert pair.mentor == roomy
    assert pair.memberships.get().mentee == mentee
    assert mentor_load(roomy) == 2
    assert pair.history.first().mentor_id == roomy.pk  # saved, not updated: the audit trail has it


@pytest.mark.parametrize("status, label", [("candidate", "кандидат"), ("archived", "в архиве")])
def test_a_mentor_not_approved_in_the_bank_cannot_be_set_in_the_admin(client, curator_a, school_a, status, label):
    mentor = MentorFactory(teacher__school=school_a, status=status)
    pair = make_pair(school=school_a, started_on=STARTED)
    message = f"Наставник в статусе «{label}»: сначала утвердите его в банке наставников."
    client.force_login(curator_a)

    response = client.post(change_url(pair), posted(pair, mentor=str(mentor.pk)))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["mentor"] == [message]
    pair.refresh_from_db()
    assert pair.mentor_id != mentor.pk

    # Nor for a new pair.
    mentee = MenteeFactory(teacher__school=school_a)
    response = client.post(ADD, new_pair_data(mentor, mentee))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Pair.objects.count() == 1


def test_the_mentor_cannot_be_one_of_the_pairs_own_mentees(client, curator_a, school_a):
    pair = make_pair(school=school_a, started_on=STARTED)
    mentee = pair.memberships.get().mentee
    as_mentor = MentorFactory(teacher=mentee.teacher, school=school_a)
    client.force_login(curator_a)

    response = client.post(change_url(pair), posted(pair, mentor=str(as_mentor.pk)))

    assert response.status_code == 200
    assert "Наставник не может быть наставляемым в своей же паре." in inline_errors(response)
    pair.refresh_from_db()
    assert pair.mentor_id != as_mentor.pk


# --- who is in the pair ------------------------------------------------------------------------


def test_a_mentee_leaves_through_the_admin_and_another_takes_the_place_in_the_same_save(client, curator_a, school_a):
    """The replacement the admin advises («отметьте дату выхода и добавьте новую строку»), with the mentor's one place."""
    mentor = MentorFactory(teacher__school=school_a, capacity=1)
    pair = make_active_pair(mentor=mentor, started_on=STARTED)
    leaving = pair.memberships.get().mentee
    newcomer = MenteeFactory(teacher__school=school_a)
    client.force_login(curator_a)

    changes = {0: {"left_on": day(TODAY), "left_reason": "Перевод в другую школу"}}
    response = client.post(change_url(pair), posted(pair, rows=changes, new=[newcomer]))

    assert response.status_code == 302, inline_errors(response) if response.context else response
    left = PairMentee.objects.get(pair=pair, mentee=leaving)
    assert (left.left_on, left.left_reason) == (TODAY, "Перевод в другую школу")
    joined = PairMentee.objects.get(pair=pair, mentee=newcomer)
    assert (joined.joined_on, joined.left_on) == (pair.started_on, None)
    leaving.refresh_from_db()
    newcomer.refresh_from_db()
    assert (leaving.status, newcomer.status) == (MenteeStatus.WAITING, MenteeStatus.PAIRED)
    assert mentor_load(mentor) == 1
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE


def test_the_last_mentee_does_not_leave_the_pair_ends_instead(client, curator_a, school_a):
    pair = make_active_pair(school=school_a, started_on=STARTED)
    client.force_login(curator_a)

    changes = {0: {"left_on": day(TODAY), "left_reason": "Уволилась"}}
    response = client.post(change_url(pair), posted(pair, rows=changes))

    assert response.status_code == 200
    assert inline_errors(response) == ["В паре не останется наставляемых: завершите или расформируйте пару целиком."]
    assert pair.memberships.get().left_on is None


def test_a_newcomer_beyond_the_mentors_capacity_is_refused_as_by_the_service(client, curator_a, school_a):
    mentor = MentorFactory(teacher__school=school_a, capacity=2)
    pair = make_pair(mentor=mentor, mentees=[MenteeFactory(teacher__school=school_a) for _ in range(2)], started_on=STARTED)
    client.force_login(curator_a)

    response = client.post(change_url(pair), posted(pair, new=[MenteeFactory(teacher__school=school_a)]))

    assert response.status_code == 200
    assert inline_errors(response) == [f"У наставника {mentor.teacher.short_name} свободно мест: 0 из 2; нельзя закрепить ещё 1."]
    assert pair.memberships.count() == 2


def test_a_leaving_is_corrected_in_place_but_not_undone(client, curator_a, school_a):
    pair = make_active_pair(school=school_a, mentees=[MenteeFactory(teacher__school=school_a) for _ in range(2)], started_on=STARTED)
    client.force_login(curator_a)
    changes = {0: {"left_on": day(TODAY - datetime.timedelta(days=3)), "left_reason": "Перевод"}}
    assert client.post(change_url(pair), posted(pair, rows=changes)).status_code == 302

    corrected = {0: {"left_reason": "Перевод в гимназию № 2"}}
    assert client.post(change_url(pair), posted(pair, rows=corrected)).status_code == 302
    left = pair.memberships.order_by("pk").first()
    assert (left.left_on, left.left_reason) == (TODAY - datetime.timedelta(days=3), "Перевод в гимназию № 2")

    response = client.post(change_url(pair), posted(pair, rows={0: {"left_on": "", "left_reason": ""}}))
    assert response.status_code == 200
    assert "Вышедшего наставляемого нельзя вернуть в ту же пару: сформируйте новую пару." in inline_errors(response)
    left.refresh_from_db()
    assert left.left_on == TODAY - datetime.timedelta(days=3)


def test_a_new_pair_in_the_admin_is_formed_by_the_service_with_its_dates(client, curator_a, school_a):
    mentor = MentorFactory(teacher__school=school_a, capacity=2)
    first, second = (MenteeFactory(teacher__school=school_a) for _ in range(2))
    client.force_login(curator_a)
    data = {
        **new_pair_data(mentor, first, second),
        "memberships-1-joined_on": day(STARTED + datetime.timedelta(days=7)),
    }

    response = client.post(ADD, data)

    assert response.status_code == 302, inline_errors(response) if response.context else response
    pair = Pair.objects.get()
    assert response.url == reverse("admin:pairs_pair_changelist")
    assert dict(pair.memberships.values_list("mentee_id", "joined_on")) == {
        first.pk: STARTED,
        second.pk: STARTED + datetime.timedelta(days=7),
    }
    assert (pair.status, pair.school) == (PairStatus.DRAFT, school_a)


def test_the_mentor_cannot_be_put_among_the_mentees_of_a_new_pair(client, curator_a, school_a):
    mentor = MentorFactory(teacher__school=school_a)
    self_as_mentee = MenteeFactory(teacher=mentor.teacher, school=school_a)
    client.force_login(curator_a)
    response = client.post(ADD, new_pair_data(mentor, self_as_mentee))

    assert response.status_code == 200
    assert "Наставник не может быть наставляемым в своей же паре." in inline_errors(response)
    assert not Pair.objects.exists()


# --- the list's actions, some of them added by the apps above pairs ---------------------------


def test_the_pair_lists_actions_keep_their_order_and_words(client, curator_a, school_a):
    make_pair(school=school_a, started_on=STARTED)
    client.force_login(curator_a)
    choices = client.get(reverse("admin:pairs_pair_changelist")).context["action_form"].fields["action"].choices
    assert [(name, str(label)) for name, label in choices if name not in ("", "delete_selected")] == [
        ("record_paper_consents", "Внести согласия участников, подписанные на бумаге"),
        ("activate_pairs", "Начать работу (нужны согласия всех участников)"),
        ("create_programmes", "Создать программу по шаблону"),
        ("close_reviews", "Пересмотр проведён: убрать из списка на пересмотр"),
        ("complete_pairs", "Завершить (сегодняшней датой)"),
        ("dissolve_pairs", "Расформировать (сегодняшней датой)"),
        ("send_satisfaction_surveys", "Отправить анкеты удовлетворённости"),
        ("include_in_pairs_order", "Включить в приказ о закреплении"),
    ]
