"""The order о поощрении наставников: only mentors whose pairs worked in the order's school year, names declined
(dative after «объявить благодарность», accusative after «наградить почётной грамотой»), signed like any order,
shown on the mentor's card."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.core.tests.clock import this_school_year
from apps.documents import documents
from apps.documents.award_services import award_save, awards_order_create
from apps.documents.models import AwardKind, MentorAward, Order, OrderKind
from apps.documents.rules import order_problems
from apps.documents.services import order_create, order_sign
from apps.pairs.models import PairStatus
from apps.pairs.services import pair_activate, pair_end
from apps.pairs.tests.factories import make_active_pair
from apps.schools.tests.factories import UserFactory

from .factories import make_mentor, make_teacher, pdf_text

pytestmark = pytest.mark.django_db

SIGNED_ON = datetime.date(2026, 5, 29)  # school year 2025/2026


@pytest.fixture
def worked(pairs):
    """Both pairs of the school worked in 2025/2026: one completed, the group still working."""
    for pair in (pairs.one, pairs.group):
        pair_activate(pair=pair)
    pair_end(pair=pairs.one, status=PairStatus.COMPLETED, ended_on=datetime.date(2026, 5, 20))
    return pairs


def test_a_mentor_without_a_pair_of_the_year_is_refused(school, people, worked):
    idle = make_mentor(people.ilyin)  # in the bank, never led a pair
    with pytest.raises(ValidationError, match="Ильин И.И.: нет наставнических пар"):
        awards_order_create(school=school, mentors=[idle], on=SIGNED_ON)
    order = awards_order_create(school=school, mentors=[idle, people.petrov.mentor], on=SIGNED_ON)
    assert [a.mentor for a in order.awards.all()] == [people.petrov.mentor]
    assert [r.mentor for r in order.refused_mentors] == [idle]


def test_a_pair_of_another_year_or_a_dissolved_one_does_not_count(school, people, worked):
    old = worked.one.mentor
    # Signed in the next school year: the pair completed in May 2026 worked in 2025/2026, not in 2026/2027.
    with pytest.raises(ValidationError, match="2026/2027"):
        awards_order_create(school=school, mentors=[old], on=datetime.date(2026, 10, 1))
    pair_end(pair=worked.group, status=PairStatus.DISSOLVED, ended_on=datetime.date(2026, 1, 15))
    with pytest.raises(ValidationError, match="нет наставнических пар"):
        awards_order_create(school=school, mentors=[worked.group.mentor], on=SIGNED_ON)


def test_another_schools_mentor_and_a_mentor_who_left_are_refused(school, school_b, people, worked):
    stranger = make_mentor(make_teacher(school_b, "Орлов Пётр Ильич", "m"))
    order = awards_order_create(school=school, mentors=[people.petrov.mentor], on=SIGNED_ON)
    with pytest.raises(ValidationError, match="другой организации"):
        award_save(award=MentorAward(order=order, mentor=stranger))
    people.gogol.is_employed = False
    people.gogol.save(update_fields=["is_employed"])
    with pytest.raises(ValidationError, match="не работает в организации"):
        award_save(award=MentorAward(order=order, mentor=people.gogol.mentor))


def test_an_empty_draft_cannot_be_signed(school, people):
    order = order_create(school=school, kind=OrderKind.AWARDS)
    assert "Выберите наставников, которых поощряет приказ." in order_problems(order, on=SIGNED_ON)
    with pytest.raises(ValidationError, match="Выберите наставников"):
        order_sign(order=order, number="50-од", date=SIGNED_ON)


def test_signing_checks_again_on_the_orders_date(school, people, worked):
    order = awards_order_create(school=school, mentors=[people.petrov.mentor], on=SIGNED_ON)
    with pytest.raises(ValidationError, match="2026/2027"):
        order_sign(order=order, number="50-од", date=datetime.date(2026, 9, 2))


def test_the_order_declines_each_name_by_its_award(school, people, worked, contains):
    order = awards_order_create(school=school, mentors=[people.petrov.mentor, people.gogol.mentor], on=SIGNED_ON)
    gogol = order.awards.get(mentor=people.gogol.mentor)
    gogol.kind, gogol.reason = AwardKind.CERTIFICATE, "за высокие результаты наставничества молодых педагогов"
    award_save(award=gogol)
    signed = order_sign(order=order, number="50-од", date=SIGNED_ON)
    text = pdf_text(documents.order_pdf(order=signed))
    contains(
        text,
        "О поощрении наставников",
        "ПРИКАЗЫВАЮ:",
        "Объявить благодарность наставникам:",
        "Петрову Ивану Сергеевичу, учителю физики, за результативную работу в качестве наставника в 2025/2026 учебном году.",
        "Наградить почётной грамотой наставников:",
        "Гоголь Анну Васильевну, учителя русского языка и литературы, за высокие результаты наставничества молодых педагогов.",
        "С приказом ознакомлены:",
        "Петров Иван Сергеевич",
        "№ 50-од",
    )
    assert "ПРОЕКТ" not in text
    # Signed: the awards are frozen, no longer changed.
    gogol.reason = "за другое"
    with pytest.raises(ValidationError, match="подписан"):
        award_save(award=gogol)


def test_render_document_lists_the_kind():
    from apps.documents.management.commands.render_document import kind_help, kinds

    assert "awards_order" in kinds()
    assert "поощрении" in kind_help("awards_order")


@pytest.fixture
def curator_login(school):
    return UserFactory(username="curator-awards", school=school, is_staff=True, roles=[Role.CURATOR])


def test_the_bank_action_makes_the_draft_and_the_card_shows_the_award(client, school, people, curator_login, django_assert_max_num_queries):
    """Through the real admin, today: a mentor whose pair works this school year, and one who has none."""
    today = timezone.localdate()
    kuzmich = make_mentor(people.kuzmich)
    make_active_pair(mentor=kuzmich, started_on=this_school_year(9, 1))
    idle = make_mentor(people.ilyin)
    client.force_login(curator_login)
    response = client.post(
        reverse("admin:mentors_mentor_changelist"),
        {"action": "prepare_awards_order", "_selected_action": [kuzmich.pk, idle.pk]},
        follow=True,
    )
    order = Order.objects.get(kind=OrderKind.AWARDS)
    assert response.redirect_chain[-1][0] == reverse("admin:documents_order_change", args=[order.pk])
    page = response.content.decode()
    assert "Не включён наставник Ильин И.И.: нет наставнических пар" in page
    assert "поощряемые наставники" in page.lower()
    assert [a.mentor for a in order.awards.all()] == [kuzmich]

    order_sign(order=order, number="51-од", date=today)
    card = reverse("admin:mentors_mentor_change", args=[kuzmich.pk])
    with django_assert_max_num_queries(40):
        text = client.get(card).content.decode()
    assert f"Благодарность — <a href=\"{reverse('admin:documents_order_change', args=[order.pk])}\">" in text.replace("'", '"')
    assert f"приказ о поощрении наставников от {today:%d.%m.%Y} № 51-од" in text


def test_the_bank_action_does_not_reach_another_schools_mentor(client, school, school_b, people, worked, curator_login):
    stranger = make_mentor(make_teacher(school_b, "Орлов Пётр Ильич", "m"))
    client.force_login(curator_login)
    client.post(reverse("admin:mentors_mentor_changelist"), {"action": "prepare_awards_order", "_selected_action": [stranger.pk]})
    assert not MentorAward.objects.exists()


def test_a_teacher_cannot_prepare_an_awards_order(client, school, people, worked, teacher_user):
    client.force_login(teacher_user)
    response = client.post(
        reverse("admin:mentors_mentor_changelist"), {"action": "prepare_awards_order", "_selected_action": [people.petrov.mentor.pk]}
    )
    assert response.status_code in (302, 403)
    assert not MentorAward.objects.exists()


def _inline_post(order, award, **row):
    data = {
        "extra_grounds": "",
        "awards-TOTAL_FORMS": "1",
        "awards-INITIAL_FORMS": "1",
        "awards-MIN_NUM_FORMS": "0",
        "awards-MAX_NUM_FORMS": "1000",
        "awards-0-id": str(award.pk),
        "awards-0-order": str(order.pk),
        "awards-0-mentor": str(award.mentor_id),
        "awards-0-kind": AwardKind.GRATITUDE,
        "awards-0-reason": "",
        "_continue": "1",
    }
    data.update({f"awards-0-{k}": v for k, v in row.items()})
    return data


def test_the_orders_page_edits_each_award_through_the_rule(client, school, people, curator_login):
    kuzmich = make_mentor(people.kuzmich)
    make_active_pair(mentor=kuzmich, started_on=this_school_year(9, 1))
    idle = make_mentor(people.ilyin)
    order = awards_order_create(school=school, mentors=[kuzmich])
    award = order.awards.get()
    url = reverse("admin:documents_order_change", args=[order.pk])
    client.force_login(curator_login)
    page = client.get(url).content.decode()
    assert "поощряемые наставники" in page.lower() and "Препятствий нет" in page

    refused = client.post(url, _inline_post(order, award, mentor=str(idle.pk)))
    assert refused.status_code == 200
    assert "Нельзя поощрить: нет наставнических пар" in refused.content.decode()
    assert order.awards.get().mentor == kuzmich

    done = client.post(url, _inline_post(order, award, kind=AwardKind.CERTIFICATE, reason="за подготовку победителя конкурса"))
    assert done.status_code == 302
    award.refresh_from_db()
    assert (award.kind, award.reason) == (AwardKind.CERTIFICATE, "за подготовку победителя конкурса")
