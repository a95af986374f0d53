import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.core.dates import school_year_start
from apps.core.tests.clock import freeze_today, this_school_year, years_ago
from apps.documents.models import Order, OrderKind, OrderStatus
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.roadmap.models import Event, EventStatus, Roadmap, Stage
from apps.roadmap.services import event_update, roadmap_copy, roadmap_create, roadmap_refresh
from apps.schools.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _event(roadmap, prefix):
    return Event.objects.get(stage__roadmap=roadmap, title__startswith=prefix)


def _row(html, event):
    match = re.search(rf'<tr id="event-{event.pk}".*?</tr>', html, re.S)
    assert match, f"no row for {event}"
    return match.group(0)


def _edit_data(event, **values):
    data = {
        "status": event.status,
        "deadline": event.deadline.isoformat(),
        "responsible": event.responsible,
        "note": event.note,
        "done_on": "",
    }
    data.update(values)
    return {f"event-{event.pk}-{key}": value for key, value in data.items()}


# Access


def test_curator_sees_the_create_button_and_creates_the_roadmap(client, curator_a, school_a):
    client.force_login(curator_a)
    year = school_year_start(timezone.localdate())
    response = client.get(reverse("roadmap:page"))
    label = f"Создать дорожную карту на {year}/{year + 1} учебный год"
    assert label in response.content.decode()
    response = client.post(reverse("roadmap:create", args=[year]), follow=True)
    assert Roadmap.objects.filter(school=school_a, year_start=year).exists()
    html = response.content.decode()
    assert f"Дорожная карта на {year}/{year + 1} учебный год создана" in html
    assert "Этап 1. Подготовка условий" in html and "Этап 7. Информационная поддержка" in html


def test_director_sees_it_read_only(client, director_a, school_a):
    roadmap = roadmap_create(school=school_a, year_start=2025)
    event = Event.objects.filter(stage__roadmap=roadmap).first()
    client.force_login(director_a)
    html = client.get(reverse("roadmap:year", args=[2025])).content.decode()
    assert event.title in html
    assert "Изменить" not in html and "Скопировать на следующий учебный год" not in html
    assert client.get(reverse("roadmap:event_edit", args=[event.pk]), **HX).status_code == 403
    assert client.post(reverse("roadmap:event_edit", args=[event.pk]), _edit_data(event, status="done"), **HX).status_code == 403
    assert client.post(reverse("roadmap:copy", args=[2025])).status_code == 403
    assert client.post(reverse("roadmap:create", args=[2026])).status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED
    assert not Roadmap.objects.filter(year_start=2026).exists()
    # Without a roadmap the director gets no button either.
    html = client.get(reverse("roadmap:year", args=[2027])).content.decode()
    assert "Дорожной карты на 2027/2028 учебный год ещё нет." in html
    assert "Создать дорожную карту" not in html


def test_another_schools_event_is_not_found(client, curator_b, school_a):
    roadmap = roadmap_create(school=school_a, year_start=2025)
    event = Event.objects.filter(stage__roadmap=roadmap).first()
    client.force_login(curator_b)
    assert client.get(reverse("roadmap:event_edit", args=[event.pk]), **HX).status_code == 404
    assert client.post(reverse("roadmap:event_edit", args=[event.pk]), _edit_data(event, status="done"), **HX).status_code == 404
    assert client.get(reverse("roadmap:event_row", args=[event.pk]), **HX).status_code == 404
    # School B sees its own (empty) year, not school A's roadmap.
    html = client.get(reverse("roadmap:year", args=[2025])).content.decode()
    assert event.title not in html
    assert client.post(reverse("roadmap:copy", args=[2025])).status_code == 404


def test_teacher_and_anonymous_are_refused(client, teacher_user):
    url = reverse("roadmap:page")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(teacher_user)
    assert client.get(url).status_code == 403


# The timeline


