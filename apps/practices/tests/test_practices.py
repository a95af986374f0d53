"""The best practices library: marking a programme, checking files, reaching only one's own school."""

import io
import zipfile

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.pairs.tests.factories import make_pair
from apps.practices.files import DEFAULT_MAX_BYTES, validate_practice_file
from apps.practices.models import BestPractice, BestPracticeFile, PracticeKind
from apps.practices.services import best_practice_file_add, best_practice_from_programme
from apps.programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def office_bytes(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def make_programme(school, **fields):
    pair = make_pair(school=school)
    defaults = {
        "title": "Адаптация молодого учителя математики",
        "goals": "Помочь освоить методику урока.",
        "expected_outcome": "Уверенное ведение уроков.",
        "starts_on": pair.started_on,
        "ends_on": pair.planned_end_on,
    }
    return Programme.objects.create(pair=pair, **{**defaults, **fields})


# --- From a programme ---------------------------------------------------------------------


def test_a_programme_becomes_one_best_practice(school_a):
    programme = make_programme(school_a)
    practice, created = best_practice_from_programme(programme=programme)
    assert created
    assert practice.school == school_a
    assert practice.programme == programme
    assert practice.kind == PracticeKind.PROGRAMME
    assert practice.title == programme.title
    assert practice.form == programme.pair.form
    assert practice.description == (
        "Цели и задачи:\nПомочь освоить методику урока.\n\nОжидаемые результаты:\nУверенное ведение уроков."
    )
    assert practice.authors == programme.pair.mentor.teacher.short_name
    assert not practice.is_published and practice.published_at is None

    again, created_again = best_practice_from_programme(programme=programme)
    assert (again.pk, created_again) == (practice.pk, False)
    assert BestPractice.objects.count() == 1


def test_the_programme_action_marks_once(client, curator_a, school_a):
    programme = make_programme(school_a)
    client.force_login(curator_a)
    post = {"action": "mark_best_practice", admin.helpers.ACTION_CHECKBOX_NAME: [programme.pk]}
    changelist = reverse("admin:programmes_programme_changelist")
    response = client.post(changelist, post, follow=True)
    assert "добавлена в методическую копилку" in response.content.decode()
    response = client.post(changelist, post, follow=True)
    assert "уже есть в методической копилке" in response.content.decode()
    assert BestPractice.objects.filter(programme=programme, school=school_a).count() == 1


def test_a_director_has_no_such_action(client, director_a, school_a):
    make_programme(school_a)
    client.force_login(director_a)
    response = client.get(reverse("admin:programmes_programme_changelist"))
    assert "mark_best_practice" not in response.content.decode()


def test_a_curator_cannot_mark_another_schools_programme(client, curator_b, school_a):
    programme = make_programme(school_a)
    client.force_login(curator_b)
    client.post(
        reverse("admin:programmes_programme_changelist"),
        {"action": "mark_best_practice", admin.helpers.ACTION_CHECKBOX_NAME: [programme.pk]},
    )
    assert not BestPractice.objects.exists()


def test_published_at_follows_the_flag(school_a):
    practice = BestPractice.objects.create(school=school_a, title="Кейс", kind=PracticeKind.CASE)
    practice.is_published = True
    practice.save()
    assert practice.published_at is not None
    practice.is_published = False
    practice.save()
    assert practice.published_at is None


# --- Files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "extension"),
    [
        ("программа.pdf", pdf_bytes(), ".pdf"),
        ("фото.png", png_bytes(), ".png"),
        ("разработка.docx", office_bytes("word"), ".docx"),
        ("презентация.pptx", office_bytes("ppt"), ".pptx"),
        ("таблица.xlsx", office_bytes("xl"), ".xlsx"),
    ],
)
def test_allowed_files_pass(name, data, extension):
    assert validate_practice_file(upload(name, data)) == extension


def test_a_png_called_pdf_is_refused_in_russian():
    with pytest.raises(ValidationError) as error:
        validate_practice_file(upload("отчёт.pdf", png_bytes()))
    assert error.value.messages == [
        (
            "Расширение файла (.pdf) не соответствует содержимому: это файл PNG. "
            "Загрузите файл в формате PDF, DOCX, PPTX, XLSX, JPEG или PNG с правильным расширением."
        )
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("вирус.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        ("архив.docx", office_bytes("other")),
        ("битый.pdf", b"%PDF-1.4 not really"),
    ],
)
def test_other_content_is_refused(name, data):
    with pytest.raises(ValidationError) as error:
        validate_practice_file(upload(name, data))
    assert error.value.messages[0].startswith(("Загрузите файл в формате", "Файл повреждён"))


