"""The demo's events: the district's training sessions the demo mentors attended (their attendance is
what says they are trained), a course for the new mentors, a «Школа молодого педагога» meeting and a
webinar to come, and the demo school's final conference of the year with its pairs' members registered.
Idempotent: run again, nothing is added twice."""

import datetime

from django.utils import timezone

from apps.core.dates import SchoolYear
from apps.events.models import Event, EventKind, Registration
from apps.events.selectors import pair_member_teachers_for
from apps.events.services import attendance_mark, registrations_create
from apps.mentees.models import Mentee
from apps.mentors.models import Mentor, MentorStatus


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _event(*, municipality, school=None, title: str, **values) -> Event:
    event, _ = Event.objects.update_or_create(municipality=municipality, school=school, title=title, defaults=values)
    return event


def _register(event: Event, school, teachers, *, now: datetime.datetime) -> None:
    """Those of `teachers` not yet registered, as the school's curator registers them at `now`."""
    new = [t for t in teachers if not Registration.objects.filter(event=event, teacher=t).exists()]
    if new:
        registrations_create(event=event, school=school, teachers=new, now=now)


TRAINING_SESSIONS = (
    "Обучение наставников. Занятие 1: нормативная база и роль наставника",
    "Обучение наставников. Занятие 2: персонализированная программа наставничества",
    "Обучение наставников. Занятие 3: формы и виды наставничества, рефлексия",
)


def seed_events(*, school, neighbour, municipality, today: datetime.date) -> None:
    schools = [school] + ([neighbour] if neighbour is not None else [])
    # The demo's mentors were trained on the dates of the fixture: those are the district's sessions they
    # attended, so the attendance below confirms each mentor's «обучение пройдено» and changes nothing.
    trained = Mentor.objects.filter(school__in=schools, trained_on__isnull=False).select_related("teacher", "school")
    days = sorted({m.trained_on for m in trained})
    for title, day in zip(TRAINING_SESSIONS, days, strict=False):
        session = _event(
            municipality=municipality,
            title=title,
            kind=EventKind.MENTOR_TRAINING,
            starts_at=_at(day, 15),
            place="Информационно-методический центр района, актовый зал",
            description="Обучающий семинар для педагогов-наставников района.",
            capacity=40,
        )
        for where in schools:
            _register(session, where, [m.teacher for m in trained if m.trained_on == day and m.school_id == where.pk],
                      now=session.starts_at - datetime.timedelta(days=7))
        for registration in Registration.objects.filter(event=session, attended__isnull=True):
            attendance_mark(registration=registration, attended=True, now=session.starts_at + datetime.timedelta(hours=3))

    now = _at(today, 12)
    newcomers = _event(
        municipality=municipality,
        title="Обучение наставников: курс для новых наставников",
        kind=EventKind.MENTOR_TRAINING,
        starts_at=_at(today + datetime.timedelta(days=14), 15),
        place="Информационно-методический центр района, актовый зал",
        description="Нормативная база, персонализированная программа, формы и виды наставничества, этический кодекс наставника.",
        capacity=40,
    )
    for where in schools:
        untrained = Mentor.objects.filter(school=where, status=MentorStatus.APPROVED, trained_on__isnull=True)
        _register(newcomers, where, [m.teacher for m in untrained.select_related("teacher")], now=now)

    young = _event(
        municipality=municipality,
        title="Школа молодого педагога: первые шаги в профессии",
        kind=EventKind.YOUNG_TEACHER_SCHOOL,
        starts_at=_at(today + datetime.timedelta(days=10), 15),
        place="ГБОУ школа № 34, кабинет 214",
        description="Заседание для молодых специалистов: планирование урока, работа с родителями, профессиональные затруднения.",
        capacity=30,
        registration_deadline=today + datetime.timedelta(days=8),
    )
    _register(young, school, [m.teacher for m in Mentee.objects.filter(school=school).select_related("teacher")[:2]], now=now)
    _event(
        municipality=municipality,
        title="Вебинар для заместителей директоров: мониторинг реализации программ наставничества",
        kind=EventKind.WEBINAR,
        starts_at=_at(today + datetime.timedelta(days=20), 14),
        link="https://vk.com/video_ext.php?oid=-1&id=1",
        description="Показатели мониторинга, аналитическая справка, типичные ошибки при оформлении документов.",
    )

    year = SchoolYear.of(today)
    final = _event(
        municipality=municipality,
        school=school,
        title="Итоговая конференция «Наставничество: итоги учебного года»",
        kind=EventKind.FINAL_CONFERENCE,
        starts_at=_at(datetime.date(year.start + 1, 5, 20), 15),
        place="Актовый зал школы",
        description="Выступления наставнических пар, рефлексия, выявление лучших практик для методической копилки.",
    )
    if final.registration_open(now):
        _register(final, school, list(pair_member_teachers_for(event=final, year=year)), now=now)
