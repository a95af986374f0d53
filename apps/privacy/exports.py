"""«Мои данные»: everything the portal holds about one teacher, as one XLSX workbook.

One sheet per part of the portal, each a plain table a teacher can open, print and keep.
The number of queries does not depend on how much there is (`teacher_data` reads each kind
of record once).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from openpyxl import Workbook

from apps.consents.models import Consent
from apps.core.xlsx import Column, add_table_sheet, workbook_bytes
from apps.events.models import Registration
from apps.pairs.models import Pair, PairFeedback, PairMentee
from apps.programmes.models import Activity, Meeting, MeetingFeedback
from apps.surveys.models import Response
from apps.surveys.selectors import answers_for_display


@dataclass
class TeacherData:
    teacher: object
    consents: list
    pairs: list
    responses: list
    meeting_feedback: dict  # meeting id → the teacher's feedback
    pair_feedback: list
    registrations: list  # events the teacher was registered for


def teacher_data(teacher) -> TeacherData:
    """The teacher's records (the teacher from `Teacher.objects.select_related("school", "user", "mentor", "mentee")`)."""
    pairs = (
        Pair.objects.filter(Q(mentor__teacher=teacher) | Q(memberships__mentee__teacher=teacher))
        .distinct()
        .select_related("mentor__teacher", "form", "programme")
        .prefetch_related(
            "kinds",
            Prefetch("memberships", queryset=PairMentee.objects.select_related("mentee__teacher").order_by("pk")),
            Prefetch("programme__activities", queryset=Activity.objects.select_related("done_by")),
            Prefetch("programme__meetings", queryset=Meeting.objects.order_by("held_on", "pk")),
        )
        .order_by("started_on", "pk")
    )
    return TeacherData(
        teacher=teacher,
        consents=list(Consent.objects.filter(teacher=teacher).select_related("text", "pair__mentor__teacher", "pair__form").order_by("given_at")),
        pairs=list(pairs),
        responses=list(Response.objects.filter(teacher=teacher).select_related("questionnaire", "pair__mentor__teacher").order_by("submitted_at")),
        meeting_feedback={f.meeting_id: f for f in MeetingFeedback.objects.filter(teacher=teacher)},
        pair_feedback=list(PairFeedback.objects.filter(teacher=teacher).select_related("pair__mentor__teacher", "pair__form")),
        registrations=list(
            Registration.objects.filter(teacher=teacher).select_related("event").order_by("event__starts_at", "pk")
        ),
    )


def _yes_no(value) -> str:
    return "да" if value else "нет"


def _pair_name(pair) -> str:
    if pair is None:
        return ""
    return f"наставник {pair.mentor.teacher.short_name}, {pair.form.name}"


def _card_rows(teacher):
    return [
        ("Фамилия", teacher.last_name),
        ("Имя", teacher.first_name),
        ("Отчество", teacher.patronymic),
        ("Пол", teacher.get_gender_display()),
        ("Образовательная организация", teacher.school.full_name),
        ("Должность", teacher.position),
        ("Предметы", teacher.subjects),
        ("Дата рождения", teacher.birth_date),
        ("Дата начала педагогической деятельности", teacher.teaching_since),
        ("E-mail", teacher.email),
        ("Телефон", teacher.phone),
        ("Работает в организации", _yes_no(teacher.is_employed)),
        ("Учётная запись (логин)", teacher.user.get_username() if teacher.user else ""),
        ("Карточка создана", teacher.created_at),
        ("Карточка изменена", teacher.updated_at),
    ]


