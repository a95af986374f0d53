"""Writes of the programme app: a pair's programme from a template, marks, meetings, feedback."""

import datetime
import math

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from apps.core.dates import add_months
from apps.core.db import once_more_on_conflict
from apps.pairs.models import Pair, PairMentee, PairStatus
from apps.pairs.selectors import is_participant

from .models import (
    Activity,
    CalendarKey,
    Meeting,
    MeetingFeedback,
    Programme,
    ProgrammeAcknowledgement,
    ProgrammeApproval,
    ProgrammeTemplate,
    TemplateActivity,
    new_calendar_secret,
    programme_fingerprint,
)

FUTURE_MEETING = "Дата встречи не может быть в будущем: записывайте встречу, когда она состоялась."

# --- dates ------------------------------------------------------------------------------------


def whole_months(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end` (1 October → 31 May is 7, → 1 June is 8); at least 1."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return max(months, 1)


def activity_due_date(*, month: int, template_months: int, starts_on: datetime.date, ends_on: datetime.date) -> datetime.date:
    """The due date of a template's activity of `month` in a programme from `starts_on` to `ends_on`.

    Month N ends the day before the same date N months later. A programme shorter than the
    template squeezes the months proportionally; the date never leaves the programme's period.
    """
    months = whole_months(starts_on, ends_on)
    if months < template_months:
        month = math.ceil(month * months / template_months)
    due = add_months(starts_on, max(month, 1)) - datetime.timedelta(days=1)
    return min(max(due, starts_on), ends_on)


# --- programme templates -------------------------------------------------------------------------


def template_for_pair(pair: Pair) -> ProgrammeTemplate | None:
    """The pair's school's own template of the pair's form, else the common one."""
    return (
        ProgrammeTemplate.objects.filter(form_id=pair.form_id)
        .for_school(pair.school_id)
        .order_by(models.F("school").asc(nulls_last=True))
        .first()
    )


@transaction.atomic
def programme_template_copy(*, template: ProgrammeTemplate, school) -> ProgrammeTemplate:
    """The school's own editable copy of a common template, with its plan."""
    if template.school_id is not None:
        raise ValidationError("Копию можно сделать только с общего шаблона.")
    if ProgrammeTemplate.objects.filter(school=school, form_id=template.form_id).exists():
        raise ValidationError(f"У организации уже есть свой шаблон для формы «{template.form}».")
    plan = list(template.activities.all())
    copied = ("form_id", "title", "months", "goals", "directions", "forms_of_work", "expected_outcome")
    copy = ProgrammeTemplate(school=school, **{name: getattr(template, name) for name in copied})
    copy.full_clean()
    copy.save()
    items = [
        TemplateActivity(template=copy, month=a.month, title=a.title, expected_result=a.expected_result, order=a.order) for a in plan
    ]
    for item in items:
        item.full_clean()
    TemplateActivity.objects.bulk_create(items)
    return copy


# --- a pair's programme ------------------------------------------------------------------------------


def _current_memberships(pair: Pair):
    return (
        PairMentee.objects.filter(pair=pair, left_on__isnull=True)
        .select_related("mentee__teacher")
        .prefetch_related("mentee__requests")
        .order_by("mentee__teacher__last_name", "pk")
    )


def mentee_difficulties(pair: Pair) -> str:
    """The mentees' professional requests, from the bank, in the words the programme uses."""
    lines = []
    for membership in _current_memberships(pair):
        mentee = membership.mentee
        requests = "; ".join(request.name for request in mentee.requests.all())
        own_words = mentee.requests_text.strip()
        if not requests and not own_words:
            lines.append(f"{mentee.teacher.short_name}: запросы не указаны — уточните на первой встрече.")
            continue
        line = f"{mentee.teacher.short_name}: {requests}." if requests else f"{mentee.teacher.short_name}:"
        if own_words:
            line += f" Своими словами: «{own_words}»"
        lines.append(line)
    return "\n".join(lines)


def programme_title(pair: Pair, memberships) -> str:
    mentees = ", ".join(m.mentee.teacher.short_name for m in memberships)
    title = f"Персонализированная программа наставничества: {pair.mentor.teacher.short_name} — {mentees}"
    return title if len(title) <= 300 else title[:299] + "…"


@transaction.atomic
def programme_create_from_template(*, pair: Pair, template: ProgrammeTemplate | None = None) -> Programme:
    """The pair's programme, filled from the template of its form: goals, directions, forms, outcome and a dated plan.

    The difficulties come from the mentees' requests; the activities are spread over the pair's
    period by their month in the template.
    """
    pair = Pair.objects.select_for_update().select_related("mentor__teacher", "form", "school").get(pk=pair.pk)
    if not pair.is_open:
        raise ValidationError("Программа составляется для формирующейся или работающей пары.")
    if Programme.objects.filter(pair=pair).exists():
        raise ValidationError("У этой пары уже есть программа.")
    template = template or template_for_pair(pair)
    if template is None:
        raise ValidationError(f"Нет шаблона программы для формы «{pair.form.name}»: добавьте его в разделе «Шаблоны программ».")
    if template.form_id != pair.form_id:
        raise ValidationError("Шаблон составлен для другой формы наставничества.")
    if template.school_id not in (None, pair.school_id):
        raise ValidationError("Шаблон относится к другой организации.")
    memberships = list(_current_memberships(pair))
    programme = Programme(
        pair=pair,
        title=programme_title(pair, memberships),
        goals=template.goals,
        directions=template.directions,
        difficulties=mentee_difficulties(pair),
        forms_of_work=template.forms_of_work,
        expected_outcome=template.expected_outcome,
        starts_on=pair.started_on,
        ends_on=pair.planned_end_on,
    )
    programme.full_clean()
    programme.save()
    activities = [
        Activity(
            programme=programme,
            title=item.title,
            expected_result=item.expected_result,
            due_date=activity_due_date(
                month=item.month, template_months=template.months, starts_on=programme.starts_on, ends_on=programme.ends_on
            ),
            order=order,
        )
        for order, item in enumerate(template.activities.all(), start=1)
    ]
    for activity in activities:
        activity.full_clean()
    Activity.objects.bulk_create(activities)
    return programme


# --- what the participants write ----------------------------------------------------------------------


def _check_can_write(pair: Pair, teacher, what: str) -> None:
    if not is_participant(pair, teacher):
        raise ValidationError("Вы не участвуете в этой паре или группе.")
    if pair.status != PairStatus.ACTIVE:
        raise ValidationError(f"{what} можно, пока пара работает.")


@transaction.atomic
def activity_mark_done(*, activity: Activity, teacher, comment: str = "", done_on: datetime.date | None = None) -> Activity:
    """The mentor or a mentee marks a planned activity done; the comment is added with its author and date."""
    activity = Activity.objects.select_for_update(of=("self",)).select_related("programme__pair__mentor").get(pk=activity.pk)
    _check_can_write(activity.programme.pair, teacher, "Отмечать мероприятия")
    if activity.done:
        raise ValidationError("Это мероприятие уже отмечено выполненным.")
    activity.done = True
    activity.done_on = done_on or timezone.localdate()
    activity.done_by = teacher
    comment = (comment or "").strip()
    if comment:
        line = f"{teacher.short_name}, {activity.done_on:%d.%m.%Y}: {comment}"
        activity.comment = f"{activity.comment.rstrip()}\n{line}" if activity.comment.strip() else line
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_mark_undone(*, activity: Activity, teacher) -> Activity:
    """Take back a mark set by mistake; the comments stay."""
    activity = Activity.objects.select_for_update(of=("self",)).select_related("programme__pair__mentor").get(pk=activity.pk)
    _check_can_write(activity.programme.pair, teacher, "Снимать отметки")
    activity.done = False
    activity.done_on = None
    activity.done_by = None
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def meeting_log(
    *,
    programme: Programme,
    teacher,
    user,
    held_on: datetime.date,
    topic: str,
    summary: str = "",
    next_steps: str = "",
    mentor_notes: str = "",
    shared_with_mentee: bool = False,
) -> Meeting:
    """A participant records a meeting that took place; only the mentor writes notes and decides who sees them
    (they are the mentor's own unless shared)."""
    pair = programme.pair
    _check_can_write(pair, teacher, "Записывать встречи")
    is_mentor = pair.mentor.teacher_id == teacher.pk
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": FUTURE_MEETING})
    if mentor_notes.strip() and not is_mentor:
        raise ValidationError("Заметки наставника записывает только наставник.")
    meeting = Meeting(
        programme=programme,
        held_on=held_on,
        topic=topic.strip(),
        summary=summary.strip(),
        next_steps=next_steps.strip(),
        mentor_notes=mentor_notes.strip(),
        shared_with_mentee=shared_with_mentee and is_mentor,
        created_by=user,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_feedback_give(*, meeting: Meeting, teacher, rating: int, comment: str = "") -> MeetingFeedback:
    """A participant's short feedback on a meeting; giving it again replaces the earlier one."""
    meeting = Meeting.objects.select_related("programme__pair__mentor").get(pk=meeting.pk)
    _check_can_write(meeting.programme.pair, teacher, "Оставлять отзывы о встречах")

    def save():
        feedback = MeetingFeedback.objects.select_for_update().filter(meeting=meeting, teacher=teacher).first()
        feedback = feedback or MeetingFeedback(meeting=meeting, teacher=teacher)
        feedback.rating = rating
        feedback.comment = (comment or "").strip()
        feedback.given_at = timezone.now()
        feedback.full_clean()
        feedback.save()
        return feedback

    return once_more_on_conflict(save, constraint="meetingfeedback_one_per_person")


# --- the calendar feed's links --------------------------------------------------------------


@transaction.atomic
def calendar_key_reset(*, teacher) -> CalendarKey:
    """A new secret for the teacher's calendar links: every link given out before stops working."""
    key, created = CalendarKey.objects.select_for_update().get_or_create(teacher=teacher)
    if not created:
        key.secret = new_calendar_secret()
        key.reset_at = timezone.now()
        key.save(update_fields=["secret", "reset_at"])
    return key


# --- approval and acknowledgement -------------------------------------------------------------------


@transaction.atomic
def programme_approval_record(
    *,
    programme: Programme,
    body: str,
    agreed_on: datetime.date,
    protocol_number: str,
    body_name: str = "",
    approved_on: datetime.date | None = None,
    by=None,
) -> ProgrammeApproval:
    """Record that the programme, as it reads now, was agreed (body, date, protocol) and approved by the director.

    Recording again replaces the record: it then holds for the current version of the programme."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    approval = ProgrammeApproval.objects.filter(programme=programme).first() or ProgrammeApproval(programme=programme)
    approval.body = body
    approval.body_name = body_name.strip()
    approval.agreed_on = agreed_on
    approval.protocol_number = protocol_number.strip()
    approval.approved_on = approved_on
    approval.fingerprint = programme_fingerprint(programme)
    approval.recorded_by = by
    approval.recorded_at = timezone.now()
    approval.full_clean()
    approval.save()
    return approval


@transaction.atomic
def programme_acknowledge(*, programme: Programme, teacher) -> ProgrammeAcknowledgement:
    """«Ознакомлен(а)»: the mentor or a current mentee has read the programme as it reads now (once per version)."""
    programme = Programme.objects.select_for_update(of=("self",)).select_related("pair__mentor").get(pk=programme.pk)
    if not is_participant(programme.pair, teacher):
        raise ValidationError("С программой знакомятся её участники: наставник и наставляемые пары.")
    fingerprint = programme_fingerprint(programme)
    existing = ProgrammeAcknowledgement.objects.filter(programme=programme, teacher=teacher, fingerprint=fingerprint).first()
    if existing is not None:
        return existing
    acknowledgement = ProgrammeAcknowledgement(programme=programme, teacher=teacher, fingerprint=fingerprint)
    acknowledgement.full_clean()
    acknowledgement.save()
    return acknowledgement
