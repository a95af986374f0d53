"""Candidates of the mentor bank in the matching, «Утвердить» beside them, and the mentor the mentee named: through the real URLs."""

import pytest
from django.urls import reverse

from apps.mentors.models import Mentor, MentorStatus
from apps.pairs.models import Pair

from .test_pages import DISCIPLINE, DOCUMENTS, INDEX, MANUAL, PARENTS, PROPOSE, available, confirm_data, terms_data, waiting

pytestmark = pytest.mark.django_db

MARK = "кандидат, не утверждён"
BULK = reverse("admin:mentors_mentor_approve")


def approve_url(mentor):
    return reverse("matching:approve_mentor", args=[mentor.pk])


def status_of(mentor):
    return Mentor.objects.get(pk=mentor.pk).status


# ---------------------------------------------------------------------------
# Candidates in the suggestions


def test_a_candidate_is_suggested_with_the_mark_the_button_and_the_note(client, curator_a, school_a):
    mentee = waiting(school_a, "Новикова", DISCIPLINE)
    candidate = available(school_a, "Кандидатова", DISCIPLINE, status=MentorStatus.CANDIDATE)
    approved = available(school_a, "Утверждённая", DISCIPLINE)
    available(school_a, "Безсогласная", DISCIPLINE, status=MentorStatus.CANDIDATE, consent=False)
    client.force_login(curator_a)

    response = client.get(INDEX)

    (row,) = response.context["rows"]
    assert {s.mentor for s in row.suggestions} == {candidate, approved}
    page = response.content.decode()
    item = page[page.index(f'data-mentor="{candidate.pk}"') :]
    item = item[: item.index("</li>")]
    assert MARK in item
    assert f'action="{approve_url(candidate)}"' in item and ">Утвердить</button>" in item
    assert f'value="{INDEX}#mentee-{mentee.pk}"' in item  # back to the same place
    approved_item = page[page.index(f'data-mentor="{approved.pk}"') :]
    approved_item = approved_item[: approved_item.index("</li>")]
    assert MARK not in approved_item and "Утвердить" not in approved_item
    assert f"{MANUAL}?nastavnik={approved.pk}&amp;nastavlyaemyj={mentee.pk}" in approved_item
    # Both candidates wait, the one without consent too; the note links to the bulk approval.
    assert "2 кандидата ждут утверждения" in page
    assert f'href="{BULK}?next={INDEX}"' in page
    # The figures count approved mentors only.
    assert response.context["mentor_count"] == 1 and response.context["free_places"] == 2


def test_no_note_when_no_candidate_waits(client, curator_a, school_a):
    waiting(school_a, "Новикова", DISCIPLINE)
    available(school_a, "Утверждённая", DISCIPLINE)
    available(school_a, "Архивная", DISCIPLINE, status=MentorStatus.ARCHIVED)
    client.force_login(curator_a)
    page = client.get(INDEX).content.decode()
    assert "ждут утверждения" not in page and "ждёт утверждения" not in page and MARK not in page
    assert "Архивная" not in page


def test_the_director_sees_the_mark_but_no_button(client, director_a, school_a):
    waiting(school_a, "Новикова", DISCIPLINE)
    candidate = available(school_a, "Кандидатова", DISCIPLINE, status=MentorStatus.CANDIDATE)
    client.force_login(director_a)
    page = client.get(INDEX).content.decode()
    assert MARK in page and "1 кандидат ждёт утверждения" in page
    assert approve_url(candidate) not in page and BULK not in page


def test_approve_then_pick(client, curator_a, school_a):
    mentee = waiting(school_a, "Новикова", DISCIPLINE)
    candidate = available(school_a, "Кандидатова", DISCIPLINE, status=MentorStatus.CANDIDATE)
    client.force_login(curator_a)

    response = client.post(approve_url(candidate), {"next": f"{INDEX}#mentee-{mentee.pk}"})

    assert response.status_code == 302 and response.url == f"{INDEX}#mentee-{mentee.pk}"
    assert status_of(candidate) == MentorStatus.APPROVED
    version = Mentor.history.filter(id=candidate.pk).latest("history_id")
    assert version.history_user == curator_a and version.history_change_reason == "утверждён куратором"
    page = client.get(response.url).content.decode()
    assert f"Кандидат утверждён: {candidate.teacher.short_name}." in page
    assert MARK not in page and "ждёт утверждения" not in page
    # Picked now: the pair is formed.
    assert client.post(MANUAL, {**terms_data(), "mentor": candidate.pk, "mentees": [mentee.pk]}).status_code == 302
    assert Pair.objects.get().mentor == candidate