def test_events_sit_in_their_deadline_month_and_overdue_ones_are_marked(client, curator_a, school_a, monkeypatch):
    today = freeze_today(monkeypatch, this_school_year(11, 20))  # 9 days back stay in this school year
    year = school_year_start(today)
    roadmap = roadmap_create(school=school_a, year_start=year)
    events = Event.objects.filter(stage__roadmap=roadmap)
    events.update(deadline=datetime.date(year + 1, 8, 31))  # nothing overdue but what we make so
    late = _event(roadmap, "Назначение куратора")
    late.deadline = today - datetime.timedelta(days=5)
    late.save()
    done = _event(roadmap, "Анкетирование потенциальных наставников")
    done.deadline, done.status, done.done_on = today - datetime.timedelta(days=9), EventStatus.DONE, today
    done.save()
    client.force_login(curator_a)
    html = client.get(reverse("roadmap:page")).content.decode()

    late_row = _row(html, late)
    assert "просрочено 5 дн." in late_row and "table-danger" in late_row
    assert f'data-month="{(late.deadline.month - 9) % 12}"' in late_row
    assert late_row.count("month-mark") == 1
    done_row = _row(html, done)
    assert "просрочено" not in done_row
    august = _row(html, _event(roadmap, "Освещение мероприятий"))
    assert 'data-month="11"' in august and "просрочено" not in august
    stage_1 = re.search(r'<tbody id="stage-1">.*?</tbody>', html, re.S).group(0)
    assert "выполнено 0 из 6" in stage_1 and "просрочено 1" in stage_1
    stage_3 = re.search(r'<tbody id="stage-3">.*?</tbody>', html, re.S).group(0)
    assert "выполнено 1 из 2" in stage_3


def test_standard_deadlines_fall_in_the_standard_months(client, curator_a, school_a):
    roadmap = roadmap_create(school=school_a, year_start=2025)
    client.force_login(curator_a)
    html = client.get(reverse("roadmap:year", args=[2025])).content.decode()
    # September (0), November (2) and May (8) of 2025/2026.
    assert 'data-month="0"' in _row(html, _event(roadmap, "Изучение нормативной базы"))
    assert 'data-month="2"' in _row(html, _event(roadmap, "Формирование наставнических пар"))
    row = _row(html, _event(roadmap, "Подготовка аналитической справки"))
    assert 'data-month="8"' in row and "31.05.2026" in row
    # Past year: every open event is overdue.
    assert "просрочено" in row