def _bank_rows(teacher):
    mentor = getattr(teacher, "mentor", None)
    mentee = getattr(teacher, "mentee", None)
    banks = []
    if mentor is not None:
        banks.append(("Банк наставников", [
            ("Статус", mentor.get_status_display()),
            ("Компетенции", "; ".join(c.name for c in mentor.competences.all())),
            ("Наставляемых одновременно, не более", mentor.capacity),
            ("Квалификационная категория", mentor.get_qualification_category_display()),
            ("Достижения", mentor.achievements),
            ("Интересы, темы для наставничества", mentor.interests),
            ("Когда удобно встречаться", mentor.availability),
            ("Был опыт наставничества", _yes_no(mentor.has_mentoring_experience)),
            ("Обучение наставников пройдено", mentor.trained_on),
            ("Фотография для сайта", "загружена" if mentor.photo else "нет"),
            ("Заметки куратора", mentor.notes),
            ("Внесён в банк", mentor.created_at),
        ]))  # fmt: skip
    if mentee is not None:
        banks.append(("Банк наставляемых", [
            ("Статус", mentee.get_status_display()),
            ("Профессиональные запросы", "; ".join(r.name for r in mentee.requests.all())),
            ("Запросы своими словами", mentee.requests_text),
            ("Желаемая форма наставничества", mentee.preferred_form.name if mentee.preferred_form else ""),
            ("Желаемая частота встреч", mentee.meeting_frequency),
            ("Желаемый наставник", mentee.desired_mentor),
            ("Заметки куратора", mentee.notes),
            ("Внесён в банк", mentee.created_at),
        ]))  # fmt: skip
    return [(bank, name, value) for bank, fields in banks for name, value in fields]


def _pair_rows(data: TeacherData):
    teacher = data.teacher
    for pair in data.pairs:
        memberships = list(pair.memberships.all())
        mine = next((m for m in memberships if m.mentee.teacher_id == teacher.pk), None)
        yield (
            "наставник" if pair.mentor.teacher_id == teacher.pk else "наставляемый",
            pair.mentor.teacher.short_name,
            ", ".join(m.mentee.teacher.short_name for m in memberships),
            pair.form.name,
            "; ".join(k.name for k in pair.kinds.all()),
            pair.get_status_display(),
            pair.started_on,
            pair.planned_end_on,
            pair.ended_on,
            pair.end_reason,
            mine.joined_on if mine else None,
            mine.left_on if mine else None,
            mine.left_reason if mine else "",
        )


def _programmes(data: TeacherData):
    for pair in data.pairs:
        programme = getattr(pair, "programme", None)
        if programme is not None:
            yield pair, programme


def _programme_rows(data: TeacherData):
    for pair, programme in _programmes(data):
        activities = list(programme.activities.all()) or [None]
        for activity in activities:
            yield (
                programme.title,
                programme.starts_on,
                programme.ends_on,
                programme.goals,
                activity.title if activity else "",
                activity.due_date if activity else None,
                activity.expected_result if activity else "",
                _yes_no(activity.done) if activity else "",
                activity.done_on if activity else None,
                activity.comment if activity else "",
                activity.done_by.short_name if activity and activity.done_by else "",
            )


def _survey_rows(data: TeacherData):
    for response in data.responses:
        for answer in answers_for_display(response.answers):
            yield (
                response.questionnaire.title,
                _pair_name(response.pair),
                response.submitted_at,
                answer["section"],
                answer["question"],
                answer["text"],
            )


def _meeting_rows(data: TeacherData):
    teacher = data.teacher
    for pair, programme in _programmes(data):
        is_mentor = pair.mentor.teacher_id == teacher.pk
        for meeting in programme.meetings.all():
            feedback = data.meeting_feedback.get(meeting.pk)
            notes = meeting.mentor_notes if is_mentor or meeting.shared_with_mentee else ""
            yield (
                "встреча",
                meeting.held_on,
                _pair_name(pair),
                meeting.topic,
                "\n".join(part for part in (meeting.summary, meeting.next_steps, notes) if part),
                feedback.get_rating_display() if feedback else "",
                feedback.comment if feedback else "",
            )
    for feedback in data.pair_feedback:
        yield (
            "ответ «Подходит ли вам пара?»",
            feedback.answered_at,
            _pair_name(feedback.pair),
            "Подходит ли вам пара?",
            "",
            feedback.get_answer_display(),
            feedback.comment,
        )