def test_approving_a_non_candidate_is_refused_in_russian(client, curator_a, school_a):
    for status in (MentorStatus.APPROVED, MentorStatus.ARCHIVED):
        mentor = available(school_a, f"Уже-{status}", DISCIPLINE, status=status)
        client.force_login(curator_a)
        response = client.post(approve_url(mentor), follow=True)
        assert response.redirect_chain == [(INDEX, 302)]
        page = response.content.decode()
        label = MentorStatus(status).label
        assert f"Наставник не утверждён. {mentor.teacher.short_name}: статус «{label}», утвердить можно только кандидата." in page
        assert status_of(mentor) == status


def test_approving_a_candidate_without_consent_is_refused(client, curator_a, school_a):
    mentor = available(school_a, "Безсогласная", DISCIPLINE, status=MentorStatus.CANDIDATE, consent=False)
    client.force_login(curator_a)
    page = client.post(approve_url(mentor), follow=True).content.decode()
    assert "нет действующего согласия на обработку персональных данных" in page
    assert status_of(mentor) == MentorStatus.CANDIDATE


def test_another_schools_candidate_is_404(client, curator_b, school_a):
    candidate = available(school_a, "Кандидатова", DISCIPLINE, status=MentorStatus.CANDIDATE)
    client.force_login(curator_b)
    assert client.post(approve_url(candidate)).status_code == 404
    assert client.post(reverse("matching:approve_mentor", args=[999999])).status_code == 404
    assert status_of(candidate) == MentorStatus.CANDIDATE


@pytest.mark.parametrize("who, status", [("teacher_user", 403), ("director_a", 403)])
def test_who_may_not_approve(client, request, school_a, who, status):
    candidate = available(school_a, "Кандидатова", DISCIPLINE, status=MentorStatus.CANDIDATE)
    client.force_login(request.getfixturevalue(who))
    assert client.post(approve_url(candidate)).status_code == status
    assert status_of(candidate) == MentorStatus.CANDIDATE


def test_anonymous_goes_to_the_login_page_and_get_writes_nothing(client, curator_a, school_a):
    candidate = available(school_a, "Кандидатова", DISCIPLINE, status=MentorStatus.CANDIDATE)
    response = client.post(approve_url(candidate))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(curator_a)
    assert client.get(approve_url(candidate)).status_code == 405
    assert status_of(candidate) == MentorStatus.CANDIDATE


def test_a_foreign_next_is_not_followed(client, curator_a, school_a):
    client.force_login(curator_a)
    for i, bad in enumerate(("https://evil.example/", "//evil.example/", "matching:index")):
        mentor = available(school_a, f"Кандидатова{i}", DISCIPLINE, status=MentorStatus.CANDIDATE)
        assert client.post(approve_url(mentor), {"next": bad}).url == INDEX
        assert status_of(mentor) == MentorStatus.APPROVED


# ---------------------------------------------------------------------------
# A candidate cannot be put into a pair before approval


def test_the_assignment_never_proposes_a_candidate(client, curator_a, school_a):
    mentee = waiting(school_a, "Новикова", DISCIPLINE, PARENTS)
    candidate = available(school_a, "Кандидатова", DISCIPLINE, PARENTS, status=MentorStatus.CANDIDATE)
    approved = available(school_a, "Утверждённая", DISCIPLINE)
    lonely = waiting(school_a, "Одинокая", DOCUMENTS, subjects="астрономия")
    only_candidate = available(school_a, "Кандидатка", DOCUMENTS, subjects="химия", status=MentorStatus.CANDIDATE)
    client.force_login(curator_a)

    for mode in ("best", "cover"):
        lines = {line.mentee: line for line in client.get(PROPOSE, {"mode": mode}).context["lines"]}
        assert lines[mentee].form.initial["mentor"] == approved.pk
        assert lines[lonely].form.initial["mentor"] == ""
        # The candidates stay choosable in the row, marked.
        labels = dict(lines[mentee].form.fields["mentor"].choices)
        assert labels[candidate.pk].startswith(f"{candidate.teacher.short_name} ({MARK}) — ")
        assert only_candidate.pk in dict(lines[lonely].form.fields["mentor"].choices)


