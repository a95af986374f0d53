"""The curator's pair page as one flow, through its real URLs: the strip with the next action, the pages that
ask before they write (paper consents per person, «Завершить»), the list actions' confirmation pages."""

import datetime
import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind
from apps.consents.services import consent_give, consent_withdraw
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import Pair, PairStatus
from apps.pairs.services import pair_membership_delete
from apps.pairs.tests.factories import give_pair_consents, login_for, make_active_pair, make_pair
from apps.programmes.models import Activity
from apps.programmes.services import programme_create_from_template

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=40)
CHANGELIST = reverse("admin:pairs_pair_changelist")
SELECTED = admin.helpers.ACTION_CHECKBOX_NAME


def url(name, pair):
    return reverse(f"admin:pairs_pair_{name}", args=[pair.pk])


def strip(client, pair) -> str:
    """The flow's strip on the pair's page, as text without tags."""
    page = client.get(url("change", pair)).content.decode()
    found = re.search(r'<section class="pair-flow".*?</section>', page, re.S)
    assert found, "no flow strip on the pair page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).strip()


def current_stage(client, pair) -> str:
    page = client.get(url("change", pair)).content.decode()
    return re.search(r'<li aria-current="step"><span class="pair-flow-stage pair-flow-current">(.*?)</span>', page).group(1)


@pytest.fixture
def group(school_a):
    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Орлова", teacher__first_name="Галина", teacher__patronymic="Викторовна", capacity=3)
    mentees = [
        MenteeFactory(teacher__school=school_a, teacher__last_name="Петрова", teacher__first_name="Анна", teacher__patronymic="Сергеевна"),
        MenteeFactory(teacher__school=school_a, teacher__last_name="Иванов", teacher__first_name="Илья", teacher__patronymic="Игоревич"),
    ]
    return make_pair(mentor=mentor, mentees=mentees, started_on=STARTED)


# --- the names -------------------------------------------------------------------------------------


def test_a_pair_is_named_by_its_mentor_and_mentees_so_two_pairs_of_one_mentor_differ(school_a, group):
    assert str(group) == "Орлова Г.В. → Иванов И.И., Петрова А.С."
    other = make_pair(mentor=group.mentor, mentees=[MenteeFactory(teacher__school=school_a, teacher__last_name="Белых")], started_on=STARTED)
    assert str(other).startswith("Орлова Г.В. → Белых ")
    assert str(other) != str(group)
    leaving = group.memberships.get(mentee__teacher__last_name="Иванов")
    pair_membership_delete(membership=leaving)
    assert str(Pair.objects.get(pk=group.pk)) == "Орлова Г.В. → Петрова А.С."


