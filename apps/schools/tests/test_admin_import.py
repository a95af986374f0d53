"""The curator's staff import through the real back-office URLs: upload → preview → confirm."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.roles import Role
from apps.schools.admin_import import SESSION_KEY
from apps.schools.models import Teacher
from apps.schools.tests.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

DATA = settings.BASE_DIR / "tests" / "data"
IMPORT_URL = reverse("admin:schools_teacher_import")
CHANGELIST_URL = reverse("admin:schools_teacher_changelist")


@pytest.fixture(autouse=True)
def pending_files(tmp_path, settings):
    settings.STAFF_IMPORT_DIR = tmp_path / "staff_imports"
    return settings.STAFF_IMPORT_DIR


def upload(client, name):
    file = SimpleUploadedFile(name, (DATA / name).read_bytes())
    return client.post(IMPORT_URL, {"file": file})


def confirm(client, token=None):
    token = token or client.session[SESSION_KEY]["token"]
    return client.post(IMPORT_URL, {"action": "confirm", "token": token})


def snapshot():
    return list(Teacher.objects.order_by("pk").values())


def test_changelist_offers_the_import_to_a_curator(client, curator_a):
    client.force_login(curator_a)
    response = client.get(CHANGELIST_URL)
    assert response.status_code == 200
    assert f'href="{IMPORT_URL}"' in response.content.decode()
    assert "Импорт из Excel" in response.content.decode()


def test_upload_page_explains_the_columns(client, curator_a):
    client.force_login(curator_a)
    response = client.get(IMPORT_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Школа А" in page
    assert "«Дата начала педагогической деятельности»" in page
    template = client.get(reverse("admin:schools_teacher_import_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_preview_shows_the_rows_and_writes_nothing(client, curator_a, pending_files):
    client.force_login(curator_a)

    response = upload(client, "staff_good.xlsx")

    page = response.content.decode()
    assert response.status_code == 200
    assert "В файле 8 педагогов: новых — 8, изменённых — 0, без изменений — 0." in page
    assert "Ковалёва Анна Дмитриевна" in page and "Смирнова Ольга Викторовна" in page
    assert "Подтвердить импорт" in page
    assert not Teacher.objects.exists()
    assert len(list(pending_files.iterdir())) == 1  # the upload waits outside the public folders


def test_confirming_writes_the_teachers_to_the_curators_school(client, curator_a, school_a, pending_files):
    client.force_login(curator_a)
    upload(client, "staff_good.xlsx")

    response = confirm(client)

    assert response.status_code == 302 and response["Location"] == CHANGELIST_URL
    assert Teacher.objects.filter(school=school_a).count() == 8
    assert Teacher.objects.count() == 8
    assert SESSION_KEY not in client.session
    assert not list(pending_files.iterdir())
    messages = [str(m) for m in client.get(CHANGELIST_URL).context["messages"]]
    assert "Импорт выполнен: добавлено педагогов — 8, обновлено — 0, без изменений — 0." in messages


def test_preview_of_a_changed_file_shows_the_change(client, curator_a, school_a):
    client.force_login(curator_a)
    upload(client, "staff_good.xlsx")
    confirm(client)

    response = upload(client, "staff_changed.xlsx")

    page = response.content.decode()
    assert "новых — 1, изменённых — 1, без изменений — 7" in page
    assert "+7 921 555-10-20" in page and "+7 921 555-10-21" in page
    assert "Белова Светлана Олеговна" in page
    confirm(client)
    assert Teacher.objects.get(last_name="Ковалёва").phone == "+7 921 555-10-21"
    assert Teacher.objects.filter(school=school_a).count() == 9


def test_a_curator_of_school_b_imports_into_school_b_only(client, curator_a, curator_b, school_a, school_b):
    TeacherFactory(school=school_a, email="ivanova@school34.example")  # same e-mail in another school
    before_a = list(Teacher.objects.filter(school=school_a).values())
    client.force_login(curator_b)

    upload(client, "staff_good.xlsx")
    confirm(client)

    assert Teacher.objects.filter(school=school_b).count() == 8
    assert list(Teacher.objects.filter(school=school_a).values()) == before_a


def test_school_cannot_be_chosen_by_posting_it(client, curator_b, school_a, school_b):
    client.force_login(curator_b)
    file = SimpleUploadedFile("staff_good.xlsx", (DATA / "staff_good.xlsx").read_bytes())
    client.post(IMPORT_URL, {"file": file, "school": school_a.pk})
    confirm(client)
    assert not Teacher.objects.filter(school=school_a).exists()


@pytest.mark.parametrize(
    "name, error",
    [
        ("bad_date_nonexistent.xlsx", "Строка 7, столбец «Дата рождения»: нет такой даты «31.02.1990»."),
        ("bad_pdf_renamed.xlsx", "не является таблицей XLSX или CSV"),
        ("bad_missing_header.xlsx", "Строка 1: нет столбца «Дата рождения»."),
    ],
)
def test_a_bad_file_shows_every_error_and_writes_nothing(client, curator_a, school_a, name, error):
    TeacherFactory(school=school_a)
    before = snapshot()
    client.force_login(curator_a)

    response = upload(client, name)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert "Подтвердить импорт" not in response.content.decode()
    assert SESSION_KEY not in client.session
    assert snapshot() == before


def test_a_preview_gone_stale_is_shown_again_and_nothing_written(client, curator_a, school_a):
    client.force_login(curator_a)
    upload(client, "staff_good.xlsx")
    TeacherFactory(school=school_a, last_name="Иванова", first_name="Мария", email="ivanova@school34.example", phone="")
    before = snapshot()

    response = confirm(client)

    assert response.status_code == 200
    assert "Пока вы смотрели предпросмотр, список педагогов изменился" in response.content.decode()
    assert "новых — 7, изменённых — 1" in response.content.decode()
    assert snapshot() == before
    confirm(client)
    assert Teacher.objects.filter(school=school_a).count() == 8


def test_confirm_needs_the_token_of_this_session(client, curator_a):
    client.force_login(curator_a)
    upload(client, "staff_good.xlsx")

    response = confirm(client, token="not-the-token")

    assert response.status_code == 302 and response["Location"] == IMPORT_URL
    assert not Teacher.objects.exists()


def test_cancel_forgets_the_upload(client, curator_a, pending_files):
    client.force_login(curator_a)
    upload(client, "staff_good.xlsx")
    token = client.session[SESSION_KEY]["token"]

    client.post(IMPORT_URL, {"action": "cancel", "token": token})

    assert SESSION_KEY not in client.session and not list(pending_files.iterdir())
    confirm_response = confirm(client, token=token)
    assert confirm_response.status_code == 302
    assert not Teacher.objects.exists()


def test_a_curator_cannot_confirm_another_curators_preview(client, curator_a, curator_b):
    client.force_login(curator_a)
    upload(client, "staff_good.xlsx")
    token = client.session[SESSION_KEY]["token"]
    client.force_login(curator_b)

    confirm(client, token=token)

    assert not Teacher.objects.exists()


@pytest.mark.parametrize("who", ["director", "coordinator", "viewer"])
def test_users_who_may_not_add_teachers_are_refused(client, school_a, director_a, who):
    from apps.schools.tests.factories import MunicipalityFactory

    if who == "director":
        user = director_a
    elif who == "coordinator":
        user = UserFactory(is_staff=True, municipality=MunicipalityFactory(), roles=[Role.COORDINATOR])
    else:
        user = UserFactory(is_staff=True, school=school_a)  # staff, but no permissions at all
    client.force_login(user)

    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, "staff_good.xlsx").status_code == 403
    assert client.get(reverse("admin:schools_teacher_import_template")).status_code == 403
    assert not Teacher.objects.exists()


def test_a_teacher_and_a_visitor_are_sent_to_the_login(client, teacher_user):
    assert client.get(IMPORT_URL).status_code == 302
    client.force_login(teacher_user)
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_superuser_without_a_school_has_no_school_to_import_into(client, superuser):
    client.force_login(superuser)
    assert client.get(IMPORT_URL).status_code == 403
