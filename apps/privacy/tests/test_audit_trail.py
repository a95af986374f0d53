"""The audit trail: who changed what and when, on the curator's «История» page, scoped to the school;
the evidence (consents, signed orders, their history) the database refuses to lose."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from apps.consents.models import Consent, ConsentText
from apps.core.tests.clock import today
from apps.documents.models import Order, OrderKind
from apps.documents.services import order_create, order_sign
from apps.documents.tests.factories import ready_for_pairs_order
from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor, MentorStatus
from apps.pairs.models import PairMentee, PairStatus
from apps.pairs.services import pair_end
from apps.pairs.tests.factories import make_active_pair, make_pair
from apps.schools.models import Teacher
from apps.schools.staff_import import staff_import, staff_list_xlsx
from apps.schools.tests.factories import TeacherFactory

TODAY = today()


def history_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_a_change_in_the_admin_shows_on_the_history_page_with_user_time_and_diff(client, curator_a, school_a):
    teacher = TeacherFactory(school=school_a, last_name="Смирнова", first_name="Ольга", patronymic="Ивановна", position="учитель")
    curator_a.first_name, curator_a.last_name = "Вера", "Куратова"
    curator_a.save()
    client.force_login(curator_a)
    page = client.get(change_url(teacher))
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if not form.fields[name].disabled}
    data.update(position="учитель-методист", gender="f", is_employed="on")
    data["birth_date"], data["teaching_since"] = "17.05.1985", "01.09.2008"
    response = client.post(change_url(teacher), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response

    page = client.get(history_url(teacher))
    assert page.status_code == 200
    html = page.content.decode()
    assert "История изменений: Смирнова Ольга Ивановна" in html
    assert "Вера Куратова" in html
    assert "Должность:</strong> учитель&nbsp;&rarr;&nbsp;учитель-методист" in html
    assert "изменение" in html and "создание" in html
    assert timezone.localtime().strftime("%d.%m.%Y") in html
    assert "Дата и время" in html and "Кто" in html and "Что изменилось" in html


def test_choice_labels_and_dates_read_as_russian_in_the_diff(client, curator_a, school_a):
    pair = make_active_pair(school=school_a)
    pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=TODAY, reason="Программа выполнена.")
    client.force_login(curator_a)
    html = client.get(history_url(pair)).content.decode()
    assert "Статус:</strong> работает&nbsp;&rarr;&nbsp;завершена" in html
    assert f"—&nbsp;&rarr;&nbsp;{TODAY:%d.%m.%Y}" in html


@pytest.mark.parametrize("kind", ["teacher", "mentor", "mentee", "pair", "programme", "order", "consent"])
def test_history_of_another_schools_record_is_404(client, curator_a, curator_b, school_a, kind):
    pair = make_active_pair(school=school_a)
    records = {
        "teacher": pair.mentor.teacher,
        "mentor": pair.mentor,
        "mentee": pair.memberships.first().mentee,
        "pair": pair,
        "programme": None,
        "order": order_create(school=school_a, kind=OrderKind.PAIRS, pairs=[pair]),
        "consent": Consent.objects.filter(pair=pair).first(),
    }
    obj = records[kind]
    if obj is None:
        from apps.programmes.services import programme_create_from_template

        obj = programme_create_from_template(pair=pair)
    client.force_login(curator_b)
    assert client.get(history_url(obj)).status_code == 404
    client.force_login(curator_a)
    assert client.get(history_url(obj)).status_code == 200


def test_records_without_an_audit_trail_keep_djangos_history_page(client, curator_a, curator_b, school_a):
    client.force_login(curator_a)
    page = client.get(history_url(school_a))
    assert page.status_code == 200 and "action_list" in page.context
    client.force_login(curator_b)
    assert client.get(history_url(school_a)).status_code == 404


def test_old_versions_are_listed_not_restored(client, curator_a, school_a):
    teacher = TeacherFactory(school=school_a)
    version = teacher.history.first()
    client.force_login(curator_a)
    url = reverse("admin:schools_teacher_simple_history", args=[teacher.pk, version.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"last_name": "Другая"}).status_code == 404
    assert 'href="' + url not in client.get(history_url(teacher)).content.decode()


def test_history_page_queries_do_not_grow_with_the_changes(client, curator_a, school_a, django_assert_max_num_queries):
    teacher = TeacherFactory(school=school_a)
    for n in range(3):
        teacher.position = f"учитель {n}"
        teacher.save()
    client.force_login(curator_a)
    with django_assert_max_num_queries(20) as small:
        assert client.get(history_url(teacher)).status_code == 200
    for n in range(30):
        teacher.position = f"учитель {n + 3}"
        teacher.save()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(history_url(teacher)).status_code == 200


# -- bulk writes are audited too --


def test_staff_import_writes_history_rows_for_created_and_updated_teachers(school_a):
    row = {"last_name": "Петрова", "first_name": "Анна", "patronymic": "Сергеевна", "position": "учитель",
           "birth_date": datetime.date(1990, 1, 1), "teaching_since": datetime.date(2012, 9, 1), "email": "p@school.example"}  # fmt: skip
    staff_import(school=school_a, content=staff_list_xlsx([row]), filename="x.xlsx", today=TODAY)
    teacher = Teacher.objects.get(school=school_a, email="p@school.example")
    assert [h.history_type for h in teacher.history.all()] == ["+"]

    staff_import(school=school_a, content=staff_list_xlsx([{**row, "position": "учитель-логопед"}]), filename="x.xlsx", today=TODAY)
    newest, oldest = teacher.history.all()[:2]
    assert newest.history_type == "~" and newest.position == "учитель-логопед"
    assert [c.field for c in newest.diff_against(oldest).changes] == ["position"]


def test_pair_services_leave_status_changes_in_the_trail(school_a):
    pair = make_active_pair(school=school_a)
    mentor = pair.mentor
    mentee = pair.memberships.get().mentee
    assert mentor.history.first().status == MentorStatus.ACTIVE
    assert mentee.history.first().status == MenteeStatus.PAIRED

    pair_end(pair=pair, status=PairStatus.DISSOLVED, ended_on=TODAY, reason="Не сложилось.")
    assert Mentee.history.filter(id=mentee.pk).first().status == MenteeStatus.WAITING
    assert PairMentee.history.filter(pair_id=pair.pk).first().left_on == TODAY
    assert Mentor.objects.get(pk=mentor.pk).history.count() >= 2


# -- what the database refuses --


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_consent_cannot_be_deleted_even_by_raw_sql(school_a):
    pair = make_pair(school=school_a)
    from apps.pairs.tests.factories import give_pair_consents

    consent = give_pair_consents(pair)[0]
    with pytest.raises(IntegrityError, match="never deleted"):
        raw("DELETE FROM consents_consent WHERE id = %s", [consent.pk])
    with pytest.raises(IntegrityError, match="never deleted"):
        with transaction.atomic():
            Consent.objects.filter(pk=consent.pk).delete()
    assert Consent.objects.filter(pk=consent.pk).exists()


def test_consent_history_is_append_only(school_a):
    teacher = TeacherFactory(school=school_a)
    consent = Consent.objects.create(
        school=school_a, teacher=teacher, kind="personal_data", text=ConsentText.objects.current("personal_data")
    )
    row = consent.history.get()
    with pytest.raises(IntegrityError, match="never deleted"):
        raw("DELETE FROM consents_historicalconsent WHERE history_id = %s", [row.history_id])
    with pytest.raises(IntegrityError, match="never changed"):
        raw("UPDATE consents_historicalconsent SET withdrawn_at = now() WHERE history_id = %s", [row.history_id])
    # Deleting a login only empties the «who» column, as ON DELETE SET NULL does.
    raw("UPDATE consents_historicalconsent SET history_user_id = NULL WHERE history_id = %s", [row.history_id])


def test_a_signed_order_and_its_history_cannot_be_deleted(school_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pair = ready_for_pairs_order(make_pair(school=school_a), on=TODAY)
    draft = order_create(school=school_a, kind=OrderKind.PAIRS, pairs=[pair])
    signed = order_sign(order=order_create(school=school_a, kind=OrderKind.PAIRS, pairs=[pair]), number="1-од", date=TODAY)
    with pytest.raises(IntegrityError, match="signed order is never deleted"):
        raw("DELETE FROM documents_order WHERE id = %s", [signed.pk])
    with pytest.raises(IntegrityError, match="never deleted"):
        raw("DELETE FROM documents_historicalorder WHERE id = %s", [signed.pk])
    with pytest.raises(IntegrityError, match="never changed"):
        raw("UPDATE documents_historicalorder SET payload = NULL WHERE id = %s", [signed.pk])
    draft_id = draft.pk
    draft.delete()  # a draft may go; its trail stays, with the deletion
    assert [h.history_type for h in Order.history.filter(id=draft_id)] == ["-", "+"]


def test_the_admin_never_offers_to_delete_a_consent_or_a_signed_order(client, superuser, school_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pair = make_pair(school=school_a)
    from apps.pairs.tests.factories import give_pair_consents

    consent = give_pair_consents(pair)[0]
    ready_for_pairs_order(pair, on=TODAY)
    signed = order_sign(order=order_create(school=school_a, kind=OrderKind.PAIRS, pairs=[pair]), number="1-од", date=TODAY)
    client.force_login(superuser)
    for obj in (consent, signed):
        delete_url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])
        assert client.get(delete_url).status_code == 403
        assert delete_url not in client.get(change_url(obj)).content.decode()
