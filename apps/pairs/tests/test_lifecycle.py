"""A pair's life: a mentee leaves a group, pairs end and re-form, paper consents are recorded, history stays."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind
from apps.mentees.models import MenteeStatus
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import Pair, PairMentee, PairStatus
from apps.pairs.selectors import dissolved_pairings, mentor_load
from apps.pairs.services import (
    pair_consent_record_paper,
    pair_end,
    pair_membership_delete,
    pair_remove_mentee,
)
from apps.pairs.tests.factories import make_active_pair, make_pair

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=40)


def group(school, size=2, capacity=2):
    mentor = MentorFactory(teacher__school=school, capacity=capacity)
    mentees = [MenteeFactory(teacher__school=school, teacher__last_name=f"Наставляемая{n}") for n in range(size)]
    return make_active_pair(mentor=mentor, mentees=mentees, started_on=STARTED), mentees


# --- removing a mentee ---------------------------------------------------------------------


def test_a_mentee_leaves_a_group_with_date_and_reason_and_waits_again(school_a):
    pair, (leaving, staying) = group(school_a)
    left_on = TODAY - datetime.timedelta(days=3)

    membership = pair_remove_mentee(pair=pair, mentee=leaving, left_on=left_on, reason="Перевод в другую школу")

    assert (membership.left_on, membership.left_reason) == (left_on, "Перевод в другую школу")
    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert leaving.status == MenteeStatus.WAITING
    assert staying.status == MenteeStatus.PAIRED
    assert mentor_load(pair.mentor) == 1  # the place is free again
    assert pair.missing_consents() == []  # the leaver's consent is not asked for any more
    # History stays: both memberships are there, the pair still works.
    assert pair.memberships.count() == 2
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE


def test_removing_a_mentee_needs_a_reason(school_a):
    pair, (leaving, _) = group(school_a)
    with pytest.raises(ValidationError, match="Укажите причину выхода наставляемого из пары."):
        pair_remove_mentee(pair=pair, mentee=leaving, left_on=TODAY, reason="  ")


def test_the_last_mentee_is_not_removed_the_pair_is_ended_instead(school_a):
    pair, (only,) = group(school_a, size=1)
    with pytest.raises(ValidationError, match="В паре не останется наставляемых: завершите или расформируйте пару целиком."):
        pair_remove_mentee(pair=pair, mentee=only, left_on=TODAY, reason="Уволилась")


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (1, "Дата выхода из пары не может быть в будущем."),
        (-41, "Дата выхода не может быть раньше начала работы пары"),
    ],
)
def test_the_leaving_date_is_within_the_pairs_work(school_a, days, message):
    pair, (leaving, _) = group(school_a)
    with pytest.raises(ValidationError, match=message):
        pair_remove_mentee(pair=pair, mentee=leaving, left_on=TODAY + datetime.timedelta(days=days), reason="Перевод")


def test_only_a_current_member_of_an_open_pair_can_be_removed(school_a):
    pair, (_, staying) = group(school_a)
    stranger = MenteeFactory(teacher__school=school_a, teacher__last_name="Чужая")
    with pytest.raises(ValidationError, match="Чужая А.П. не состоит в этой паре или группе."):
        pair_remove_mentee(pair=pair, mentee=stranger, left_on=TODAY, reason="Ошибка")
    pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=TODAY)
    with pytest.raises(ValidationError, match="Пара уже завершена или расформирована: её состав не меняется."):
        pair_remove_mentee(pair=pair, mentee=staying, left_on=TODAY, reason="Перевод")


def test_a_working_pair_keeps_its_rows_only_a_forming_one_may_lose_a_mistaken_row(school_a):
    pair, _ = group(school_a)
    with pytest.raises(ValidationError, match="Из работающей или завершённой пары наставляемого не удаляют: укажите дату и причину выхода."):
        pair_membership_delete(membership=pair.memberships.first())

    draft = make_pair(school=school_a, started_on=STARTED)
    mentee = draft.memberships.get().mentee
    pair_membership_delete(membership=draft.memberships.get())
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.WAITING


# --- ending and re-pairing -------------------------------------------------------------------


def test_a_removed_mentee_can_be_paired_again_and_the_failed_combinations_are_known(school_a):
    pair, (leaving, _) = group(school_a)
    pair_remove_mentee(pair=pair, mentee=leaving, left_on=TODAY, reason="Не сложилось общение")
    other_mentor = MentorFactory(teacher__school=school_a)

    again = make_pair(mentor=other_mentor, mentees=[leaving], started_on=TODAY)

    leaving.refresh_from_db()
    assert leaving.status == MenteeStatus.PAIRED
    assert again.memberships.get().mentee == leaving
    assert leaving.memberships.count() == 2
    assert dissolved_pairings(school=school_a) == {(pair.mentor_id, leaving.pk)}


def test_a_dissolved_pair_is_history_the_matching_can_read(school_a, school_b):
    mentor = MentorFactory(teacher__school=school_a, capacity=1)
    mentee = MenteeFactory(teacher__school=school_a)
    dissolved = make_active_pair(mentor=mentor, mentees=[mentee], started_on=STARTED)
    pair_end(pair=dissolved, status=PairStatus.DISSOLVED, ended_on=TODAY, reason="Несовместимость графиков")
    completed = make_active_pair(school=school_a, started_on=STARTED)
    pair_end(pair=completed, status=PairStatus.COMPLETED, ended_on=TODAY)
    elsewhere = make_active_pair(school=school_b, started_on=STARTED)
    pair_end(pair=elsewhere, status=PairStatus.DISSOLVED, ended_on=TODAY, reason="Уволился")

    # The combination is recorded where the matching looks for it, with the reason kept on the pair.
    combination = PairMentee.objects.get(pair__status=PairStatus.DISSOLVED, pair__school=school_a)
    assert (combination.pair.mentor_id, combination.mentee_id) == (mentor.pk, mentee.pk)
    assert combination.pair.end_reason == "Несовместимость графиков"
    assert dissolved_pairings(school=school_a) == {(mentor.pk, mentee.pk)}

    # The same mentee with another mentor, and the same mentor with another mentee, are fine.
    new_pair = make_active_pair(mentor=MentorFactory(teacher__school=school_a), mentees=[mentee], started_on=TODAY)
    assert new_pair.status == PairStatus.ACTIVE
    assert make_pair(mentor=mentor, mentees=[MenteeFactory(teacher__school=school_a)], started_on=TODAY).pk


# --- consents recorded from paper -------------------------------------------------------------


def test_paper_consents_are_recorded_for_the_participants_only(school_a, curator_a):
    pair = make_pair(school=school_a, started_on=STARTED)
    mentee_teacher = pair.memberships.get().mentee.teacher

    consent = pair_consent_record_paper(pair=pair, teacher=mentee_teacher, kind=ConsentKind.MENTEE_ASSIGNMENT, recorded_by=curator_a)
    assert (consent.source, consent.recorded_by, consent.pair) == (Consent.Source.PAPER, curator_a, pair)

    with pytest.raises(ValidationError, match="не участвует в этой паре или это согласие ему не нужно"):
        pair_consent_record_paper(pair=pair, teacher=mentee_teacher, kind=ConsentKind.MENTOR_DUTIES, recorded_by=curator_a)
    outsider = MenteeFactory(teacher__school=school_a).teacher
    with pytest.raises(ValidationError, match="не участвует в этой паре"):
        pair_consent_record_paper(pair=pair, teacher=outsider, kind=ConsentKind.MENTEE_ASSIGNMENT, recorded_by=curator_a)


def admin_url(name, *args):
    return reverse(f"admin:pairs_pair_{name}", args=args)


def test_the_curator_records_a_missing_consent_from_the_pair_page_and_starts_work(client, curator_a, school_a):
    pair = make_pair(school=school_a, started_on=STARTED)
    mentor_teacher = pair.mentor.teacher
    client.force_login(curator_a)

    page = client.get(admin_url("change", pair.pk)).content.decode()
    assert "Внести: подписано на бумаге" in page
    record = admin_url("record_consent", pair.pk)
    assert f'href="{record}?teacher={mentor_teacher.pk}"' in page

    response = client.post(record, {"items": [f"{mentor_teacher.pk}:mentor_duties"], "signed_on": TODAY.isoformat()}, follow=True)
    assert (
        f"Внесены согласия, подписанные на бумаге {TODAY:%d.%m.%Y}: {mentor_teacher.short_name} — "
        "согласие на возложение обязанностей наставника." in response.content.decode()
    )
    consent = Consent.objects.get(teacher=mentor_teacher, pair=pair)
    assert (consent.source, consent.recorded_by) == (Consent.Source.PAPER, curator_a)

    # The rest at once, by the list action (confirmed on its page); then «Начать работу» succeeds.
    changelist = admin_url("changelist")
    selected = {admin.helpers.ACTION_CHECKBOX_NAME: [pair.pk], "post": "yes"}
    client.post(changelist, {"action": "record_paper_consents", "signed_on": TODAY.isoformat(), **selected})
    client.post(changelist, {"action": "activate_pairs", **selected})
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE


def test_consents_of_another_schools_pair_cannot_be_recorded(client, curator_a, school_b):
    pair = make_pair(school=school_b, started_on=STARTED)
    client.force_login(curator_a)
    assert client.get(admin_url("record_consent", pair.pk)).status_code == 404
    response = client.post(admin_url("record_consent", pair.pk), {"items": [f"{pair.mentor.teacher_id}:mentor_duties"], "signed_on": TODAY.isoformat()})
    assert response.status_code == 404
    assert not Consent.objects.filter(pair=pair).exists()


def test_the_director_sees_missing_consents_without_buttons_and_cannot_record(client, director_a, school_a):
    pair = make_pair(school=school_a, started_on=STARTED)
    client.force_login(director_a)
    page = client.get(admin_url("change", pair.pk)).content.decode()
    assert "согласие на возложение обязанностей наставника" in page
    assert "Внести: подписано на бумаге" not in page
    response = client.post(admin_url("record_consent", pair.pk), {"items": [f"{pair.mentor.teacher_id}:mentor_duties"], "signed_on": TODAY.isoformat()})
    assert response.status_code == 403
    assert not Consent.objects.filter(pair=pair).exists()


def inline_data(pair, memberships, **changes):
    """The pair's change form as the admin posts it, memberships with their current values and `changes`."""
    data = {
        "school": pair.school_id,
        "mentor": pair.mentor_id,
        "form": pair.form_id,
        "status": pair.status,
        "started_on": pair.started_on.strftime("%d.%m.%Y"),
        "planned_end_on": pair.planned_end_on.strftime("%d.%m.%Y"),
        "ended_on": "",
        "end_reason": "",
        "memberships-TOTAL_FORMS": str(len(memberships)),
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
                f"memberships-{n}-joined_on": membership.joined_on.strftime("%d.%m.%Y"),
                f"memberships-{n}-left_on": "",
                f"memberships-{n}-left_reason": "",
            }
        )
    data.update(changes)
    return data


def test_the_admin_removes_a_mentee_through_the_service_and_asks_for_the_reason(client, curator_a, school_a):
    pair, (leaving, _) = group(school_a)
    memberships = list(pair.memberships.order_by("pk"))
    leaving_row = next(n for n, m in enumerate(memberships) if m.mentee_id == leaving.pk)
    client.force_login(curator_a)
    day = TODAY.strftime("%d.%m.%Y")

    response = client.post(admin_url("change", pair.pk), inline_data(pair, memberships, **{f"memberships-{leaving_row}-left_on": day}))
    assert response.status_code == 200
    assert "Укажите причину выхода наставляемого из пары." in response.content.decode()

    response = client.post(
        admin_url("change", pair.pk),
        inline_data(pair, memberships, **{f"memberships-{leaving_row}-left_on": day, f"memberships-{leaving_row}-left_reason": "Декретный отпуск"}),
    )
    assert response.status_code == 302
    membership = PairMentee.objects.get(pair=pair, mentee=leaving)
    assert (membership.left_on, membership.left_reason) == (TODAY, "Декретный отпуск")
    leaving.refresh_from_db()
    assert leaving.status == MenteeStatus.WAITING
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.ACTIVE