def test_confirming_a_candidate_in_the_draft_shows_the_reason(client, curator_a, school_a):
    mentee = waiting(school_a, "Новикова", DISCIPLINE)
    other = waiting(school_a, "Петрова", DISCIPLINE)
    candidate = available(school_a, "Кандидатова", DISCIPLINE, status=MentorStatus.CANDIDATE)
    approved = available(school_a, "Утверждённая", DISCIPLINE)
    client.force_login(curator_a)

    response = client.post(PROPOSE, confirm_data((mentee, candidate), (other, approved)))

    assert response.status_code == 200
    (line,) = response.context["lines"]
    assert line.mentee == mentee
    assert "Наставник в статусе «кандидат»: сначала утвердите его в банке наставников." in line.form.non_field_errors()
    assert [p.mentor for p in Pair.objects.all()] == [approved]


def test_pairing_a_candidate_by_hand_shows_the_reason(client, curator_a, school_a):
    mentee = waiting(school_a, "Новикова", DISCIPLINE)
    candidate = available(school_a, "Кандидатова", DISCIPLINE, status=MentorStatus.CANDIDATE)
    client.force_login(curator_a)
    page = client.get(MANUAL).content.decode()
    assert f"{candidate.teacher.full_name} ({MARK}) — свободно 2 из 2" in page

    response = client.post(MANUAL, {**terms_data(), "mentor": candidate.pk, "mentees": [mentee.pk]})

    assert response.status_code == 200
    assert "сначала утвердите его в банке наставников" in " ".join(response.context["form"].non_field_errors())
    assert not Pair.objects.exists()


def test_the_manual_page_opens_with_the_suggestion_chosen(client, curator_a, school_a):
    mentee = waiting(school_a, "Новикова", DISCIPLINE)
    mentor = available(school_a, "Утверждённая", DISCIPLINE)
    client.force_login(curator_a)
    form = client.get(MANUAL, {"nastavnik": mentor.pk, "nastavlyaemyj": mentee.pk}).context["form"]
    assert form.initial["mentor"] == mentor.pk and form.initial["mentees"] == [mentee.pk]
    form = client.get(MANUAL, {"nastavnik": "x", "nastavlyaemyj": "-1"}).context["form"]
    assert form.initial["mentor"] is None and form.initial["mentees"] == []


# ---------------------------------------------------------------------------
# The mentor the mentee named


def test_the_desired_mentor_is_shown_and_scored(client, curator_a, school_a):
    mentee = waiting(school_a, "Новикова", DISCIPLINE)
    named = available(school_a, "Смирнова", DISCIPLINE, teacher__first_name="Елена", teacher__patronymic="Игоревна")
    other = available(school_a, "Кузнецова", DISCIPLINE, teacher__first_name="Елена", teacher__patronymic="Игоревна")
    mentee.desired_mentor = "Смирнова Е. И."
    mentee.save()
    client.force_login(curator_a)

    response = client.get(INDEX)

    (row,) = response.context["rows"]
    assert [s.mentor for s in row.suggestions] == [named, other]
    assert row.suggestions[0].candidate.score - row.suggestions[1].candidate.score == pytest.approx(3)
    assert row.suggestions[0].candidate.reasons[0] == "наставляемый сам назвал этого наставника"
    assert "наставляемый сам назвал этого наставника" not in row.suggestions[1].candidate.reasons
    page = response.content.decode()
    assert "Желаемый наставник (ответ в анкете): «Смирнова Е. И.» — в подборе: Смирнова Е.И.\n" in page
    # The draft starts with the named mentor and says why.
    draft = client.get(PROPOSE)
    (line,) = draft.context["lines"]
    assert line.form.initial["mentor"] == named.pk
    assert "наставляемый сам назвал этого наставника" in draft.content.decode()
    # An answer that names nobody is shown as written.
    other_mentee = waiting(school_a, "Орлова", DISCIPLINE)
    other_mentee.desired_mentor = "нет"
    other_mentee.save()
    assert "Желаемый наставник (ответ в анкете): «нет».\n" in client.get(INDEX).content.decode()


