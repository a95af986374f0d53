"""«Экспорт» of a back-office list (ScopedExportMixin), through the teacher list's real URLs: the button
keeps the list's filters, the page is Russian, the file has Russian headers and only what the user's
list shows, formula-like text stays text, and nobody else gets in."""

import datetime
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.schools.models import Teacher
from apps.schools.tests.factories import SchoolFactory, TeacherFactory, UserFactory

from .list_export import csv_table, download, export_url, xlsx_sheet, xlsx_table

pytestmark = pytest.mark.django_db

HEADERS = [
    "ФИО", "Должность", "Предметы", "Возраст (лет)", "Педагогический стаж (лет)", "Молодой специалист", "Банк",
    "E-mail", "Телефон", "Работает в организации",
]  # fmt: skip
CHANGELIST = reverse("admin:schools_teacher_changelist")


@pytest.fixture
def staff(school_a, school_b):
    """Three teachers of school A (one has left, one is in both banks), one of school B."""
    today = timezone.localdate()
    orlova = TeacherFactory(
        school=school_a, last_name="Орлова", first_name="Галина", patronymic="Викторовна", position="учитель истории",
        subjects="история, обществознание", birth_date=datetime.date(today.year - 50, 1, 1),
        teaching_since=datetime.date(today.year - 25, 1, 1), email="orlova@school.example", phone="+7 921 000-00-01",
    )  # fmt: skip
    MentorFactory(teacher=orlova)
    MenteeFactory(teacher=orlova)
    left = TeacherFactory(school=school_a, last_name="Ушедшая", is_employed=False)
    other = TeacherFactory(school=school_a, last_name="Петрова")
    stranger = TeacherFactory(school=school_b, last_name="Чужая")
    return {"orlova": orlova, "left": left, "other": other, "stranger": stranger}


def names(rows) -> set[str]:
    return {row["ФИО"].split()[0] for row in rows}


def test_the_list_links_to_the_export_with_its_filters(client, curator_a, staff):
    client.force_login(curator_a)
    response = client.get(CHANGELIST + "?is_employed__exact=1")
    content = response.content.decode()
    assert f'href="{export_url(Teacher)}?is_employed__exact=1"' in content
    assert ">Экспорт</a>" in content
    assert "Импорт из Excel" in content  # the teacher list's own button stays
    assert f'href="{export_url(Teacher)}"' in client.get(CHANGELIST).content.decode()


def test_the_export_page_is_russian(client, curator_a, staff):
    client.force_login(curator_a)
    response = client.get(export_url(Teacher) + "?is_employed__exact=1")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Экспорт: педагоги |" in content
    assert "Формат файла" in content and "Столбцы" in content and 'value="Скачать"' in content
    assert 'id="export-rows">2<' in content  # the two employed teachers of school A
    form = response.context["form"]
    assert [label for _, label in form.fields["format"].choices] == ["XLSX", "CSV"]
    assert [f.label for f in form.fields.values() if getattr(f, "is_selectable_field", False)] == HEADERS
    for english in ("Export", "Format", "Submit", "Select all", "Resource", "This exporter", "Home"):
        assert english not in content.replace("export_link", ""), english


def test_xlsx_has_russian_headers_and_only_the_schools_teachers(client, curator_a, staff):
    client.force_login(curator_a)
    response = download(client, Teacher)
    headers, rows = xlsx_table(response)
    assert headers == HEADERS
    assert names(rows) == {"Орлова", "Ушедшая", "Петрова"}
    orlova = next(row for row in rows if row["ФИО"] == "Орлова Галина Викторовна")
    assert orlova == {
        "ФИО": "Орлова Галина Викторовна",
        "Должность": "учитель истории",
        "Предметы": "история, обществознание",
        "Возраст (лет)": 50,
        "Педагогический стаж (лет)": 25,
        "Молодой специалист": "нет",
        "Банк": "наставник\nнаставляемый",
        "E-mail": "orlova@school.example",
        "Телефон": "+7 921 000-00-01",
        "Работает в организации": "да",
    }
    sheet = xlsx_sheet(response)
    assert sheet.title == "Педагоги"
    assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
    today = timezone.localdate()
    name = f"Педагоги — Школа А — {today:%d.%m.%Y}.xlsx"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"teacher-{today:%Y-%m-%d}.xlsx\"; filename*=UTF-8''{quote(name, safe='')}"
    )


def test_csv_is_for_excel_in_russian(client, curator_a, staff):
    client.force_login(curator_a)
    response = download(client, Teacher, fmt="csv", query="?q=Орлова")
    headers, rows = csv_table(response)
    assert headers == HEADERS
    assert [row["ФИО"] for row in rows] == ["Орлова Галина Викторовна"]
    assert rows[0]["Возраст (лет)"] == "50"
    assert rows[0]["Телефон"] == "'+7 921 000-00-01"  # would be a formula in Excel without the apostrophe
    assert response["Content-Disposition"].endswith(".csv")


