"""The matching pages through their real URLs: who may use them, what they show, what confirming creates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.catalogues.models import Competence, MentoringForm, Request
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.matching.models import MatchingSettings
from apps.mentees.models import MenteeStatus
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import Pair, PairStatus
from apps.pairs.services import pair_end
from apps.pairs.tests.factories import make_pair

pytestmark = pytest.mark.django_db

INDEX = reverse("matching:index")
PROPOSE = reverse("matching:propose")
MANUAL = reverse("matching:manual")
WEIGHTS = reverse("matching:weights")

DISCIPLINE = "Поддержание дисциплины на уроке"
PARENTS = "Взаимодействие с родителями обучающихся"
DOCUMENTS = "Ведение школьной документации"


def requests(*names):
    return [Request.objects.get(school=None, name=n) for n in names]


def closing(*request_names):
    """The common competences that close these requests."""
    return list(Competence.objects.filter(requests__in=requests(*request_names)))


def waiting(school, last_name, *request_names, subjects="история", consent=True):
    mentee = MenteeFactory(teacher__school=school, teacher__last_name=last_name, teacher__subjects=subjects)
    mentee.requests.set(requests(*request_names))
    if consent:
        consent_give(teacher=mentee.teacher, kind=ConsentKind.PERSONAL_DATA)
    return mentee


def available(school, last_name, *closes, capacity=2, subjects="география", consent=True, **kwargs):
    mentor = MentorFactory(teacher__school=school, teacher__last_name=last_name, teacher__subjects=subjects, capacity=capacity, **kwargs)
    mentor.competences.set(closing(*closes))
    if consent:
        consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
    return mentor


def row_data(mentee, mentor, *, months=9, started_on=None, form_code="teacher-teacher"):
    prefix = f"r{mentee.pk}"
    return {
        f"{prefix}-mentor": "" if mentor is None else str(mentor.pk),
        f"{prefix}-form": str(MentoringForm.objects.get(code=form_code).pk),
        f"{prefix}-started_on": (started_on or timezone.localdate()).isoformat(),
        f"{prefix}-months": str(months),
    }


def terms_data():
    """The manual form's terms: «педагог – педагог», from today, nine months."""
    return {
        "form": str(MentoringForm.objects.get(code="teacher-teacher").pk),
        "started_on": timezone.localdate().isoformat(),
        "months": "9",
    }


def confirm_data(*rows, mode="best"):
    data = {"mode": mode, "rows": [str(mentee.pk) for mentee, _ in rows]}
    for mentee, mentor in rows:
        data.update(row_data(mentee, mentor))
    return data


# ---------------------------------------------------------------------------
# Access


@pytest.mark.parametrize("url", [INDEX, PROPOSE, MANUAL, reverse("matching:created")])
@pytest.mark.parametrize(
    "who, view_ok, add_ok", [("curator_a", True, True), ("director_a", True, False), ("teacher_user", False, False)]
)
def test_who_may_open_the_pages(client, request, url, who, view_ok, add_ok):
    client.force_login(request.getfixturevalue(who))
    needs_add = url in (PROPOSE, MANUAL)
    allowed = add_ok if needs_add else view_ok
    assert client.get(url).status_code == (200 if allowed else 403)


@pytest.mark.parametrize("url", [INDEX, PROPOSE, MANUAL])
def test_anonymous_goes_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_director_can_neither_confirm_nor_change_weights(client, director_a, school_a):
    mentee = waiting(school_a, "Новикова", DISCIPLINE)
    mentor = available(school_a, "Опытная", DISCIPLINE)
    client.force_login(director_a)
    assert client.post(PROPOSE, confirm_data((mentee, mentor))).status_code == 403
    assert client.post(WEIGHTS, {"requests_weight": 1}).status_code == 403
    assert not Pair.objects.exists()


