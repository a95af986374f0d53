"""The event pages through their real URLs: the coordinator organises, the curators register, attendance trains."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter

from apps.accounts.roles import Role
from apps.events import services, views
from apps.events.models import Event, EventKind, Material, Registration
from apps.mentors.models import MentorStatus
from apps.pairs.tests.factories import make_pair
from apps.roadmap.models import Event as RoadmapEvent
from apps.roadmap.services import roadmap_create
from apps.schools.tests.factories import MunicipalityFactory, UserFactory

from .data import NOW, district_event

pytestmark = pytest.mark.django_db


def pdf_file(name="программа.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def event_data(**overrides):
    return {
        "kind": EventKind.MENTOR_TRAINING,
        "title": "Обучение наставников",
        "starts_at": (NOW + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "place": "ИМЦ, ул. Седова, 11",
        "link": "",
        "description": "",
        "capacity": "30",
        "registration_deadline": "",
        **overrides,
    }


# --- who may open what


def test_only_the_coordinator_opens_the_district_pages(client, district):
    event = district_event(district.municipality)
    for user in (district.curator_a, district.director_a):
        client.force_login(user)
        assert client.get(reverse("district_events:list")).status_code == 403
        assert client.get(reverse("district_events:detail", args=[event.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("district_events:list")).status_code == 302


def test_a_coordinator_of_another_district_does_not_find_the_event(client, district):
    event = district_event(district.municipality)
    stranger = UserFactory(username="coord-2", is_staff=True, municipality=MunicipalityFactory(name="Другой район"), roles=[Role.COORDINATOR])
    client.force_login(stranger)
    assert client.get(reverse("district_events:detail", args=[event.pk])).status_code == 404
    assert client.get(reverse("district_events:sheet_pdf", args=[event.pk])).status_code == 404


def test_a_school_of_another_district_does_not_see_the_event(client, district):
    event = district_event(district.municipality)
    other_curator = UserFactory(username="cur-x", is_staff=True, school=district.other_school, roles=[Role.CURATOR])
    client.force_login(other_curator)
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert event.title not in client.get(reverse("events:list")).content.decode()


def test_a_schools_own_event_is_hidden_from_the_neighbour(client, district):
    own = district_event(district.municipality, school=district.school_a, kind=EventKind.FINAL_CONFERENCE, title="Итоговая конференция А")
    client.force_login(district.curator_b)
    assert client.get(reverse("events:detail", args=[own.pk])).status_code == 404
    assert client.get(reverse("events:sheet_xlsx", args=[own.pk])).status_code == 404
    client.force_login(district.coordinator)
    assert client.get(reverse("district_events:detail", args=[own.pk])).status_code == 404


def test_a_teacher_and_a_director_cannot_register(client, district, teacher_user):
    event = district_event(district.municipality)
    client.force_login(teacher_user)
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 403
    client.force_login(district.director_a)
    page = client.get(reverse("events:detail", args=[event.pk]))
    assert page.status_code == 200 and 'id="registration-form"' not in page.content.decode()
    post = client.post(reverse("events:register", args=[event.pk]), {"teachers": [district.mentor_a.teacher.pk]})
    assert post.status_code == 403
    assert not Registration.objects.exists()


def test_a_curator_cannot_take_off_another_schools_participant(client, district):
    event = district_event(district.municipality)
    (registration,) = services.registrations_create(event=event, school=district.school_b, teachers=[district.mentor_b.teacher], now=NOW)
    client.force_login(district.curator_a)
    assert client.post(reverse("events:unregister", args=[event.pk, registration.pk])).status_code == 404
    assert Registration.objects.filter(pk=registration.pk).exists()


# --- the work


def test_the_coordinator_creates_an_event_bad_input_first(client, district):
    client.force_login(district.coordinator)
    page = client.post(reverse("district_events:create"), event_data(title="", place="", starts_at="завтра"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Обязательное поле." in text
    assert "Введите правильную дату и время." in text or "Введите правильные дату и время." in text
    assert not Event.objects.exists()
    page = client.post(reverse("district_events:create"), event_data(place="", link=""))
    assert "Укажите место проведения или ссылку на подключение." in page.content.decode()

    response = client.post(reverse("district_events:create"), event_data())
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("district_events:detail", args=[event.pk])
    assert (event.municipality, event.school, event.created_by) == (district.municipality, None, district.coordinator)


def test_a_link_typed_without_its_scheme_is_kept_as_https(client, district):
    client.force_login(district.coordinator)
    client.post(reverse("district_events:create"), event_data(place="", link="telemost.example.ru/j/123"))
    assert Event.objects.get().link == "https://telemost.example.ru/j/123"


def test_curators_register_the_coordinator_marks_attendance_and_the_mentor_is_trained(client, district, monkeypatch, django_assert_max_num_queries):
    event = district_event(district.municipality, capacity=10)
    client.force_login(district.curator_a)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Алмазова" in page and "Васильева" not in page  # only the school's own teachers to choose from
    response = client.post(reverse("events:register", args=[event.pk]), {"teachers": [district.mentor_a.teacher.pk, district.mentee_a.teacher.pk]})
    assert response.status_code == 302
    bad = client.post(reverse("events:register", args=[event.pk]), {"teachers": [district.mentor_b.teacher.pk]}, follow=True)
    assert "Педагог не найден." in bad.content.decode()
    client.force_login(district.curator_b)
    client.post(reverse("events:register", args=[event.pk]), {"teachers": [district.mentor_b.teacher.pk]})
    assert Registration.objects.filter(event=event).count() == 3

    client.force_login(district.coordinator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("district_events:detail", args=[event.pk])).content.decode()
    assert "Алмазова" in page and "Васильева" in page and "Присутствие отмечается после начала" in page

    monkeypatch.setattr(views, "now", lambda: NOW + datetime.timedelta(days=8))
    registrations = {r.teacher_id: r.pk for r in Registration.objects.filter(event=event)}
    response = client.post(
        reverse("district_events:attendance", args=[event.pk]),
        {"shown": list(registrations.values()), "attended": [registrations[district.mentor_a.teacher_id], registrations[district.mentor_b.teacher_id]]},
    )
    assert response.status_code == 302
    for mentor in (district.mentor_a, district.mentor_b):
        mentor.refresh_from_db()
        assert (mentor.trained_on, mentor.status) == (event.starts_on, MentorStatus.TRAINED)

    # The mentor's card names the session.
    client.force_login(district.curator_a)
    card = client.get(reverse("admin:mentors_mentor_change", args=[district.mentor_a.pk])).content.decode()
    assert "Обучение наставников: роль и задачи наставника" in card

    # The sheet: PDF in the documents' style and XLSX.
    client.force_login(district.coordinator)
    pdf = client.get(reverse("district_events:sheet_pdf", args=[event.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Лист регистрации участников мероприятия" in text
    assert "Отдел образования администрации Невского района".upper() in text
    assert "Алмазова" in text and "Васильева" in text and "присутствовали: 2" in text
    book = load_workbook(io.BytesIO(client.get(reverse("district_events:sheet_xlsx", args=[event.pk])).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("№ п/п", "ФИО участника")
    assert {row[5] for row in rows[1:]} == {"присутствовал(а)", "отсутствовал(а)"}


def test_the_teacher_sees_their_registration_at_home(client, district):
    event = district_event(district.municipality)
    services.registrations_create(event=event, school=district.school_a, teachers=[district.mentor_a.teacher], now=NOW)
    user = UserFactory(username="almazova", school=district.school_a, roles=[Role.TEACHER])
    district.mentor_a.teacher.user = user
    district.mentor_a.teacher.save()
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "Мои мероприятия" in page and event.title in page and "Вы зарегистрированы." in page


def test_materials_bad_file_first_then_public_for_a_district_event(client, district):
    event = district_event(district.municipality)
    client.force_login(district.coordinator)
    fake = SimpleUploadedFile("доклад.pdf", b"not a pdf at all", content_type="application/pdf")
    page = client.post(reverse("district_events:material_add", args=[event.pk]), {"title": "Доклад", "file": fake}, follow=True)
    assert "Загрузите файл в формате PDF, DOCX, PPTX, XLSX, JPEG или PNG." in page.content.decode()
    assert not Material.objects.exists()
    client.post(reverse("district_events:material_add", args=[event.pk]), {"title": "Презентация", "file": pdf_file()})
    material = Material.objects.get()
    client.logout()
    download = client.get(reverse("events:material", args=[material.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.getvalue().startswith(b"%PDF")  # the file itself, read to its end (the file is closed)

    # The public page's list shows it, and names nobody.
    services.registrations_create(event=event, school=district.school_a, teachers=[district.mentor_a.teacher], now=NOW)
    html = client.get(reverse("public:district", args=[district.municipality.slug])).content.decode()
    assert event.title in html and "Презентация" in html and "Алмазова" not in html


def test_a_schools_material_is_not_public(client, district):
    own = district_event(district.municipality, school=district.school_a, kind=EventKind.FINAL_CONFERENCE)
    material = services.material_add(event=own, title="Итоги года", file=pdf_file())
    assert client.get(reverse("events:material", args=[material.pk])).status_code == 404
    client.force_login(district.curator_b)
    assert client.get(reverse("events:material", args=[material.pk])).status_code == 404
    client.force_login(district.curator_a)
    assert client.get(reverse("events:material", args=[material.pk])).getvalue().startswith(b"%PDF")


def test_the_roadmap_row_leads_to_the_final_event_with_the_pairs_members(client, district):
    pair = make_pair(mentor=district.mentor_a, mentees=[district.mentee_a], started_on=NOW.date() - datetime.timedelta(days=60))
    assert pair.school == district.school_a
    client.force_login(district.curator_a)
    day = (NOW + datetime.timedelta(days=150)).date()
    response = client.get(reverse("events:final") + f"?date={day.isoformat()}")
    assert response.status_code == 302 and "kind=final_conference" in response["Location"]
    form = client.get(response["Location"]).content.decode()
    assert 'value="final_conference" selected' in form
    client.post(
        response["Location"],
        event_data(kind=EventKind.FINAL_CONFERENCE, title="Итоговая конференция «Наставничество: итоги года»", starts_at=f"{day.isoformat()}T15:00", capacity=""),
    )
    event = Event.objects.get(school=district.school_a)
    assert client.get(reverse("events:final") + f"?date={day.isoformat()}")["Location"] == reverse("events:detail", args=[event.pk])
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Зарегистрировать участников наставнических пар (2)" in page
    client.post(reverse("events:register", args=[event.pk]), {"pair_members": "1"})
    assert set(Registration.objects.filter(event=event).values_list("teacher_id", flat=True)) == {
        district.mentor_a.teacher_id,
        district.mentee_a.teacher_id,
    }


def test_the_lists_do_not_grow_in_queries_with_the_events(client, district, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            event = district_event(district.municipality, days=i + 1, title=f"Семинар {i}")
            services.registrations_create(event=event, school=district.school_a, teachers=[district.mentor_a.teacher], now=NOW)
            Registration.objects.filter(event=event).delete() if i % 2 else None

    add(2)
    client.force_login(district.coordinator)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("district_events:list"))
    client.force_login(district.curator_a)
    with django_assert_max_num_queries(10) as small_school:
        client.get(reverse("events:list"))
    add(20)
    client.force_login(district.coordinator)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("district_events:list"))
    client.force_login(district.curator_a)
    with django_assert_max_num_queries(len(small_school.captured_queries)):
        client.get(reverse("events:list"))


def test_the_roadmaps_final_event_row_links_to_the_event(client, district):
    roadmap = roadmap_create(school=district.school_a, year_start=2026)
    row = RoadmapEvent.objects.get(stage__roadmap=roadmap, title__startswith="Итоговое мероприятие")
    client.force_login(district.curator_a)
    html = client.get(reverse("roadmap:year", args=[2026])).content.decode()
    link = f'{reverse("events:final")}?date={row.deadline.isoformat()}'
    assert html.count('class="final-event-link"') == 1 and link in html
