"""A pair's programme from the template of its mentoring form: content, difficulties from requests, dates spread over the period."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.catalogues.models import MentoringForm, Request
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.services import pair_create
from apps.pairs.tests.factories import make_pair
from apps.programmes.models import Activity, Meeting, Programme, ProgrammeTemplate
from apps.programmes.services import (
    activity_due_date,
    programme_create_from_template,
    programme_template_copy,
    template_for_pair,
)
from apps.schools.tests.factories import PartnerOrganisationFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 10, 1)


def test_every_mentoring_form_has_a_common_template_with_a_plan():
    for form in MentoringForm.objects.all():
        template = ProgrammeTemplate.objects.get(school=None, form=form)
        assert template.goals.startswith("Цель:")
        assert template.directions and template.forms_of_work and template.expected_outcome
        plan = list(template.activities.all())
        assert len(plan) >= 6
        assert plan[-1].month == template.months
        assert "анкет" in plan[-1].title  # the final meeting with the satisfaction questionnaires


def test_the_programme_takes_the_template_and_the_mentees_requests(school_a):
    requests = list(Request.objects.filter(school=None, name__in=["Подготовка обучающихся к ГИА", "Поддержание дисциплины на уроке"]))
    first = MenteeFactory(teacher__school=school_a, teacher__last_name="Гоголь", requests_text="Впервые веду 9 класс.")
    first.requests.set(requests)
    second = MenteeFactory(teacher__school=school_a, teacher__last_name="Белых")
    mentor = MentorFactory(teacher__school=school_a, teacher__last_name="Лебедева", capacity=2)
    pair = make_pair(mentor=mentor, mentees=[first, second], started_on=START, months=9)

    programme = programme_create_from_template(pair=pair)

    template = ProgrammeTemplate.objects.get(school=None, form__code="teacher-teacher")
    assert programme.title == "Персонализированная программа наставничества: Лебедева М.П. — Белых А.П., Гоголь А.П."
    assert (programme.goals, programme.directions, programme.forms_of_work, programme.expected_outcome) == (
        template.goals,
        template.directions,
        template.forms_of_work,
        template.expected_outcome,
    )
    assert (programme.starts_on, programme.ends_on) == (pair.started_on, pair.planned_end_on)
    lines = programme.difficulties.splitlines()
    assert lines[0] == "Белых А.П.: запросы не указаны — уточните на первой встрече."
    assert lines[1].startswith("Гоголь А.П.: ")
    assert "Поддержание дисциплины на уроке" in lines[1] and "Подготовка обучающихся к ГИА" in lines[1]
    assert lines[1].endswith("Своими словами: «Впервые веду 9 класс.»")


def test_activities_are_spread_over_the_pairs_period_by_month(school_a):
    pair = make_pair(school=school_a, started_on=START, months=9)  # 01.10.2025 — 01.07.2026
    programme = programme_create_from_template(pair=pair)
    template = template_for_pair(pair)

    activities = list(programme.activities.order_by("order"))
    assert [a.title for a in activities] == [t.title for t in template.activities.all()]
    assert [a.expected_result for a in activities] == [t.expected_result for t in template.activities.all()]
    # Month N ends the day before the same date N months later.
    assert activities[0].due_date == datetime.date(2025, 10, 31)
    assert activities[2].due_date == datetime.date(2025, 11, 30)  # month 2
    assert activities[-1].due_date == datetime.date(2026, 6, 30)  # month 9, before the planned end
    assert all(pair.started_on <= a.due_date <= pair.planned_end_on for a in activities)
    assert [a.due_date for a in activities] == sorted(a.due_date for a in activities)
    assert not any(a.done for a in activities)


def test_a_shorter_pair_squeezes_the_plan_into_its_period(school_a):
    pair = make_pair(school=school_a, started_on=START, months=3)  # the school's minimum
    programme = programme_create_from_template(pair=pair)
    dates = [a.due_date for a in programme.activities.order_by("order")]
    assert dates[0] == datetime.date(2025, 10, 31)
    assert dates[-1] == datetime.date(2025, 12, 31)
    assert all(START <= day <= pair.planned_end_on for day in dates)


@pytest.mark.parametrize(
    ("month", "template_months", "end", "due"),
    [
        (1, 9, datetime.date(2026, 7, 1), datetime.date(2025, 10, 31)),
        (9, 9, datetime.date(2026, 7, 1), datetime.date(2026, 6, 30)),
        (9, 9, datetime.date(2026, 1, 1), datetime.date(2025, 12, 31)),  # 3 months: month 9 → 3
        (4, 9, datetime.date(2026, 1, 1), datetime.date(2025, 11, 30)),  # month 4 of 9 → 2 of 3
        (3, 3, datetime.date(2025, 12, 15), datetime.date(2025, 11, 30)),  # 2½ months: the last month is the 2nd
    ],
)
def test_due_dates(month, template_months, end, due):
    assert activity_due_date(month=month, template_months=template_months, starts_on=START, ends_on=end) == due


def test_a_pair_gets_one_programme_from_a_template_of_its_own_form(school_a, school_b):
    pair = make_pair(school=school_a, started_on=START)
    programme_create_from_template(pair=pair)
    with pytest.raises(ValidationError, match="У этой пары уже есть программа."):
        programme_create_from_template(pair=pair)

    other = make_pair(school=school_a, started_on=START)
    wrong_form = ProgrammeTemplate.objects.get(school=None, form__code="head-teacher")
    with pytest.raises(ValidationError, match="Шаблон составлен для другой формы наставничества."):
        programme_create_from_template(pair=other, template=wrong_form)
    foreign = programme_template_copy(template=template_for_pair(other), school=school_b)
    with pytest.raises(ValidationError, match="Шаблон относится к другой организации."):
        programme_create_from_template(pair=other, template=foreign)


def test_the_schools_own_copy_is_used_and_can_be_edited(school_a, school_b):
    common = ProgrammeTemplate.objects.get(school=None, form__code="teacher-teacher")
    own = programme_template_copy(template=common, school=school_a)
    own.title = "Программа школы А"
    own.save()
    own.activities.filter(month=1).update(title="Собеседование с наставником")
    with pytest.raises(ValidationError, match="У организации уже есть свой шаблон для формы «педагог – педагог»."):
        programme_template_copy(template=common, school=school_a)

    pair_a = make_pair(school=school_a, started_on=START)
    pair_b = make_pair(school=school_b, started_on=START)
    assert template_for_pair(pair_a) == own
    assert template_for_pair(pair_b) == common
    programme = programme_create_from_template(pair=pair_a)
    assert programme.activities.filter(title="Собеседование с наставником").exists()


def test_a_form_without_a_template_is_reported(school_a):
    ProgrammeTemplate.objects.filter(form__code="partner-teacher").delete()
    # The form fits its people: the mentor is a social partner's employee (apps/schools FORM_PARTICIPANTS).
    partner = PartnerOrganisationFactory(school=school_a, kind="enterprise")
    mentor = MentorFactory(teacher__school=school_a, teacher__affiliation="partner", teacher__organisation=partner)
    pair = pair_create(
        school=school_a,
        mentor=mentor,
        mentees=[MenteeFactory(teacher__school=school_a)],
        form=MentoringForm.objects.get(code="partner-teacher"),
        started_on=START,
        planned_end_on=datetime.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError, match="Нет шаблона программы для формы «социальный партнёр – педагог образовательной организации»"):
        programme_create_from_template(pair=pair)


def test_programme_dates_stay_within_the_pairs_period(school_a):
    pair = make_pair(school=school_a, started_on=START, months=8)
    programme = Programme(pair=pair, title="Программа", starts_on=START - datetime.timedelta(days=1), ends_on=pair.planned_end_on)
    with pytest.raises(ValidationError, match="Программа не может начаться раньше, чем пара \\(01.10.2025\\)."):
        programme.full_clean()
    programme.starts_on, programme.ends_on = START, pair.planned_end_on + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="Программа не может закончиться позже планового окончания работы пары \\(01.06.2026\\)."):
        programme.full_clean()

    programme = programme_create_from_template(pair=pair)
    late = Activity(programme=programme, title="Лишнее", due_date=datetime.date(2026, 6, 2))
    with pytest.raises(ValidationError, match="Срок мероприятия должен быть в пределах срока программы: с 01.10.2025 по 01.06.2026."):
        late.full_clean()
    early_meeting = Meeting(programme=programme, held_on=datetime.date(2025, 9, 30), topic="До начала")
    with pytest.raises(ValidationError, match="Встреча не может быть раньше начала программы \\(01.10.2025\\)."):
        early_meeting.full_clean()


def test_the_curator_creates_programmes_by_the_admin_action(client, curator_a, school_a):
    with_programme = make_pair(school=school_a, started_on=START)
    programme_create_from_template(pair=with_programme)
    without = make_pair(school=school_a, started_on=START)
    client.force_login(curator_a)
    changelist = reverse("admin:pairs_pair_changelist")
    assert list(client.get(changelist, {"programme": "none"}).context["cl"].result_list) == [without]

    selected = {"action": "create_programmes", admin.helpers.ACTION_CHECKBOX_NAME: [with_programme.pk, without.pk]}
    page = client.post(changelist, selected).content.decode()  # first the page that says what will happen
    template = template_for_pair(without)
    assert f"<strong>{with_programme}</strong>: программа уже есть" in page
    assert f"программа по шаблону «{template.title}», мероприятий: {template.activities.count()}" in page
    assert not Programme.objects.filter(pair=without).exists()

    response = client.post(changelist, {**selected, admin.helpers.ACTION_CHECKBOX_NAME: [without.pk], "post": "yes"}, follow=True)
    assert "Создано программ по шаблону: 1." in response.content.decode()
    assert Programme.objects.get(pair=without).activities.count() == template_for_pair(without).activities.count()


def test_the_curator_copies_a_common_template_and_edits_only_the_copy(client, curator_a, school_a):
    common = ProgrammeTemplate.objects.get(school=None, form__code="teacher-teacher")
    client.force_login(curator_a)
    changelist = reverse("admin:programmes_programmetemplate_changelist")
    page = client.get(changelist).content.decode()
    assert "общий" in page

    # The common one is read, not edited.
    change = client.get(reverse("admin:programmes_programmetemplate_change", args=[common.pk]))
    assert change.status_code == 200
    assert not change.context["has_change_permission"]

    response = client.post(changelist, {"action": "copy_for_my_school", admin.helpers.ACTION_CHECKBOX_NAME: [common.pk]}, follow=True)
    assert "Создан шаблон организации" in response.content.decode()
    own = ProgrammeTemplate.objects.get(school=school_a, form=common.form)
    assert own.activities.count() == common.activities.count()
    assert client.get(reverse("admin:programmes_programmetemplate_change", args=[own.pk])).context["has_change_permission"]


def test_another_schools_template_is_out_of_reach(client, curator_a, school_b):
    common = ProgrammeTemplate.objects.get(school=None, form__code="teacher-teacher")
    theirs = programme_template_copy(template=common, school=school_b)
    client.force_login(curator_a)
    assert client.get(reverse("admin:programmes_programmetemplate_change", args=[theirs.pk])).status_code == 404
    listing = client.get(reverse("admin:programmes_programmetemplate_changelist")).context["cl"].result_list
    assert theirs not in listing