def test_the_pair_list_and_picker_name_pairs_in_a_fixed_number_of_queries(client, curator_a, school_a, django_assert_max_num_queries):
    make_pair(school=school_a, started_on=STARTED)
    client.force_login(curator_a)
    autocomplete = reverse("admin:autocomplete") + "?app_label=documents&model_name=order&field_name=pairs"
    with django_assert_max_num_queries(40) as few:
        assert client.get(CHANGELIST).status_code == 200
    with django_assert_max_num_queries(20) as picker_few:
        assert client.get(autocomplete).status_code == 200
    for _ in range(10):
        mentor = MentorFactory(teacher__school=school_a, capacity=2)
        make_pair(mentor=mentor, mentees=[MenteeFactory(teacher__school=school_a) for _ in range(2)], started_on=STARTED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(CHANGELIST).content.decode()
    with django_assert_max_num_queries(len(picker_few.captured_queries)):
        found = client.get(autocomplete).json()["results"]
    assert page.count('class="action-select"') == 11
    assert len(found) == 11 and all(" → " in item["text"] for item in found)
    assert sum(item["text"].count(", ") == 1 for item in found) == 10  # the groups name both mentees


# --- the strip: one next action --------------------------------------------------------------------


def test_the_strip_leads_a_pair_from_forming_to_the_end(client, curator_a, school_a, group):
    client.force_login(curator_a)
    text = strip(client, group)
    assert "сформирована" in text and "согласия" in text and "работает" in text and "завершена" in text
    assert current_stage(client, group) == "сформирована"
    assert (
        "Нет согласий: Орлова Г.В. — согласие на возложение обязанностей наставника; Иванов И.И. — согласие на закрепление "
        "наставника; Петрова А.С. — согласие на закрепление наставника; Орлова Г.В. — согласие на обработку персональных "
        "данных; Иванов И.И. — согласие на обработку персональных данных; Петрова А.С. — согласие на обработку "
        "персональных данных." in text
    )
    assert "Внести согласия, подписанные на бумаге" in text

    give_pair_consents(group)
    text = strip(client, group)
    assert current_stage(client, group) == "согласия"
    assert "Согласия получены от всех участников" in text and "Начать работу" in text
    page = client.get(url("change", group)).content.decode()
    assert "Нет согласий" not in page and "все согласия получены" not in page
    assert f"Орлова Г.В. — согласие на возложение обязанностей наставника: получено {TODAY:%d.%m.%Y} (на бумаге)" in page

    response = client.post(url("start", group), follow=True)
    assert f"Пара «{group}» начала работу." in response.content.decode()
    group.refresh_from_db()
    assert group.status == PairStatus.ACTIVE
    assert current_stage(client, group) == "работает"
    assert "Создать программу по шаблону" in strip(client, group)

    programme_create_from_template(pair=group)
    for teacher in (group.mentor.teacher, *(m.mentee.teacher for m in group.memberships.all())):
        consent_give(teacher=teacher, kind=ConsentKind.PERSONAL_DATA)  # the banks' consent, which a pairs order asks too
    assert "Включить в приказ о закреплении" in strip(client, group)
    client.post(reverse("documents:pair_order_include", args=[group.pk]))
    text = strip(client, group)
    assert "Завершить" in text and "Включить в приказ" not in text

    client.post(url("end", group), {"status": PairStatus.COMPLETED, "reason": "Программа пройдена"})
    group.refresh_from_db()
    assert (group.status, group.ended_on, group.end_reason) == (PairStatus.COMPLETED, TODAY, "Программа пройдена")
    text = strip(client, group)
    assert current_stage(client, group) == "завершена"
    assert f"Пара завершена {TODAY:%d.%m.%Y}." in text and "button" not in text


def test_a_forming_pair_without_mentees_cannot_start_and_the_strip_says_why(client, curator_a, school_a):
    pair = make_pair(school=school_a, started_on=STARTED)
    pair_membership_delete(membership=pair.memberships.get())
    give_pair_consents(pair)
    client.force_login(curator_a)
    assert "В паре нет наставляемых" in strip(client, pair)
    response = client.post(url("start", pair), follow=True)
    assert "Пара не может начать работу: в ней нет наставляемых." in response.content.decode()
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.DRAFT


def test_the_director_sees_the_strip_without_buttons(client, director_a, school_a, group):
    client.force_login(director_a)
    text = strip(client, group)
    assert "Следующий шаг — «Внести согласия, подписанные на бумаге»: его делает куратор наставничества." in text
    give_pair_consents(group)
    page = client.get(url("change", group)).content.decode()
    assert url("start", group) not in page
    assert client.post(url("start", group)).status_code == 403
    assert Pair.objects.get(pk=group.pk).status == PairStatus.DRAFT


# --- paper consents: who and what, dated, before anything is written ----------------------------------


def test_the_consent_page_names_who_and_what_and_writes_nothing_on_get(client, curator_a, group):
    mentee = group.memberships.get(mentee__teacher__last_name="Петрова").mentee.teacher
    client.force_login(curator_a)
    response = client.get(url("record_consent", group) + f"?teacher={mentee.pk}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Орлова Галина Викторовна — согласие на возложение обязанностей наставника" in page
    assert "Петрова Анна Сергеевна — согласие на закрепление наставника" in page
    assert "Иванов Илья Игоревич — согласие на закрепление наставника" in page
    assert re.search(rf'value="{mentee.pk}:mentee_assignment"[^>]*checked', page)
    # only the person whose button was pressed: her consent to the pair and to the processing of her data
    assert len(re.findall(r'name="items"[^>]*checked', page)) == 2
    assert re.search(rf'value="{mentee.pk}:personal_data"[^>]*checked', page)
    assert f'value="{TODAY.isoformat()}"' in page
    assert not Consent.objects.filter(pair=group).exists()


def test_only_the_ticked_consents_are_recorded_with_the_papers_date(client, curator_a, group):
    mentee = group.memberships.get(mentee__teacher__last_name="Петрова").mentee.teacher
    signed = TODAY - datetime.timedelta(days=3)
    client.force_login(curator_a)
    response = client.post(url("record_consent", group), {"items": [f"{mentee.pk}:mentee_assignment"], "signed_on": signed.isoformat()})
    assert response.status_code == 302 and response["Location"] == url("change", group)
    consent = Consent.objects.get(pair=group)
    assert (consent.teacher, consent.kind, consent.source, timezone.localtime(consent.given_at).date()) == (
        mentee,
        ConsentKind.MENTEE_ASSIGNMENT,
        Consent.Source.PAPER,
        signed,
    )
    assert len(group.missing_consent_items()) == 2


@pytest.mark.parametrize(
    "data, error",
    [
        ({"signed_on": TODAY.isoformat()}, "Отметьте, чьи подписанные согласия у вас на руках."),
        ({"items": ["999999:mentor_duties"], "signed_on": TODAY.isoformat()}, "Этого согласия нет среди недостающих: обновите страницу."),
        ({"items": ["MENTOR"], "signed_on": ""}, "Укажите дату подписи."),
        ({"items": ["MENTOR"], "signed_on": "31.02.2026"}, "Введите дату в формате ДД.ММ.ГГГГ."),
        ({"items": ["MENTOR"], "signed_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "Дата подписи не может быть в будущем."),
    ],
)
def test_the_consent_page_answers_bad_input_in_russian(client, curator_a, group, data, error):
    data = {k: [f"{group.mentor.teacher_id}:mentor_duties" if v == "MENTOR" else v for v in value] if isinstance(value, list) else value for k, value in data.items()}
    client.force_login(curator_a)
    response = client.post(url("record_consent", group), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Consent.objects.filter(pair=group).exists()


def test_with_every_consent_in_the_consent_page_sends_back_to_the_pair(client, curator_a, group):
    give_pair_consents(group)
    client.force_login(curator_a)
    response = client.get(url("record_consent", group), follow=True)
    assert "Все согласия участников этой пары уже внесены." in response.content.decode()


# --- «Завершить»: the pair named, open activities warned about --------------------------------------


def test_the_end_page_names_the_pair_warns_about_open_activities_and_writes_nothing_on_get(client, curator_a, school_a):
    pair = make_active_pair(school=school_a, started_on=STARTED)
    programme = programme_create_from_template(pair=pair)
    first = programme.activities.order_by("due_date", "pk").first()
    Activity.objects.filter(programme=programme).exclude(pk=first.pk).update(done=True, done_on=TODAY)
    client.force_login(curator_a)
    response = client.get(url("end", pair))
    page = response.content.decode()
    assert response.status_code == 200
    assert str(pair) in page
    assert "Не выполнено мероприятий программы: 1." in page and first.title in page
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.ACTIVE

    response = client.post(url("end", pair), {"status": "nonsense"})
    assert "Выберите один из вариантов." in response.content.decode()
    name = str(pair)
    response = client.post(url("end", pair), {"status": PairStatus.DISSOLVED, "reason": "Наставник уволился"}, follow=True)
    assert f"Пара «{name}» расформирована {TODAY:%d.%m.%Y}." in response.content.decode()
    pair.refresh_from_db()
    assert (pair.status, pair.end_reason) == (PairStatus.DISSOLVED, "Наставник уволился")
    response = client.post(url("end", pair), {"status": PairStatus.COMPLETED}, follow=True)
    assert "Пара уже расформирована." in response.content.decode()
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.DISSOLVED


# --- who may: another school's pair is not found, a teacher is not let in ---------------------------


@pytest.mark.parametrize("name", ["record_consent", "start", "end"])
def test_another_schools_pair_is_404_and_a_teacher_is_sent_to_log_in(client, curator_b, teacher_user, group, name):
    give_pair_consents(group) if name == "start" else None
    client.force_login(curator_b)
    assert client.get(url(name, group)).status_code in (404, 405)
    assert client.post(url(name, group), {"status": PairStatus.COMPLETED}).status_code == 404
    client.force_login(teacher_user)
    assert client.post(url(name, group), {"status": PairStatus.COMPLETED}).url.startswith("/admin/login/")
    group.refresh_from_db()
    assert group.status == PairStatus.DRAFT
    assert Consent.objects.filter(pair=group).count() == (3 if name == "start" else 0)


def test_a_mentor_of_the_pair_cannot_press_the_curators_buttons(client, group):
    give_pair_consents(group)
    client.force_login(login_for(group.mentor.teacher))
    assert client.post(url("start", group)).url.startswith("/admin/login/")
    assert Pair.objects.get(pk=group.pk).status == PairStatus.DRAFT


def test_start_is_a_post(client, curator_a, group):
    give_pair_consents(group)
    client.force_login(curator_a)
    assert client.get(url("start", group)).status_code == 405
    assert Pair.objects.get(pk=group.pk).status == PairStatus.DRAFT


# --- the list actions: what will happen per pair, before it happens -----------------------------------


def test_bulk_consents_list_who_gets_which_consent_and_write_only_when_confirmed(client, curator_a, school_a, group):
    done = make_pair(school=school_a, started_on=STARTED)
    give_pair_consents(done)
    client.force_login(curator_a)
    response = client.post(CHANGELIST, {"action": "record_paper_consents", SELECTED: [group.pk, done.pk]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "будет внесено: Иванов И.И. — согласие на закрепление наставника" in page
    assert "будет внесено: Орлова Г.В. — согласие на возложение обязанностей наставника" in page
    assert f"<strong>{done}</strong>: все согласия уже внесены" in page
    assert not Consent.objects.filter(pair=group).exists()

    response = client.post(CHANGELIST, {"action": "record_paper_consents", SELECTED: [group.pk], "post": "yes", "signed_on": "завтра"})
    assert "Введите дату в формате ДД.ММ.ГГГГ." in response.content.decode()
    assert not Consent.objects.filter(pair=group).exists()

    client.post(CHANGELIST, {"action": "record_paper_consents", SELECTED: [group.pk], "post": "yes", "signed_on": TODAY.isoformat()})
    assert Consent.objects.filter(pair=group, source=Consent.Source.PAPER).count() == 3


def test_bulk_start_lists_which_pairs_start_and_which_are_skipped_and_why(client, curator_a, school_a, group):
    ready = make_pair(school=school_a, started_on=STARTED)
    give_pair_consents(ready)
    client.force_login(curator_a)
    page = client.post(CHANGELIST, {"action": "activate_pairs", SELECTED: [group.pk, ready.pk]}).content.decode()
    assert f"<strong>{ready}</strong>" in page and "начнёт работу" in page
    assert f"<strong>{group}</strong>: нет согласий: Орлова Г.В. — согласие на возложение обязанностей наставника" in page
    assert f'name="{SELECTED}" value="{ready.pk}"' in page and f'name="{SELECTED}" value="{group.pk}"' not in page
    assert set(Pair.objects.values_list("status", flat=True)) == {PairStatus.DRAFT}

    client.post(CHANGELIST, {"action": "activate_pairs", SELECTED: [ready.pk], "post": "yes"})
    assert Pair.objects.get(pk=ready.pk).status == PairStatus.ACTIVE
    assert Pair.objects.get(pk=group.pk).status == PairStatus.DRAFT


def test_bulk_complete_warns_about_open_activities_before_it_closes(client, curator_a, school_a):
    pair = make_active_pair(school=school_a, started_on=STARTED)
    programme = programme_create_from_template(pair=pair)
    total = programme.activities.count()
    client.force_login(curator_a)
    page = client.post(CHANGELIST, {"action": "complete_pairs", SELECTED: [pair.pk]}).content.decode()
    assert f"Внимание: не выполнено мероприятий программы: {total} из {total}" in page
    assert f"будет завершена {TODAY:%d.%m.%Y}" in page
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.ACTIVE
    client.post(CHANGELIST, {"action": "complete_pairs", SELECTED: [pair.pk], "post": "yes", "reason": ""})
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.COMPLETED


def test_a_confirmation_page_of_pairs_makes_a_fixed_number_of_queries(client, curator_a, school_a, django_assert_max_num_queries):
    pairs = [make_pair(school=school_a, started_on=STARTED)]
    client.force_login(curator_a)
    with django_assert_max_num_queries(40) as few:
        client.post(CHANGELIST, {"action": "record_paper_consents", SELECTED: [p.pk for p in pairs]})
    for _ in range(10):
        pairs.append(make_pair(mentor=MentorFactory(teacher__school=school_a, capacity=2), mentees=[MenteeFactory(teacher__school=school_a) for _ in range(2)], started_on=STARTED))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.post(CHANGELIST, {"action": "record_paper_consents", SELECTED: [p.pk for p in pairs]}).content.decode()
    assert page.count("будет внесено:") == 1 * 2 + 10 * 3


# --- the consent to the processing of personal data: a pairs order asks for it, so the strip collects it ----


def test_the_strip_collects_a_missing_personal_data_consent_the_pairs_order_asks_for(client, curator_a, group):
    give_pair_consents(group)
    mentor = group.mentor.teacher
    consent_withdraw(consent=Consent.objects.active().get(teacher=mentor, kind=ConsentKind.PERSONAL_DATA))
    client.force_login(curator_a)
    text = strip(client, group)
    assert "Нет согласий: Орлова Г.В. — согласие на обработку персональных данных." in text
    assert "Внести согласия, подписанные на бумаге" in text
    page = client.get(url("record_consent", group)).content.decode()
    assert "Орлова Галина Викторовна — согласие на обработку персональных данных" in page
    signed = TODAY - datetime.timedelta(days=1)
    response = client.post(url("record_consent", group), {"items": [f"{mentor.pk}:personal_data"], "signed_on": signed.isoformat()})
    assert response.status_code == 302
    consent = Consent.objects.active().get(teacher=mentor, kind=ConsentKind.PERSONAL_DATA)
    assert consent.pair is None and consent.source == Consent.Source.PAPER  # it covers all her records, not this pair only
    assert "Нет согласий" not in strip(client, group) and "Начать работу" in strip(client, group)