def _consent_rows(data: TeacherData):
    for consent in data.consents:
        yield (
            consent.get_kind_display(),
            consent.text.title,
            consent.text.version,
            _pair_name(consent.pair),
            consent.get_source_display(),
            consent.given_at,
            consent.withdrawn_at,
            _yes_no(consent.is_active),
        )


def _registration_rows(data: TeacherData):
    attended = {True: "присутствовал(а)", False: "отсутствовал(а)", None: ""}
    for registration in data.registrations:
        event = registration.event
        yield (
            event.title,
            event.get_kind_display(),
            event.starts_at,
            event.place or "дистанционно",
            registration.role,
            registration.registered_at,
            attended[registration.attended],
        )


def _columns(*spec) -> list[Column]:
    """("Заголовок", width) or ("Заголовок", width, "wrap") → Column."""
    return [Column(title, width, wrap=bool(rest)) for title, width, *rest in spec]


SHEET_COLUMNS = {
    "Карточка": _columns(("Поле", 40), ("Значение", 60, "wrap")),
    "Согласия": _columns(
        ("Вид согласия", 34, "wrap"), ("Текст согласия", 40, "wrap"), ("Версия текста", 12), ("Пара / группа", 34, "wrap"),
        ("Как получено", 22), ("Дано", 14), ("Отозвано", 14), ("Действует", 11),
    ),
    "Банк наставников и наставляемых": _columns(("Банк", 22), ("Поле", 36), ("Значение", 60, "wrap")),
    "Пары": _columns(
        ("Моя роль", 14), ("Наставник", 22), ("Наставляемые", 30, "wrap"), ("Форма", 28, "wrap"), ("Виды наставничества", 28, "wrap"),
        ("Статус", 16), ("Начало", 12), ("Плановое окончание", 12), ("Фактическое окончание", 12),
        ("Причина завершения", 30, "wrap"), ("В паре с", 12), ("Вышел из пары", 12), ("Причина выхода", 30, "wrap"),
    ),
    "Программы": _columns(
        ("Программа", 40, "wrap"), ("Начало", 12), ("Окончание", 12), ("Цели и задачи", 40, "wrap"), ("Мероприятие", 40, "wrap"),
        ("Срок", 12), ("Ожидаемый результат", 30, "wrap"), ("Выполнено", 11), ("Дата выполнения", 12),
        ("Комментарий", 30, "wrap"), ("Отметил", 18),
    ),
    "Анкеты": _columns(
        ("Анкета", 36, "wrap"), ("Пара / группа", 30, "wrap"), ("Отправлена", 12), ("Раздел", 24, "wrap"),
        ("Вопрос", 44, "wrap"), ("Ответ", 44, "wrap"),
    ),
    "Встречи и отзывы": _columns(
        ("Запись", 22, "wrap"), ("Дата", 12), ("Пара / группа", 30, "wrap"), ("Тема или вопрос", 34, "wrap"),
        ("Содержание", 50, "wrap"), ("Мой отзыв или ответ", 20, "wrap"), ("Мой комментарий", 34, "wrap"),
    ),
    "Мероприятия": _columns(
        ("Мероприятие", 40, "wrap"), ("Вид", 28, "wrap"), ("Дата и время", 16), ("Место", 30, "wrap"), ("Роль", 18),
        ("Зарегистрирован(а)", 16), ("Присутствие", 18),
    ),
}  # fmt: skip


def teacher_data_xlsx(*, teacher, today: datetime.date) -> bytes:
    data = teacher_data(teacher)
    rows = {
        "Карточка": [*_card_rows(teacher), ("Выгрузка сформирована", today)],
        "Согласия": _consent_rows(data),
        "Банк наставников и наставляемых": _bank_rows(teacher),
        "Пары": _pair_rows(data),
        "Программы": _programme_rows(data),
        "Анкеты": _survey_rows(data),
        "Встречи и отзывы": _meeting_rows(data),
        "Мероприятия": _registration_rows(data),
    }
    workbook = Workbook(write_only=True)
    for title, columns in SHEET_COLUMNS.items():
        add_table_sheet(workbook, title=title, columns=columns, rows=rows[title])
    return workbook_bytes(workbook)