def test_a_curator_sees_and_pairs_only_their_own_school(client, curator_b, school_a, school_b):
    mentee_a = waiting(school_a, "Новикова", DISCIPLINE)
    mentor_a = available(school_a, "Опытная", DISCIPLINE)
    mentor_b = available(school_b, "Чужая", DISCIPLINE)
    client.force_login(curator_b)

    page = client.get(INDEX).content.decode()
    assert "Новикова" not in page and "Опытная" not in page

    # Ids of the other school posted by hand are ignored, nothing is created.
    client.post(PROPOSE, confirm_data((mentee_a, mentor_a)))
    client.post(PROPOSE, confirm_data((mentee_a, mentor_b)))
    client.post(MANUAL, {**terms_data(), "mentor": mentor_a.pk, "mentees": [mentee_a.pk]})
    assert not Pair.objects.exists()


# ---------------------------------------------------------------------------
# The matching page


def test_suggestions_are_ranked_with_reasons_naming_the_requests(client, curator_a, school_a):
    waiting(school_a, "Новикова", DISCIPLINE, PARENTS, DOCUMENTS, subjects="математика")
    available(school_a, "Лучшая", DISCIPLINE, PARENTS, subjects="математика", capacity=2)
    available(school_a, "Вторая", DISCIPLINE, subjects="физика")
    available(school_a, "Бесполезная", "Работа с одарёнными детьми", subjects="музыка")
    available(school_a, "Без согласия", DISCIPLINE, PARENTS, DOCUMENTS, consent=False)
    available(school_a, "Кандидатка", DISCIPLINE, PARENTS, DOCUMENTS, status="candidate")
    client.force_login(curator_a)

    response = client.get(INDEX)
    (row,) = response.context["rows"]
    suggestions = row.suggestions
    assert [s.mentor.teacher.last_name for s in suggestions] == ["Кандидатка", "Лучшая", "Вторая"]
    page = response.content.decode()
    assert "закрывает 2 из 3 запросов: поддержание дисциплины на уроке; взаимодействие с родителями обучающихся" in page
    assert "тот же предмет: математика" in page
    assert "свободно 2 места из 2" in page
    assert "Бесполезная" not in page and "Без согласия" not in page
    assert "кандидат, не утверждён" in page  # the candidate is shown, marked (tested in full below)
    assert response.context["no_fit"] == []


def test_at_most_five_suggestions_and_full_mentors_left_out(client, curator_a, school_a):
    waiting(school_a, "Новикова", DISCIPLINE)
    for i in range(7):
        available(school_a, f"Наставник{i}", DISCIPLINE)
    full = available(school_a, "Занятая", DISCIPLINE, capacity=1)
    make_pair(mentor=full)
    client.force_login(curator_a)
    (row,) = client.get(INDEX).context["rows"]
    suggestions = row.suggestions
    assert len(suggestions) == 5
    assert "Занятая" not in [s.mentor.teacher.last_name for s in suggestions]


def test_a_mentee_nobody_fits_is_listed_with_the_advice(client, curator_a, school_a):
    waiting(school_a, "Одинокая", "Работа с одарёнными детьми", subjects="астрономия")
    available(school_a, "Опытная", DISCIPLINE)
    client.force_login(curator_a)
    response = client.get(INDEX)
    assert [m.teacher.last_name for m in response.context["no_fit"]] == ["Одинокая"]
    assert "продолжить поиск наставника; организовать психолого-педагогическую поддержку" in response.content.decode()


def test_a_mentee_without_consent_is_not_matched(client, curator_a, school_a):
    waiting(school_a, "Скрытая", DISCIPLINE, consent=False)
    available(school_a, "Опытная", DISCIPLINE)
    client.force_login(curator_a)
    response = client.get(INDEX)
    assert response.context["rows"] == [] and response.context["no_fit"] == []
    assert "Скрытая" not in response.content.decode()


