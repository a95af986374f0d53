"""«Утвердить выбранных кандидатов» on the mentor list and the approval page links open: a confirmation first, writes on POST only."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.mentors.models import Mentor, MentorStatus
from apps.mentors.tests.factories import MentorFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("admin:mentors_mentor_approve")
CHANGELIST = reverse("admin:mentors_mentor_changelist")


def mentor(school, last_name, status=MentorStatus.CANDIDATE, *, consent=True):
    entry = MentorFactory(teacher__school=school, teacher__last_name=last_name, status=status)
    if consent:
        consent_give(teacher=entry.teacher, kind=ConsentKind.PERSONAL_DATA)
    return entry


def statuses():
    return dict(Mentor.objects.values_list("teacher__last_name", "status"))


def section(page, name):
    start = page.index(f'data-list="{name}"')
    return page[start : page.index("</ul>", start)]


@pytest.fixture
def bank(school_a, school_b):
    return {
        "ready": mentor(school_a, "Готовая"),
        "also": mentor(school_a, "Тоже"),
        "no_consent": mentor(school_a, "Безсогласная", consent=False),
        "approved": mentor(school_a, "Утверждённая", MentorStatus.APPROVED),
        "other_school": mentor(school_b, "Чужая"),
    }


def test_the_page_lists_who_will_be_approved_and_who_is_skipped_and_writes_nothing(client, curator_a, bank):
    client.force_login(curator_a)
    before = statuses()

    response = client.get(PAGE, {"next": reverse("matching:index")})

    assert response.status_code == 200
    page = response.content.decode()
    ready, skipped = section(page, "ready"), section(page, "skipped")
    assert "Готовая" in ready and "Тоже" in ready
    assert "Безсогласная" in skipped and "нет действующего согласия на обработку персональных данных" in skipped
    assert "Утверждённая" not in page  # the page opened without a selection lists the candidates
    assert "Чужая" not in page
    assert "Да, утвердить (2)" in page
    assert f'name="next" value="{reverse("matching:index")}"' in page
    assert statuses() == before


def test_the_page_for_chosen_ids_names_the_non_candidates(client, curator_a, bank):
    client.force_login(curator_a)
    ids = ",".join(str(bank[k].pk) for k in ("ready", "approved", "other_school")) + ",abc"
    page = client.get(PAGE, {"ids": ids}).content.decode()
    assert "Готовая" in section(page, "ready")
    assert "статус «утверждён», утвердить можно только кандидата" in section(page, "skipped")
    assert "Чужая" not in page


def test_the_action_shows_the_confirmation_then_the_post_approves(client, curator_a, bank):
    client.force_login(curator_a)
    chosen = [bank["ready"], bank["no_consent"], bank["approved"]]
    data = {"action": "approve_candidates", helpers.ACTION_CHECKBOX_NAME: [str(m.pk) for m in chosen]}

    response = client.post(CHANGELIST, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Готовая" in section(page, "ready") and "Тоже" not in page
    assert "Безсогласная" in section(page, "skipped") and "Утверждённая" in section(page, "skipped")
    assert statuses()["Готовая"] == MentorStatus.CANDIDATE  # nothing yet

    response = client.post(PAGE, {"ids": [str(bank["ready"].pk)], "next": CHANGELIST}, follow=True)

    assert response.redirect_chain == [(CHANGELIST, 302)]
    assert "Утверждён 1 наставник: теперь с ним можно формировать пары." in response.content.decode()
    assert statuses() == {
        "Готовая": MentorStatus.APPROVED,
        "Тоже": MentorStatus.CANDIDATE,
        "Безсогласная": MentorStatus.CANDIDATE,
        "Утверждённая": MentorStatus.APPROVED,
        "Чужая": MentorStatus.CANDIDATE,
    }
    version = Mentor.history.filter(id=bank["ready"].pk).latest("history_id")
    assert version.history_user == curator_a


def test_posting_everybody_approves_the_candidates_and_reports_the_rest(client, curator_a, bank):
    client.force_login(curator_a)
    ids = [str(m.pk) for m in bank.values()]
    response = client.post(PAGE, {"ids": ids, "next": reverse("matching:index")}, follow=True)
    assert response.redirect_chain == [(reverse("matching:index"), 302)]
    page = response.content.decode()
    assert "Утверждены 2 наставника: теперь с ними можно формировать пары." in page
    assert "Не утверждён — Безсогласная М.П.: нет действующего согласия на обработку персональных данных." in page
    assert statuses()["Чужая"] == MentorStatus.CANDIDATE  # another school's id finds nobody
    assert statuses()["Готовая"] == statuses()["Тоже"] == MentorStatus.APPROVED


def test_a_get_never_approves(client, curator_a, bank):
    client.force_login(curator_a)
    client.get(PAGE, {"ids": str(bank["ready"].pk), "next": CHANGELIST})
    assert statuses()["Готовая"] == MentorStatus.CANDIDATE


def test_nothing_to_approve_says_so(client, curator_b, bank):
    client.force_login(curator_b)
    page = client.get(PAGE, {"ids": str(bank["ready"].pk)}).content.decode()
    assert "Некого утверждать" in page and "Да, утвердить" not in page
    response = client.post(PAGE, {"ids": [str(bank["ready"].pk)]}, follow=True)
    assert "Никто не выбран: утверждать некого." in response.content.decode()
    assert statuses()["Готовая"] == MentorStatus.CANDIDATE


def test_a_foreign_next_is_ignored(client, curator_a, bank):
    client.force_login(curator_a)
    response = client.post(PAGE, {"ids": [str(bank["ready"].pk)], "next": "https://evil.example/"})
    assert response.url == CHANGELIST


@pytest.mark.parametrize("method", ["get", "post"])
def test_who_may_not_approve(client, director_a, teacher_user, bank, method):
    data = {"ids": [str(bank["ready"].pk)]}
    client.force_login(teacher_user)
    response = getattr(client, method)(PAGE, data)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    client.force_login(director_a)  # reads the bank, changes nothing
    assert getattr(client, method)(PAGE, data).status_code == 403
    assert statuses()["Готовая"] == MentorStatus.CANDIDATE


def test_the_action_is_offered_to_the_curator_only(client, curator_a, director_a, bank):
    client.force_login(curator_a)
    assert "Утвердить выбранных кандидатов" in client.get(CHANGELIST).content.decode()
    client.force_login(director_a)
    assert "Утвердить выбранных кандидатов" not in client.get(CHANGELIST).content.decode()


def test_the_page_keeps_its_query_count(client, curator_a, school_a, django_assert_max_num_queries):
    for i in range(3):
        mentor(school_a, f"Кандидатка{i}")
    client.force_login(curator_a)
    with django_assert_max_num_queries(12) as small:
        assert client.get(PAGE).status_code == 200
    for i in range(3, 30):
        mentor(school_a, f"Кандидатка{i}", consent=i % 3 != 0)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(PAGE)
    assert response.content.decode().count("<li data-mentor=") == 30