def test_the_lists_filters_search_and_order_carry_into_the_file(client, curator_a, staff):
    client.force_login(curator_a)
    _, rows = xlsx_table(download(client, Teacher, query="?is_employed__exact=0"))
    assert names(rows) == {"Ушедшая"}
    _, rows = xlsx_table(download(client, Teacher, query="?bank=mentor"))
    assert names(rows) == {"Орлова"}
    _, rows = xlsx_table(download(client, Teacher, query="?q=Петрова"))
    assert names(rows) == {"Петрова"}
    _, rows = xlsx_table(download(client, Teacher, query="?o=-1&p=2"))  # by name, descending; every page
    assert [row["ФИО"].split()[0] for row in rows] == ["Ушедшая", "Петрова", "Орлова"]


def test_only_the_ticked_columns_are_written(client, curator_a, staff):
    client.force_login(curator_a)
    headers, rows = xlsx_table(download(client, Teacher, columns={"ФИО", "Телефон"}))
    assert headers == ["ФИО", "Телефон"]
    response = download(client, Teacher, columns=set())
    assert response.status_code == 200
    assert "Выберите хотя бы один столбец." in response.content.decode()


def test_formula_like_text_is_written_as_text(client, curator_a, school_a):
    TeacherFactory(school=school_a, last_name="Формулова", position='=HYPERLINK("http://evil.example","x")', subjects="@SUM(A1)")
    client.force_login(curator_a)
    response = download(client, Teacher)
    sheet = xlsx_sheet(response)
    headers = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value.startswith("Формулова"))
    position = row[headers.index("Должность")]
    assert position.value == '=HYPERLINK("http://evil.example","x")'
    assert position.data_type == "s"  # text, not a formula
    assert row[headers.index("Предметы")].data_type == "s"
    _, rows = csv_table(download(client, Teacher, fmt="csv"))
    csv_row = next(r for r in rows if r["ФИО"].startswith("Формулова"))
    assert csv_row["Должность"] == "'" + '=HYPERLINK("http://evil.example","x")'
    assert csv_row["Предметы"] == "'@SUM(A1)"


def test_a_coordinator_exports_the_municipalitys_schools_with_a_school_column(client, school_a, staff):
    sister = SchoolFactory(municipality=school_a.municipality, short_name="Школа-сестра")
    TeacherFactory(school=sister, last_name="Сестрина")
    coordinator = UserFactory(username="coordinator", is_staff=True, municipality=school_a.municipality, roles=[Role.COORDINATOR])
    client.force_login(coordinator)
    headers, rows = xlsx_table(download(client, Teacher))
    assert headers == ["Образовательная организация", *HEADERS]
    assert names(rows) == {"Орлова", "Ушедшая", "Петрова", "Сестрина"}  # not school B's
    assert {row["Образовательная организация"] for row in rows} == {"Школа А", "Школа-сестра"}
    response = download(client, Teacher, query="?school__id__exact=%d" % sister.pk)
    assert names(xlsx_table(response)[1]) == {"Сестрина"}
    assert response["Content-Disposition"].startswith('attachment; filename="teacher-')


def test_a_director_exports_what_they_see(client, director_a, staff):
    client.force_login(director_a)
    assert names(xlsx_table(download(client, Teacher))[1]) == {"Орлова", "Ушедшая", "Петрова"}


def test_curator_b_gets_only_school_b(client, curator_b, staff):
    client.force_login(curator_b)
    assert names(xlsx_table(download(client, Teacher))[1]) == {"Чужая"}


def test_a_teacher_and_strangers_are_refused(client, teacher_user, staff):
    url = export_url(Teacher)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(teacher_user)
    for response in (client.get(url), client.post(url, {"format": "0"})):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    no_role = UserFactory(username="no-role", is_staff=True, school=staff["orlova"].school)
    client.force_login(no_role)
    assert client.get(url).status_code == 403
    assert client.post(url, {"format": "0", "resource": "0", "teacherresource_full_name": "on"}).status_code == 403
    # Without the view permission there is no button either.
    assert client.get(CHANGELIST).status_code == 403


def test_a_broken_filter_leads_back_to_the_list(client, curator_a, staff):
    client.force_login(curator_a)
    response = client.get(export_url(Teacher) + "?is_employed__exact=maybe")
    assert response.status_code == 302 and response["Location"] == CHANGELIST
    assert "выберите фильтры заново" in " ".join(str(m) for m in get_messages(response.wsgi_request))
