"""What an order may say (apps/documents/rules.py), per kind, bad case first, through the real admin URLs:
checked when a draft is made (pairs kept out are listed, «не включена: нет согласия …») and again at signing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind
from apps.consents.services import consent_withdraw
from apps.documents.models import Order, OrderKind, OrderStatus
from apps.documents.services import order_create, order_sign
from apps.pairs.models import PairStatus
from apps.pairs.services import pair_activate, pair_end
from apps.programmes.services import programme_create_from_template
from apps.roadmap.services import roadmap_create

from .factories import give_consents, make_teacher, pair_of

pytestmark = pytest.mark.django_db

OCT_3 = datetime.date(2025, 10, 3)


def sign_url(order):
    return reverse("admin:documents_order_sign", args=[order.pk])


def change_url(order):
    return reverse("admin:documents_order_change", args=[order.pk])


def sign_as(client, director, order, number="45-од", date="2025-10-03"):
    client.force_login(director)
    return client.post(sign_url(order), {"number": number, "date": date})


# --- о закреплении пар ---------------------------------------------------------------------------------------


def test_signing_a_pairs_order_with_one_non_consenting_participant_is_refused_and_names_them(client, director_a, school, people, pairs):
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one, pairs.group])
    assert set(order.pairs.all()) == {pairs.one, pairs.group}
    # After the draft was made, one mentee of the group withdraws the consent to the assignment.
    consent_withdraw(consent=Consent.objects.get(teacher=people.belykh, kind=ConsentKind.MENTEE_ASSIGNMENT))

    client.force_login(director_a)
    page = client.get(sign_url(order)).content.decode()
    assert "Приказ пока нельзя подписать" in page and "Белых С.П. — согласие на закрепление наставника" in page
    response = sign_as(client, director_a, order)
    assert response.status_code == 200
    html = response.content.decode()
    assert "нет согласия: Белых С.П. — согласие на закрепление наставника" in html
    assert "Гоголь А.В. → Белых С.П., Дурново-Сидорова М.П." in html
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT and order.payload is None and not order.pdf

    # Without the group the order signs, and what it signed names only consenting people.
    order.pairs.remove(pairs.group)
    assert sign_as(client, director_a, order).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.SIGNED
    assert [p["id"] for p in order.payload["pairs"]] == [pairs.one.pk]


def test_a_participant_without_consent_to_personal_data_is_refused_too(client, director_a, school, people, pairs):
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one])
    consent_withdraw(consent=Consent.objects.get(teacher=people.shevchenko, kind=ConsentKind.PERSONAL_DATA))
    html = sign_as(client, director_a, order).content.decode()
    assert "нет согласия: Шевченко И.В. — согласие на обработку персональных данных" in html
    assert Order.objects.get(pk=order.pk).status == OrderStatus.DRAFT


def test_a_consent_given_after_the_orders_date_does_not_count(client, director_a, school, people, pairs):
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one])
    html = sign_as(client, director_a, order, date="2025-09-20").content.decode()  # consents were signed on 25.09
    assert "нет согласия: Петров И.С. — согласие на возложение обязанностей наставника" in html
    assert sign_as(client, director_a, order, date="2025-09-26").status_code == 302


def test_the_draft_leaves_out_pairs_without_consents_and_lists_them_with_links(client, curator_a, school, people, pairs):
    lacking = pair_of(people.kuzmich, people.ilyin, started_on=datetime.date(2025, 10, 1))  # nobody has consented
    client.force_login(curator_a)
    response = client.post(
        reverse("admin:pairs_pair_changelist"),
        {"action": "include_in_pairs_order", "_selected_action": [pairs.one.pk, lacking.pk]},
        follow=True,
    )
    html = response.content.decode()
    order = Order.objects.get(kind=OrderKind.PAIRS)
    assert list(order.pairs.all()) == [pairs.one]
    assert "Не включена пара «Кузьмич О.Н. → Ильин И.И.»: нет согласия: Кузьмич О.Н. — согласие на возложение обязанностей наставника" in html
    # The draft's page: «не включены», each pair with why, linked to the pair and to the people named.
    assert "не включены" in html.lower()
    assert "<strong>не включена:</strong> нет согласия: Кузьмич О.Н. — согласие на возложение обязанностей наставника; нет согласия: Кузьмич О.Н. — согласие на обработку персональных данных; нет согласия: Ильин И.И. — согласие на закрепление наставника" in html
    assert reverse("admin:pairs_pair_change", args=[lacking.pk]) in html
    assert reverse("admin:schools_teacher_change", args=[people.ilyin.pk]) in html
    assert reverse("admin:schools_teacher_change", args=[people.kuzmich.pk]) in html
    assert reverse("admin:pairs_pair_change", args=[pairs.group.pk]) not in html  # eligible: not listed as kept out


def test_the_curator_cannot_pick_a_pair_the_rule_keeps_out(client, curator_a, school, people, pairs):
    lacking = pair_of(people.kuzmich, people.ilyin, started_on=datetime.date(2025, 10, 1))
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one])
    client.force_login(curator_a)
    response = client.post(change_url(order), {"pairs": [pairs.one.pk, lacking.pk], "extra_grounds": ""})
    assert response.status_code == 200
    assert "Нельзя включить пару «Кузьмич О.Н. → Ильин И.И.»: нет согласия" in response.content.decode()
    assert list(order.pairs.all()) == [pairs.one]


def test_the_pair_strip_says_why_a_pair_is_not_included(client, curator_a, school, people, pairs):
    pair_activate(pair=pairs.one)
    programme_create_from_template(pair=pairs.one)  # the strip's step before the order
    consent_withdraw(consent=Consent.objects.get(teacher=people.petrov, kind=ConsentKind.PERSONAL_DATA))
    client.force_login(curator_a)
    html = client.get(reverse("admin:pairs_pair_change", args=[pairs.one.pk])).content.decode()
    # The strip asks for the missing consent first, and offers to record the paper one.
    assert "Нет согласий: Петров И.С. — согласие на обработку персональных данных." in html
    assert reverse("admin:pairs_pair_record_consent", args=[pairs.one.pk]) in html
    response = client.post(reverse("documents:pair_order_include", args=[pairs.one.pk]), follow=True)
    assert "нельзя включить в приказ о закреплении" in response.content.decode()
    assert not Order.objects.filter(kind=OrderKind.PAIRS).exists()


def test_a_pair_already_assigned_by_a_signed_order_is_not_assigned_again(school, people, pairs):
    order_sign(order=order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one]), number="45-од", date=OCT_3)
    second = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one, pairs.group])
    assert list(second.pairs.all()) == [pairs.group]
    assert "уже включена в подписанный приказ от 03.10.2025 № 45-од" in second.refused_pairs[0].text


def test_an_order_signed_before_the_rule_stays_as_it_was(client, director_a, school, people, pairs):
    signed = order_sign(order=order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.group]), number="45-од", date=OCT_3)
    payload, sha = signed.payload, signed.file_sha256
    # Later a participant withdraws: the signed order would now be refused, but it is history and stays.
    consent_withdraw(consent=Consent.objects.get(teacher=people.belykh, kind=ConsentKind.MENTEE_ASSIGNMENT))
    signed.refresh_from_db()
    assert (signed.status, signed.payload, signed.file_sha256) == (OrderStatus.SIGNED, payload, sha)
    client.force_login(director_a)
    assert client.get(change_url(signed)).status_code == 200
    assert client.get(reverse("documents:order_pdf", args=[signed.pk])).getvalue().startswith(b"%PDF")  # read to its end: closed


# --- о завершении программ -----------------------------------------------------------------------------------


def test_a_completion_order_cannot_include_a_running_pair(client, curator_a, director_a, school, people, pairs):
    pair_activate(pair=pairs.one)  # running until 01.06.2026
    client.force_login(curator_a)
    response = client.post(reverse("admin:documents_order_add"), {"kind": OrderKind.COMPLETION, "pairs": [pairs.one.pk], "extra_grounds": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Нельзя включить пару «Петров И.С. → Шевченко И.В.»: пара работает (плановое окончание — 01.06.2026)" in html
    assert "в приказ о завершении включают только завершённые пары" in html
    assert not Order.objects.filter(kind=OrderKind.COMPLETION).exists()

    # A draft that holds it anyway (put in by hand) is refused at signing, with why.
    draft = order_create(school=school, kind=OrderKind.COMPLETION)
    draft.pairs.add(pairs.one)
    html = sign_as(client, director_a, draft, number="50-од", date="2026-06-05").content.decode()
    assert "пара работает (плановое окончание — 01.06.2026)" in html
    assert Order.objects.get(pk=draft.pk).status == OrderStatus.DRAFT

    # Completed, it signs.
    pair_end(pair=pairs.one, status=PairStatus.COMPLETED, ended_on=datetime.date(2026, 5, 29))
    assert sign_as(client, director_a, draft, number="50-од", date="2026-06-05").status_code == 302


def test_a_completion_order_refuses_a_pair_completed_after_its_date_or_dissolved(school, people, pairs):
    for pair in (pairs.one, pairs.group):
        pair_activate(pair=pair)
    pair_end(pair=pairs.one, status=PairStatus.COMPLETED, ended_on=datetime.date(2026, 5, 29))
    pair_end(pair=pairs.group, status=PairStatus.DISSOLVED, ended_on=datetime.date(2026, 1, 15))
    draft = order_create(school=school, kind=OrderKind.COMPLETION, pairs=[pairs.one, pairs.group])
    assert list(draft.pairs.all()) == [pairs.one]
    assert "пара расформирована 15.01.2026: её программа не завершена" in draft.refused_pairs[0].text
    with pytest.raises(Exception, match=r"пара завершена 29\.05\.2026, позже даты приказа \(20\.05\.2026\)"):
        order_sign(order=draft, number="50-од", date=datetime.date(2026, 5, 20))


# --- the curator ---------------------------------------------------------------------------------------------


def test_an_order_naming_the_curator_needs_the_curator_appointed_by_a_signed_order(client, director_a, school, people):
    started = datetime.date(2025, 10, 1)
    pair = give_consents(pair_of(people.petrov, people.shevchenko, started_on=started), on=datetime.date(2025, 9, 25))
    order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pair])
    html = sign_as(client, director_a, order).content.decode()
    assert "Куратор Иванова М.П. не назначен приказом" in html

    # The curator's order appoints another teacher: the card follows the signed order.
    curator_order = order_create(school=school, kind=OrderKind.CURATOR, responsible=people.kuzmich)
    assert sign_as(client, director_a, curator_order, number="1-к", date="2025-09-01").status_code == 302
    school.refresh_from_db()
    assert school.curator == people.kuzmich
    assert sign_as(client, director_a, order).status_code == 302

    # Someone changes the card by hand: a later order naming the curator is refused until a new appointment.
    school.curator = people.curator
    school.save()
    later = order_create(school=school, kind=OrderKind.PAIRS, pairs=[give_consents(pair_of(people.gogol, people.belykh, started_on=started), on=datetime.date(2025, 9, 25))])
    html = sign_as(client, director_a, later, number="46-од").content.decode()
    assert "В карточке организации куратор — Иванова М.П., а приказом от 01.09.2025 № 1-к куратором назначен другой педагог" in html


def test_a_curator_order_names_a_working_teacher(school, people):
    people.kuzmich.is_employed = False
    people.kuzmich.save()
    order = order_create(school=school, kind=OrderKind.CURATOR, responsible=people.kuzmich)
    with pytest.raises(Exception, match="Кузьмич О.Н. не работает в организации"):
        order_sign(order=order, number="1-к", date=OCT_3)


# --- о внедрении, об утверждении Положения, об итоговом мероприятии ---------------------------------------------


def test_the_working_group_is_of_staff_still_employed(school, people):
    empty = order_create(school=school, kind=OrderKind.IMPLEMENTATION, responsible=people.curator)
    with pytest.raises(Exception, match="Укажите состав рабочей группы"):
        order_sign(order=empty, number="1-од", date=OCT_3)
    people.ilyin.is_employed = False
    people.ilyin.save()
    order = order_create(school=school, kind=OrderKind.IMPLEMENTATION, responsible=people.curator, members=[people.petrov, people.ilyin])
    with pytest.raises(Exception, match="Не работают в организации: Ильин И.И."):
        order_sign(order=order, number="1-од", date=OCT_3)
    order.members.remove(people.ilyin)
    assert order_sign(order=order, number="1-од", date=OCT_3).is_signed


def test_the_regulations_approve_a_roadmap_of_the_orders_school_year(school, people, appointed):
    old = roadmap_create(school=school, year_start=2023)
    order = order_create(school=school, kind=OrderKind.REGULATIONS, roadmap=old)
    with pytest.raises(Exception, match=r"Дорожная карта на 2023/2024 учебный год не относится к учебному году приказа \(2025/2026\)"):
        order_sign(order=order, number="12-од", date=datetime.date(2025, 9, 15))
    order.roadmap = roadmap_create(school=school, year_start=2025)
    order.save()
    assert order_sign(order=order, number="12-од", date=datetime.date(2025, 9, 15)).is_signed


def test_the_final_event_is_held_after_the_order_and_only_working_pairs_take_part(school, people, pairs):
    pair_activate(pair=pairs.one)
    order = order_create(
        school=school, kind=OrderKind.FINAL_EVENT, pairs=[pairs.one, pairs.group], event_date=datetime.date(2026, 5, 10), responsible=people.kuzmich
    )
    assert list(order.pairs.all()) == [pairs.one]
    assert "пара ещё не начала работу" in order.refused_pairs[0].text
    with pytest.raises(Exception, match=r"Итоговое мероприятие \(10\.05\.2026\) не может пройти раньше даты приказа \(15\.05\.2026\)"):
        order_sign(order=order, number="60-од", date=datetime.date(2026, 5, 15))
    with pytest.raises(Exception, match=r"должно пройти в учебном году приказа \(2025/2026\)"):
        order.event_date = datetime.date(2026, 9, 10)
        order.save()
        order_sign(order=order, number="60-од", date=datetime.date(2026, 5, 15))
    order.event_date = datetime.date(2026, 5, 20)
    order.save()
    assert order_sign(order=order, number="60-од", date=datetime.date(2026, 5, 15)).is_signed


def test_the_draft_page_says_what_keeps_it_from_being_signed(client, curator_a, school, people, django_assert_max_num_queries):
    order = order_create(school=school, kind=OrderKind.FINAL_EVENT)
    client.force_login(curator_a)
    with django_assert_max_num_queries(40):
        html = client.get(change_url(order)).content.decode()
    assert "Укажите дату итогового мероприятия." in html
    order.event_date = timezone.localdate() + datetime.timedelta(days=10)
    order.responsible = make_teacher(school, "Орлова Анна Павловна", "f")
    order.save()
    html = client.get(change_url(order)).content.decode()
    assert "Препятствий нет: приказ можно передать директору на подпись." in html