def test_the_result_links_the_signed_order_else_the_document_else_the_note(client, curator_a, school_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    roadmap = roadmap_create(school=school_a, year_start=2025)
    pairs_event = _event(roadmap, "Формирование наставнических пар")
    order = Order.objects.create(
        school=school_a, kind=OrderKind.PAIRS, status=OrderStatus.SIGNED, number="45-од",
        date=datetime.date(2025, 11, 20), payload={}, event=pairs_event,
    )
    Order.objects.create(school=school_a, kind=OrderKind.PAIRS, event=_event(roadmap, "Издание приказа о внедрении"))  # a draft
    noted = _event(roadmap, "Анализ банка наставников")
    noted.note = "Обсуждено на совещании 12.10.2025"
    noted.save()
    client.force_login(curator_a)
    html = client.get(reverse("roadmap:year", args=[2025])).content.decode()
    row = _row(html, pairs_event)
    assert reverse("documents:order_pdf", args=[order.pk]) in row
    assert "Приказ от 20.11.2025 № 45-од" in row
    draft_row = _row(html, _event(roadmap, "Издание приказа о внедрении"))
    assert "order_pdf" not in draft_row and "Приказ о внедрении целевой модели наставничества" in draft_row
    assert "Обсуждено на совещании 12.10.2025" in _row(html, noted)


# Editing in place


def test_curator_edits_an_event_in_place(client, curator_a, school_a):
    roadmap = roadmap_create(school=school_a, year_start=2025)
    event = _event(roadmap, "Подготовка шаблонов")
    client.force_login(curator_a)
    form = client.get(reverse("roadmap:event_edit", args=[event.pk]), **HX)
    assert form.status_code == 200
    html = form.content.decode()
    assert html.lstrip().startswith(f'<tr id="event-{event.pk}"') and "Сохранить" in html and "<html" not in html

    data = _edit_data(event, status="done", responsible="Директор, куратор", note="Приказ издан")
    response = client.post(reverse("roadmap:event_edit", args=[event.pk]), data, **HX)
    row = response.content.decode()
    assert row.lstrip().startswith(f'<tr id="event-{event.pk}"') and "Изменить" in row and "выполнено" in row
    event.refresh_from_db()
    assert event.status == EventStatus.DONE and event.done_on == timezone.localdate()
    assert event.responsible == "Директор, куратор" and event.note == "Приказ издан"

    # Reopening clears the date; a new deadline is kept; a given date is used.
    data = _edit_data(event, status="in_progress", deadline="2025-12-15")
    client.post(reverse("roadmap:event_edit", args=[event.pk]), data, **HX)
    event.refresh_from_db()
    assert (event.status, event.done_on, event.deadline) == ("in_progress", None, datetime.date(2025, 12, 15))
    data = _edit_data(event, status="done", done_on="2025-10-20")
    client.post(reverse("roadmap:event_edit", args=[event.pk]), data, **HX)
    event.refresh_from_db()
    assert event.done_on == datetime.date(2025, 10, 20)

    # «Отмена» gives the row back.
    row = client.get(reverse("roadmap:event_row", args=[event.pk]), **HX).content.decode()
    assert row.lstrip().startswith(f'<tr id="event-{event.pk}"')


def test_the_edit_form_validates_in_russian(client, curator_a, school_a):
    roadmap = roadmap_create(school=school_a, year_start=2025)
    event = _event(roadmap, "Назначение куратора")
    client.force_login(curator_a)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = _edit_data(event, status="done", deadline="", done_on=tomorrow, responsible="х" * 301)
    html = client.post(reverse("roadmap:event_edit", args=[event.pk]), data, **HX).content.decode()
    assert "Укажите срок." in html
    assert "Дата выполнения не может быть позже сегодняшнего дня." in html
    assert "Убедитесь, что это значение содержит не более 300 символов" in html
    html = client.post(reverse("roadmap:event_edit", args=[event.pk]), _edit_data(event, deadline="31.02.2026", status="выполнено"), **HX).content.decode()
    assert "Введите дату в формате ДД.ММ.ГГГГ." in html
    assert "Выберите корректный вариант" in html
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED and event.responsible == "Директор"


def test_editing_without_htmx_goes_back_to_the_page(client, curator_a, school_a):
    roadmap = roadmap_create(school=school_a, year_start=2025)
    event = _event(roadmap, "Подготовка шаблонов")
    client.force_login(curator_a)
    assert "Сохранить" in client.get(reverse("roadmap:event_edit", args=[event.pk])).content.decode()
    response = client.post(reverse("roadmap:event_edit", args=[event.pk]), _edit_data(event, status="done"))
    assert response.status_code == 302 and response.url == reverse("roadmap:year", args=[2025]) + f"#event-{event.pk}"


def test_event_update_dates_done_events_only(school_a):
    roadmap = roadmap_create(school=school_a, year_start=2025)
    event = _event(roadmap, "Подготовка шаблонов")
    on = datetime.date(2025, 10, 3)
    event_update(event=event, status="done", deadline=event.deadline, responsible="", note="", done_on=on)
    assert event.done_on == on
    event_update(event=event, status="done", deadline=event.deadline, responsible="", note="")
    assert event.done_on == on  # kept
    event_update(event=event, status="cancelled", deadline=event.deadline, responsible="", note="", done_on=on)
    event.refresh_from_db()
    assert event.status == "cancelled" and event.done_on is None


# Auto-fulfilment


def _young(school, *, consent=True, mentee=True):
    teacher = TeacherFactory(school=school, birth_date=years_ago(26, 3, 1), teaching_since=this_school_year(9, 1, years=-2))
    if mentee:
        MenteeFactory(teacher=teacher, school=school)
    if consent:
        consent_give(teacher=teacher, kind=ConsentKind.PERSONAL_DATA)
    return teacher


def test_the_mentee_bank_event_is_done_when_every_young_specialist_is_in_the_bank(school_a):
    today = timezone.localdate()
    roadmap = roadmap_create(school=school_a, year_start=school_year_start(today))
    event = _event(roadmap, "Формирование банка наставляемых")
    _young(school_a)
    missing = _young(school_a, consent=False)
    assert roadmap_refresh(roadmap=roadmap, today=today) == []
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED
    consent_give(teacher=missing, kind=ConsentKind.PERSONAL_DATA)
    assert roadmap_refresh(roadmap=roadmap, today=today) == [event]
    event.refresh_from_db()
    assert event.status == EventStatus.DONE and event.done_on == today
    assert event.note == "Выполнено автоматически: в банке наставляемых все молодые специалисты (2 из 2, 100 %)."
    assert roadmap_refresh(roadmap=roadmap, today=today) == []  # done stays done, noted once


def test_an_empty_bank_does_not_count_as_formed(school_a):
    today = timezone.localdate()
    roadmap = roadmap_create(school=school_a, year_start=school_year_start(today))
    assert roadmap_refresh(roadmap=roadmap, today=today) == []


def test_the_mentor_bank_event_needs_an_approved_mentor_with_consent(school_a):
    today = timezone.localdate()
    roadmap = roadmap_create(school=school_a, year_start=school_year_start(today))
    event = _event(roadmap, "Формирование банка наставников")
    candidate = MentorFactory(teacher__school=school_a, status="candidate")
    consent_give(teacher=candidate.teacher, kind=ConsentKind.PERSONAL_DATA)
    MentorFactory(teacher__school=school_a, status="approved")  # no consent
    assert roadmap_refresh(roadmap=roadmap, today=today) == []
    trained = MentorFactory(teacher__school=school_a, status="trained")
    consent_give(teacher=trained.teacher, kind=ConsentKind.PERSONAL_DATA)
    assert roadmap_refresh(roadmap=roadmap, today=today) == [event]
    event.refresh_from_db()
    assert event.status == EventStatus.DONE
    assert event.note == "Выполнено автоматически: в банке наставников утверждённых наставников с согласием: 1."


def test_auto_fulfilment_spares_closed_events_and_other_years(school_a):
    today = timezone.localdate()
    year = school_year_start(today)
    roadmap = roadmap_create(school=school_a, year_start=year)
    past = roadmap_create(school=school_a, year_start=year - 1)
    event = _event(roadmap, "Формирование банка наставников")
    event.status = EventStatus.CANCELLED
    event.save()
    mentor = MentorFactory(teacher__school=school_a, status="active")
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
    assert roadmap_refresh(roadmap=roadmap, today=today) == []
    assert roadmap_refresh(roadmap=past, today=today) == []
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED


def test_opening_the_page_fulfils_the_events(client, curator_a, school_a):
    year = school_year_start(timezone.localdate())
    roadmap = roadmap_create(school=school_a, year_start=year)
    mentor = MentorFactory(teacher__school=school_a, status="approved")
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
    client.force_login(curator_a)
    html = client.get(reverse("roadmap:page")).content.decode()
    assert "Выполнено автоматически: в банке наставников" in _row(html, _event(roadmap, "Формирование банка наставников"))


# Copy to the next year


def test_copy_to_the_next_year(client, curator_a, school_a):
    roadmap = roadmap_create(school=school_a, year_start=2025)
    event = _event(roadmap, "Подготовка шаблонов")
    event_update(event=event, status="done", deadline=datetime.date(2025, 10, 15), responsible="Директор", note="Готово",
                 done_on=datetime.date(2025, 10, 10))
    extra = Event.objects.create(stage=event.stage, title="Своё мероприятие", deadline=datetime.date(2026, 2, 28), order=99,
                                 status=EventStatus.IN_PROGRESS, note="идёт")
    client.force_login(curator_a)
    response = client.post(reverse("roadmap:copy", args=[2025]), follow=True)
    assert "Дорожная карта скопирована на 2026/2027 учебный год" in response.content.decode()
    new = Roadmap.objects.get(school=school_a, year_start=2026)
    assert list(new.stages.values_list("number", "title")) == list(roadmap.stages.values_list("number", "title"))
    old_events = Event.objects.filter(stage__roadmap=roadmap).order_by("stage__number", "order")
    new_events = Event.objects.filter(stage__roadmap=new).order_by("stage__number", "order")
    assert new_events.count() == old_events.count()
    for old, copied in zip(old_events, new_events):
        assert copied.title == old.title and copied.responsible == old.responsible
        assert copied.deadline == old.deadline.replace(year=old.deadline.year + 1)
        assert (copied.status, copied.done_on, copied.note) == (EventStatus.PLANNED, None, "")
    assert new_events.get(title="Своё мероприятие").deadline == datetime.date(2027, 2, 28)
    assert new_events.get(title__startswith="Подготовка шаблонов").deadline == datetime.date(2026, 10, 15)
    extra.refresh_from_db()
    assert extra.status == EventStatus.IN_PROGRESS  # the original is untouched


def test_copy_refuses_an_existing_year(client, curator_a, school_a):
    roadmap = roadmap_create(school=school_a, year_start=2025)
    roadmap_create(school=school_a, year_start=2026)
    client.force_login(curator_a)
    html = client.get(reverse("roadmap:year", args=[2025])).content.decode()
    assert "Скопировать на следующий учебный год" not in html
    response = client.post(reverse("roadmap:copy", args=[2025]), follow=True)
    assert "Дорожная карта на 2026/2027 учебный год уже есть." in response.content.decode()
    with pytest.raises(Exception, match="уже есть"):
        roadmap_copy(roadmap=roadmap, year_start=2026)
    assert Stage.objects.filter(roadmap__year_start=2026).count() == 7


def test_leap_day_deadlines_move_to_the_28th(school_a):
    roadmap = roadmap_create(school=school_a, year_start=2027)
    event = Event.objects.filter(stage__roadmap=roadmap).first()
    event.deadline = datetime.date(2028, 2, 29)
    event.save()
    new = roadmap_copy(roadmap=roadmap, year_start=2028)
    assert Event.objects.get(stage__roadmap=new, title=event.title).deadline == datetime.date(2029, 2, 28)


# Queries


def _grow(roadmap, times):
    """Each standard event `times` over, each with a signed order."""
    events = list(Event.objects.filter(stage__roadmap=roadmap))
    Event.objects.bulk_create(
        Event(stage_id=e.stage_id, title=f"{e.title} ({n})", deadline=e.deadline, responsible=e.responsible, order=e.order)
        for e in events
        for n in range(1, times)
    )
    for n, event in enumerate(Event.objects.filter(stage__roadmap=roadmap).order_by("pk")[: 5 * times]):
        Order.objects.create(
            school=roadmap.school, kind=OrderKind.PAIRS, status=OrderStatus.SIGNED, number=f"{n + 1}-од",
            date=datetime.date(2025, 10, 1), payload={}, event=event,
        )


@pytest.mark.parametrize("times", [1, 5])
def test_the_page_issues_a_bounded_number_of_queries(client, curator_a, school_a, times, django_assert_max_num_queries):
    year = school_year_start(timezone.localdate())
    roadmap = roadmap_create(school=school_a, year_start=year)
    _grow(roadmap, times)
    for _ in range(times):
        _young(school_a)
    client.force_login(curator_a)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("roadmap:page"))
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="event-') == Event.objects.filter(stage__roadmap=roadmap).count()
    with django_assert_max_num_queries(13):
        client.get(reverse("roadmap:page"))  # once the bank events are done