def test_a_named_candidate_is_suggested_even_with_nothing_else_in_common(client, curator_a, school_a):
    waiting(school_a, "Новикова", DISCIPLINE, subjects="история")
    mentee = waiting(school_a, "Орлова", DISCIPLINE, subjects="история")
    mentee.desired_mentor = "Хотела бы к Зайцевой"
    mentee.save()
    named = available(school_a, "Зайцева", "Работа с одарёнными детьми", subjects="музыка", status=MentorStatus.CANDIDATE)
    client.force_login(curator_a)
    response = client.get(INDEX)
    rows = {row.mentee: row for row in response.context["rows"]}
    assert [s.mentor for s in rows[mentee].suggestions] == [named]
    assert response.context["no_fit"][0].teacher.last_name == "Новикова"


def test_the_desired_weight_is_set_on_the_page(client, curator_a, school_a):
    mentee = waiting(school_a, "Новикова", DISCIPLINE, subjects="математика")
    available(school_a, "Предметная", DISCIPLINE, subjects="математика")
    named = available(school_a, "Названная", DISCIPLINE, subjects="физика")
    mentee.desired_mentor = "Названная"
    mentee.save()
    client.force_login(curator_a)
    (row,) = client.get(INDEX).context["rows"]
    assert row.suggestions[0].mentor == named  # 3 for the wish beats 2 for the subject
    weights = {"requests_weight": 6, "subject_weight": 2, "form_weight": 2, "capacity_weight": 1, "experience_weight": 1}
    assert client.post(reverse("matching:weights"), {**weights, "desired_weight": 0}).status_code == 302
    (row,) = client.get(INDEX).context["rows"]
    assert row.suggestions[0].mentor.teacher.last_name == "Предметная"
    response = client.post(reverse("matching:weights"), {**weights, "desired_weight": "много"})
    assert "Введите целое число." in response.content.decode()


# ---------------------------------------------------------------------------
# Queries do not grow with candidates and wishes


def letters(i: int) -> str:
    """A number in letters, for surnames that read as words: 12 → «бв»."""
    return "".join("абвгдежзик"[int(d)] for d in str(i))


def grow(school, n, *, offset=0):
    for i in range(offset, offset + n):
        mentee = waiting(school, f"Наставляемая{i}", DISCIPLINE, PARENTS if i % 2 else DOCUMENTS)
        mentee.desired_mentor = f"Кандидат{letters(i)} М. П."
        mentee.save()
        available(school, f"Кандидат{letters(i)}", DISCIPLINE, status=MentorStatus.CANDIDATE)
        available(school, f"Утверждённая{i}", PARENTS if i % 2 else DOCUMENTS)


def test_the_matching_page_with_candidates_keeps_its_query_count(client, curator_a, school_a, django_assert_max_num_queries):
    client.force_login(curator_a)
    grow(school_a, 3)
    available(school_a, "Безсогласная", DISCIPLINE, status=MentorStatus.CANDIDATE, consent=False)
    with django_assert_max_num_queries(15) as small:  # 14 measured: the 13 of the page without candidates and their count
        response = client.get(INDEX)
    assert response.status_code == 200 and "4 кандидата ждут утверждения" in response.content.decode()
    grow(school_a, 27, offset=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(INDEX)
    page = response.content.decode()
    assert len(response.context["rows"]) == 30 and "31 кандидат ждёт утверждения" in page
    assert page.count(MARK) >= 30
    assert all(row.named == [row.suggestions[0].mentor] for row in response.context["rows"])  # each named their own