def test_a_too_big_file_is_refused(settings):
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    settings.PRACTICE_FILE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        best_practice_file_add(practice=BestPractice(), file=upload("большой.pdf", b"%PDF-" + b"0" * 2000))
    assert error.value.messages == ["Файл больше 1 КБ. Уменьшите его или разделите на несколько файлов."]


def test_the_default_limit_is_twenty_megabytes():
    big = upload("большой.pdf", b"%PDF-" + b"0" * DEFAULT_MAX_BYTES)
    with pytest.raises(ValidationError) as error:
        validate_practice_file(big)
    assert error.value.messages == ["Файл больше 20 МБ. Уменьшите его или разделите на несколько файлов."]


def test_a_file_is_stored_under_a_random_path(school_a, media):
    practice = BestPractice.objects.create(school=school_a, title="Кейс")
    first = best_practice_file_add(practice=practice, file=upload("кейс.pdf", pdf_bytes()))
    second = best_practice_file_add(practice=practice, file=upload("кейс.pdf", pdf_bytes()))
    assert first.file.name.startswith(f"practices/{school_a.pk}/")
    assert first.file.name != second.file.name
    assert "кейс" not in first.file.name
    assert first.name == "кейс.pdf" and first.size > 0


def _change_post(practice, name, data):
    return {
        "title": practice.title,
        "kind": practice.kind,
        "description": "",
        "authors": "",
        "programme": "",
        "form": "",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-file": upload(name, data),
        "files-0-practice": str(practice.pk),
    }


def test_the_admin_refuses_a_disguised_upload(client, curator_a, school_a):
    practice = BestPractice.objects.create(school=school_a, title="Кейс")
    client.force_login(curator_a)
    address = reverse("admin:practices_bestpractice_change", args=[practice.pk])
    response = client.post(address, _change_post(practice, "отчёт.pdf", png_bytes()))
    assert response.status_code == 200
    assert "не соответствует содержимому: это файл PNG" in response.content.decode()
    assert not BestPracticeFile.objects.exists()

    response = client.post(address, _change_post(practice, "отчёт.png", png_bytes()))
    assert response.status_code == 302
    attachment = BestPracticeFile.objects.get()
    assert attachment.name == "отчёт.png"

    # Saving the practice again keeps the file without uploading it anew.
    resave = _change_post(practice, "другой.png", png_bytes())
    del resave["files-0-file"]
    resave.update({"files-INITIAL_FORMS": "1", "files-0-id": str(attachment.pk), "title": "Кейс (уточнено)"})
    assert client.post(address, resave).status_code == 302
    assert BestPracticeFile.objects.get().file.name == attachment.file.name


# --- Access -------------------------------------------------------------------------------


@pytest.fixture
def practice_a(school_a):
    practice = BestPractice.objects.create(school=school_a, title="Кейс школы А", kind=PracticeKind.CASE)
    best_practice_file_add(practice=practice, file=upload("кейс.pdf", pdf_bytes()))
    return practice


def file_url(practice):
    return reverse("admin:practices_bestpractice_file", args=[practice.pk, practice.files.get().pk])


def test_the_schools_staff_download_the_file(client, curator_a, director_a, practice_a):
    for user in (curator_a, director_a):
        client.force_login(user)
        response = client.get(file_url(practice_a))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "attachment" in response["Content-Disposition"]


def test_the_change_page_never_shows_a_media_address(client, curator_a, practice_a, settings):
    client.force_login(curator_a)
    page = client.get(reverse("admin:practices_bestpractice_change", args=[practice_a.pk])).content.decode()
    assert file_url(practice_a) in page
    assert practice_a.files.get().file.name not in page
    assert f"/{settings.MEDIA_URL}practices" not in page


def test_another_schools_curator_neither_sees_nor_downloads(client, curator_b, practice_a):
    client.force_login(curator_b)
    assert client.get(file_url(practice_a)).status_code == 404
    assert client.get(reverse("admin:practices_bestpractice_change", args=[practice_a.pk])).status_code == 404
    listing = client.get(reverse("admin:practices_bestpractice_changelist"))
    assert practice_a.pk not in {row.pk for row in listing.context["cl"].result_list}


def test_a_file_of_another_practice_is_not_reached_through_ones_own(client, curator_b, school_b, practice_a):
    own = BestPractice.objects.create(school=school_b, title="Кейс школы Б")
    client.force_login(curator_b)
    address = reverse("admin:practices_bestpractice_file", args=[own.pk, practice_a.files.get().pk])
    assert client.get(address).status_code == 404


def test_a_teacher_and_a_stranger_are_sent_to_log_in(client, teacher_user, practice_a):
    assert client.get(file_url(practice_a)).status_code == 302
    client.force_login(teacher_user)
    assert client.get(file_url(practice_a)).status_code == 302