def test_a_dissolved_pairs_mentor_is_not_proposed_again(client, curator_a, school_a):
    mentee = waiting(school_a, "Новикова", DISCIPLINE, PARENTS)
    former = available(school_a, "Бывшая", DISCIPLINE, PARENTS)
    other = available(school_a, "Другая", DISCIPLINE)
    pair = make_pair(mentor=former, mentees=[mentee], started_on=timezone.localdate() - datetime.timedelta(days=30))
    pair_end(pair=pair, status=PairStatus.DISSOLVED, ended_on=timezone.localdate(), reason="Не сложилось общение.")
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.WAITING
    client.force_login(curator_a)

    (row,) = client.get(INDEX).context["rows"]

    suggestions = row.suggestions
    assert [s.mentor for s in suggestions] == [other]
    draft = client.get(PROPOSE, {"mode": "cover"})
    (line,) = draft.context["lines"]
    assert line.form.initial["mentor"] == other.pk
    assert str(former.pk) not in [str(value) for value, _ in line.form.fields["mentor"].choices]


def test_weights_are_saved_per_school_and_change_the_ranking(client, curator_a, school_a):
    waiting(school_a, "Новикова", DISCIPLINE, subjects="математика")
    available(school_a, "Запросы", DISCIPLINE, subjects="физика")
    available(school_a, "Предмет", subjects="математика")
    client.force_login(curator_a)
    (row,) = client.get(INDEX).context["rows"]
    suggestions = row.suggestions
    assert suggestions[0].mentor.teacher.last_name == "Запросы"  # defaults: requests 6, subject 2

    weights = {"requests_weight": 1, "subject_weight": 9, "form_weight": 2, "capacity_weight": 1, "experience_weight": 1, "desired_weight": 3}
    response = client.post(WEIGHTS, weights)
    assert response.status_code == 302
    assert MatchingSettings.objects.get(school=school_a).subject_weight == 9
    (row,) = client.get(INDEX).context["rows"]
    suggestions = row.suggestions
    assert suggestions[0].mentor.teacher.last_name == "Предмет"

    response = client.post(WEIGHTS, {**weights, "subject_weight": 11})
    assert response.status_code == 200
    assert "Убедитесь, что это значение меньше либо равно 10." in response.content.decode()
    assert MatchingSettings.objects.get(school=school_a).subject_weight == 9


# ---------------------------------------------------------------------------
# Propose, edit, confirm


def test_propose_shows_a_draft_and_saves_nothing(client, curator_a, school_a):
    first = waiting(school_a, "Алексеева", DISCIPLINE)
    second = waiting(school_a, "Борисова", PARENTS)
    lonely = waiting(school_a, "Одинокая", "Работа с одарёнными детьми", subjects="астрономия")
    mentor = available(school_a, "Опытная", DISCIPLINE, PARENTS, capacity=2)
    client.force_login(curator_a)

    response = client.get(PROPOSE, {"mode": "best"})

    assert response.status_code == 200
    assert not Pair.objects.exists()
    lines = response.context["lines"]
    assert [line.mentee for line in lines] == [first, second]
    assert all(line.form.initial["mentor"] == mentor.pk for line in lines)
    assert [m for m in response.context["no_fit"]] == [lonely]
    page = response.content.decode()
    assert "закрывает 1 из 1 запроса: поддержание дисциплины на уроке" in page
    assert "не назначать" in page


