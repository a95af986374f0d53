"""The full name's genitive and dative: suggested, followed while automatic, never replaced once corrected."""

import pytest
from django.urls import reverse

from apps.schools.models import School
from apps.schools.services import school_save

pytestmark = pytest.mark.django_db

SPB = "Государственное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № 41 Невского района Санкт-Петербурга"
SPB_GEN = "Государственного бюджетного общеобразовательного учреждения средней общеобразовательной школы № 41 Невского района Санкт-Петербурга"
SPB_DAT = "Государственному бюджетному общеобразовательному учреждению средней общеобразовательной школе № 41 Невского района Санкт-Петербурга"
LYCEUM = "Муниципальное автономное общеобразовательное учреждение «Лицей № 2»"
LYCEUM_GEN = "Муниципального автономного общеобразовательного учреждения «Лицей № 2»"


def test_empty_forms_are_filled_with_the_suggestion(school_a):
    school_a.full_name, school_a.full_name_genitive, school_a.full_name_dative = SPB, "", ""
    assert school_save(school=school_a) == []
    school_a.refresh_from_db()
    assert (school_a.full_name_genitive, school_a.full_name_dative) == (SPB_GEN, SPB_DAT)


def test_an_automatic_form_follows_a_new_full_name(school_a):
    school_a.full_name = SPB
    school_save(school=school_a)
    school_a.full_name = LYCEUM
    assert school_save(school=school_a) == []
    school_a.refresh_from_db()
    assert school_a.full_name_genitive == LYCEUM_GEN


def test_a_corrected_form_is_kept_and_the_new_suggestion_offered(school_a):
    school_a.full_name = SPB
    school_save(school=school_a)
    school_a.full_name_genitive = "ГБОУ СОШ № 41 (так в уставе)"
    assert school_save(school=school_a) == []  # typed now: the user's choice
    school_a.full_name = LYCEUM
    offers = school_save(school=school_a)
    school_a.refresh_from_db()
    assert school_a.full_name_genitive == "ГБОУ СОШ № 41 (так в уставе)"
    assert len(offers) == 1
    assert "в родительном падеже было исправлено вручную" in offers[0] and f"«{LYCEUM_GEN}»" in offers[0]


def test_a_document_without_a_stored_form_uses_the_suggestion(school_a):
    School.objects.filter(pk=school_a.pk).update(full_name=SPB, full_name_genitive="")
    school_a.refresh_from_db()
    assert school_a.full_name_in("gen") == SPB_GEN


def _change_form_data(school, **changes):
    data = {
        "full_name": school.full_name,
        "full_name_genitive": school.full_name_genitive,
        "full_name_dative": school.full_name_dative,
        "short_name": school.short_name,
        "director_name": school.director_name,
        "director_position": school.director_position,
        "curator": "",
        "address": "",
        "city": school.city,
        "phone": "",
        "email": "",
        "website": "",
        "inn": "",
        "kpp": "",
        "ogrn": "",
        "okpo": "",
        "pd_processor": "",
        "max_mentees_per_mentor": "2",
        "programme_min_months": "3",
        "programme_max_months": "12",
        "date_style": "words",
    }
    return {**data, **changes}


def test_another_schools_curator_cannot_open_the_requisites(client, curator_b, school_a):
    client.force_login(curator_b)
    assert client.get(reverse("admin:schools_school_change", args=[school_a.pk])).status_code in (302, 403, 404)


def test_the_curator_edits_the_forms_in_the_admin(client, curator_a, school_a):
    url = reverse("admin:schools_school_change", args=[school_a.pk])
    client.force_login(curator_a)
    response = client.post(url, _change_form_data(school_a, full_name=SPB, full_name_genitive="", full_name_dative=""))
    assert response.status_code == 302, response.context["adminform"].form.errors
    school_a.refresh_from_db()
    assert school_a.full_name_genitive == SPB_GEN

    # Corrected by hand, then the full name changes: the correction stays and the suggestion is offered.
    client.post(url, _change_form_data(school_a, full_name_genitive="Исправленный вариант"))
    response = client.post(url, _change_form_data(school_a, full_name=LYCEUM, full_name_genitive="Исправленный вариант"), follow=True)
    school_a.refresh_from_db()
    assert school_a.full_name_genitive == "Исправленный вариант"
    assert school_a.full_name_dative == "Муниципальному автономному общеобразовательному учреждению «Лицей № 2»"
    page = response.content.decode()
    assert "исправлено вручную" in page and LYCEUM_GEN in page

    # The change page offers the suggestion beside the corrected form.
    assert f"По полному наименованию предлагается: «{LYCEUM_GEN}»" in client.get(url).content.decode().replace("&laquo;", "«").replace("&raquo;", "»")


def test_the_change_page_reads_a_fixed_number_of_queries(client, curator_a, school_a, django_assert_max_num_queries):
    client.force_login(curator_a)
    with django_assert_max_num_queries(8):  # measured: 8
        response = client.get(reverse("admin:schools_school_change", args=[school_a.pk]))
    assert "Полное наименование в родительном падеже" in response.content.decode()


def test_the_data_migration_fills_existing_rows_and_keeps_filled_ones(school_a, school_b):
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("apps.schools.migrations.0005_name_cases_fill")
    School.objects.filter(pk=school_a.pk).update(full_name=SPB, full_name_genitive="", full_name_dative="")
    School.objects.filter(pk=school_b.pk).update(full_name=LYCEUM, full_name_genitive="Так в уставе", full_name_dative="")
    migration.fill(django_apps, None)
    school_a.refresh_from_db()
    school_b.refresh_from_db()
    assert (school_a.full_name_genitive, school_a.full_name_dative) == (SPB_GEN, SPB_DAT)
    assert (school_b.full_name_genitive, school_b.full_name_dative) == ("Так в уставе", "Муниципальному автономному общеобразовательному учреждению «Лицей № 2»")