def test_the_form_follows_the_mentees_wish_when_the_mentor_can_work_in_it(client, curator_a, school_a):
    head_form = MentoringForm.objects.get(code="head-teacher")
    wants_head = waiting(school_a, "Алексеева", DISCIPLINE)
    wants_head.preferred_form = head_form
    wants_head.save()
    also_wants_head = waiting(school_a, "Борисова", PARENTS)
    also_wants_head.preferred_form = head_form
    also_wants_head.save()
    deputy = available(school_a, "Завуч", DISCIPLINE, capacity=1, teacher__position="заместитель директора по учебно-воспитательной работе")
    # The forms a mentor works in are their own answer, not guessed from the position.
    deputy.forms.set([head_form, MentoringForm.objects.get(code="teacher-teacher")])
    teacher = available(school_a, "Учительница", PARENTS, capacity=1)
    client.force_login(curator_a)

    response = client.get(PROPOSE)
    forms = {line.mentee: line.form.initial["form"] for line in response.context["lines"]}
    assert forms == {wants_head: head_form.pk, also_wants_head: MentoringForm.objects.get(code="teacher-teacher").pk}
    assert f"желаемая форма: {head_form.name}" in response.content.decode()
    assert response.context["lines"][0].form.initial["mentor"] == deputy.pk
    assert response.context["lines"][1].form.initial["mentor"] == teacher.pk


def test_confirm_creates_draft_pairs_with_the_chosen_terms(client, curator_a, school_a):
    first = waiting(school_a, "Алексеева", DISCIPLINE)
    second = waiting(school_a, "Борисова", PARENTS)
    skipped = waiting(school_a, "Васильева", PARENTS)
    mentor = available(school_a, "Опытная", DISCIPLINE, PARENTS, capacity=2)
    client.force_login(curator_a)

    data = confirm_data((first, mentor), (second, mentor), (skipped, None))
    data[f"r{second.pk}-form"] = str(MentoringForm.objects.get(code="head-teacher").pk)
    data[f"r{second.pk}-months"] = "6"
    response = client.post(PROPOSE, data)

    assert response.status_code == 302
    pairs = list(Pair.objects.order_by("pk"))
    assert [(p.mentor, p.status, list(p.mentees.all())) for p in pairs] == [
        (mentor, PairStatus.DRAFT, [first]),
        (mentor, PairStatus.DRAFT, [second]),
    ]
    assert pairs[1].form.code == "head-teacher"
    today = timezone.localdate()
    assert pairs[0].started_on == today and (pairs[0].planned_end_on.year * 12 + pairs[0].planned_end_on.month) - (
        today.year * 12 + today.month
    ) == 9
    skipped.refresh_from_db()
    assert skipped.status == MenteeStatus.WAITING

    created = client.get(response.url)
    page = created.content.decode()
    for pair in pairs:
        assert reverse("admin:pairs_pair_change", args=[pair.pk]) in page  # each pair's page, where its next step is
    assert "На странице каждой пары видно, что сделать дальше" in page


def test_over_capacity_rows_get_a_russian_error_and_the_valid_ones_are_created(client, curator_a, school_a):
    first = waiting(school_a, "Алексеева", DISCIPLINE)
    second = waiting(school_a, "Борисова", DISCIPLINE)
    third = waiting(school_a, "Васильева", DISCIPLINE)
    one_place = available(school_a, "Единственная", DISCIPLINE, capacity=1)
    roomy = available(school_a, "Просторная", DISCIPLINE, capacity=2)
    client.force_login(curator_a)

    data = confirm_data((first, one_place), (second, one_place), (third, roomy))
    data[f"r{third.pk}-months"] = "40"  # beyond the school's limit
    response = client.post(PROPOSE, data)

    assert response.status_code == 200
    assert [list(p.mentees.all()) for p in Pair.objects.all()] == [[first]]
    lines = response.context["lines"]
    assert [line.mentee for line in lines] == [second, third]
    assert "свободно мест: 0 из 1; нельзя закрепить ещё 1" in " ".join(lines[0].form.non_field_errors())
    assert lines[1].form.errors["months"] == ["Убедитесь, что это значение меньше либо равно 12."]
    page = response.content.decode()
    assert "Сформировано пар: 1" in page
    assert "Не все пары сформированы" in page
    # The draft lives in the form: fixing the rows and confirming again creates them.
    fixed = confirm_data((second, roomy), (third, roomy))
    assert client.post(PROPOSE, fixed).status_code == 302
    assert Pair.objects.filter(mentor=roomy).count() == 2


def test_confirming_with_nobody_chosen_creates_nothing(client, curator_a, school_a):
    mentee = waiting(school_a, "Алексеева", DISCIPLINE)
    available(school_a, "Опытная", DISCIPLINE)
    client.force_login(curator_a)
    response = client.post(PROPOSE, confirm_data((mentee, None)))
    assert response.status_code == 200
    assert "Не выбран ни один наставник" in response.content.decode()
    assert not Pair.objects.exists()


def test_a_mentor_no_longer_free_is_refused_in_words(client, curator_a, school_a):
    mentee = waiting(school_a, "Алексеева", DISCIPLINE)
    mentor = available(school_a, "Опытная", DISCIPLINE, capacity=1)
    make_pair(mentor=mentor)  # someone took the last place after the draft was shown
    client.force_login(curator_a)
    response = client.post(PROPOSE, confirm_data((mentee, mentor)))
    (line,) = response.context["lines"]
    assert "у него не осталось свободных мест" in line.form.errors["mentor"][0]
    assert Pair.objects.count() == 1


# ---------------------------------------------------------------------------
# By hand


def test_a_group_is_formed_by_hand(client, curator_a, school_a):
    first = waiting(school_a, "Алексеева", DISCIPLINE)
    second = waiting(school_a, "Борисова", "Работа с одарёнными детьми", subjects="астрономия")
    mentor = available(school_a, "Опытная", capacity=2)
    client.force_login(curator_a)
    data = {**terms_data(), "mentor": mentor.pk, "mentees": [first.pk, second.pk]}
    response = client.post(MANUAL, data)
    assert response.status_code == 302
    (pair,) = Pair.objects.all()
    assert set(pair.mentees.all()) == {first, second}
    assert reverse("admin:pairs_pair_change", args=[pair.pk]) in client.get(response.url).content.decode()


def test_by_hand_the_capacity_rule_speaks_russian(client, curator_a, school_a):
    mentees = [waiting(school_a, f"Наставляемая{i}", DISCIPLINE) for i in range(3)]
    mentor = available(school_a, "Опытная", DISCIPLINE, capacity=2)
    client.force_login(curator_a)
    response = client.post(MANUAL, {**terms_data(), "mentor": mentor.pk, "mentees": [m.pk for m in mentees]})
    assert response.status_code == 200
    assert "свободно мест: 2 из 2; нельзя закрепить ещё 3" in " ".join(response.context["form"].non_field_errors())
    assert not Pair.objects.exists()


# ---------------------------------------------------------------------------
# Queries do not grow with the bank


def grow(school, n_mentees, n_mentors):
    for i in range(n_mentees):
        waiting(school, f"Наставляемая{i}", DISCIPLINE, PARENTS if i % 2 else DOCUMENTS)
    for i in range(n_mentors):
        available(school, f"Наставник{i}", DISCIPLINE, PARENTS if i % 2 else DOCUMENTS)


@pytest.mark.parametrize("url", [INDEX, PROPOSE])
def test_query_count_does_not_grow_with_the_bank(client, curator_a, school_a, django_assert_max_num_queries, url):
    client.force_login(curator_a)
    grow(school_a, 5, 3)
    make_pair(mentor=available(school_a, "Занятая", DISCIPLINE), mentees=[waiting(school_a, "Занятой", DISCIPLINE)])
    former = available(school_a, "Бывшая", DISCIPLINE)
    pair = make_pair(mentor=former, mentees=[waiting(school_a, "Бывший", DISCIPLINE)])
    pair_end(pair=pair, status=PairStatus.DISSOLVED, ended_on=timezone.localdate(), reason="Не сложилось.")
    with django_assert_max_num_queries(16) as small:
        assert client.get(url).status_code == 200
    grow(school_a, 25, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows" if url == INDEX else "lines"]) >= 30
