"""Writes of events: the event itself, registration of participants, attendance and materials.

Every page (the coordinator's, the curator's) calls these functions; the rules — who may register
whom, the deadline, the number of places, what attendance of a training session means for a mentor —
are checked here only.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent
from apps.core.text import plural
from apps.mentors.models import Mentor
from apps.mentors.services import mentor_training_set
from apps.schools.models import Teacher

from .files import validate_material
from .models import SCHOOL_KINDS, Event, EventKind, Material, Registration


def _places(n: int) -> str:
    return f"{n} {plural(n, 'место', 'места', 'мест')}"


@transaction.atomic
def event_save(*, event: Event, by=None) -> Event:
    """Create or change an event (the form's unsaved instance): the organiser's rules, then save."""
    if event.school_id is not None:
        if event.school.municipality_id != event.municipality_id:
            raise ValidationError("Образовательная организация относится к другому муниципалитету.")
        if event.kind not in SCHOOL_KINDS:
            allowed = ", ".join(f"«{EventKind(kind).label}»" for kind in SCHOOL_KINDS)
            raise ValidationError({"kind": f"Школа проводит мероприятия видов: {allowed}."})
    if event.pk is not None:
        Event.objects.select_for_update().filter(pk=event.pk).first()  # registrations wait for the new capacity
        registered = Registration.objects.filter(event=event).count()
        if event.capacity is not None and event.capacity < registered:
            raise ValidationError(
                {"capacity": f"Уже зарегистрировано {registered}: мест не может быть меньше."}
            )
    elif by is not None:
        event.created_by = by
    if event.registration_deadline and event.starts_at and event.registration_deadline > timezone.localdate(event.starts_at):
        raise ValidationError({"registration_deadline": "Регистрация должна закончиться не позже дня мероприятия."})
    event.full_clean()
    event.save()
    return event


def participant_role(teacher: Teacher) -> str:
    """«куратор», «наставник», «наставляемый» (or several), else the teacher's position."""
    roles = []
    if teacher.school.curator_id == teacher.pk:
        roles.append("куратор")
    if hasattr(teacher, "mentor"):
        roles.append("наставник")
    if hasattr(teacher, "mentee"):
        roles.append("наставляемый")
    return ", ".join(roles) or teacher.position


def registration_refusal(*, event: Event, school, now=None) -> str | None:
    """Why `school` cannot register participants for `event` now, in words; None when it can."""
    if event.school_id is not None and event.school_id != school.pk:
        return "Это мероприятие другой образовательной организации."
    if event.school_id is None and school.municipality_id != event.municipality_id:
        return "Мероприятие проводит другой муниципалитет."
    if not event.registration_open(now):
        return "Регистрация на мероприятие закончена."
    return None


@transaction.atomic
def registrations_create(*, event: Event, school, teachers, by=None, now=None) -> list[Registration]:
    """Register `teachers` of `school` for `event`; all or none.

    The event row is locked first: two curators taking the last places wait for each other, and
    the second is told how many places are left.
    """
    event = Event.objects.select_for_update(of=("self",)).select_related("municipality", "school").get(pk=event.pk)
    refusal = registration_refusal(event=event, school=school, now=now)
    if refusal:
        raise ValidationError(refusal)
    ids = sorted({t.pk for t in teachers})
    if not ids:
        raise ValidationError("Выберите хотя бы одного участника.")
    chosen = list(
        Teacher.objects.filter(pk__in=ids)
        .select_related("school", "mentor", "mentee")
        .annotate(consented=has_active_consent(ConsentKind.PERSONAL_DATA, "pk"))
        .order_by("last_name", "first_name", "pk")
    )
    errors = []
    for teacher in chosen:
        if teacher.school_id != school.pk:
            errors.append(f"{teacher.short_name}: педагог другой образовательной организации.")
        elif not teacher.is_employed:
            errors.append(f"{teacher.short_name}: не работает в организации.")
        elif event.is_district and not teacher.consented:
            # The sheet goes to the district: a name travels there only with the teacher's consent.
            errors.append(f"{teacher.short_name}: нет действующего согласия на обработку персональных данных.")
    already = set(Registration.objects.filter(event=event, teacher_id__in=ids).values_list("teacher_id", flat=True))
    errors += [f"{t.short_name}: уже зарегистрирован(а)." for t in chosen if t.pk in already]
    if errors:
        raise ValidationError(errors)
    if event.capacity is not None:
        free = event.capacity - Registration.objects.filter(event=event).count()
        if len(chosen) > free:
            left = f"осталось {_places(free)}" if free > 0 else "свободных мест нет"
            raise ValidationError(f"На мероприятие {_places(event.capacity)}, {left}: выбрано {len(chosen)}.")
    made = []
    for teacher in chosen:
        registration = Registration(event=event, teacher=teacher, school=school, role=participant_role(teacher), registered_by=by)
        registration.full_clean(validate_constraints=False)  # the unique pair is checked above, under the lock
        registration.save()
        made.append(registration)
    return made


@transaction.atomic
def registration_cancel(*, registration: Registration, now=None) -> None:
    """Take a participant off the list; only before the event and before any attendance mark."""
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if registration.attended is not None:
        raise ValidationError("Присутствие уже отмечено: участника нельзя снять с регистрации.")
    if registration.event.starts_at <= (now or timezone.now()):
        raise ValidationError("Мероприятие уже началось: участника нельзя снять с регистрации.")
    registration.delete()


def _latest_training(teacher_id, *, excluding=None):
    registrations = Registration.objects.filter(
        teacher_id=teacher_id, attended=True, event__kind=EventKind.MENTOR_TRAINING
    )
    if excluding is not None:
        registrations = registrations.exclude(pk=excluding)
    latest = registrations.aggregate(latest=Max("event__starts_at"))["latest"]
    return timezone.localdate(latest) if latest else None


@transaction.atomic
def attendance_mark(*, registration: Registration, attended: bool, by=None, now=None) -> Registration:
    """Mark whether the participant came. For mentor training this is what makes a mentor trained:
    the mentor's «обучение пройдено» becomes the date of the latest training attended."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "teacher")
        .get(pk=registration.pk)
    )
    event = registration.event
    if event.starts_at > (now or timezone.now()):
        raise ValidationError("Мероприятие ещё не началось: присутствие отмечается после его начала.")
    registration.attended = attended
    registration.attendance_marked_at = now or timezone.now()
    registration.save(update_fields=["attended", "attendance_marked_at"])
    if event.is_training:
        mentor = Mentor.objects.filter(teacher_id=registration.teacher_id).first()
        if mentor is not None:
            day = event.starts_on
            if attended:
                if mentor.trained_on is None or mentor.trained_on < day:
                    mentor_training_set(mentor=mentor, trained_on=day, by=by)
            elif mentor.trained_on == day:
                # The date came from this session: the latest other training attended, if any, stands.
                mentor_training_set(
                    mentor=mentor, trained_on=_latest_training(registration.teacher_id, excluding=registration.pk), by=by
                )
    return registration


@transaction.atomic
def material_add(*, event: Event, title: str, file) -> Material:
    validate_material(file)
    material = Material(event=event, title=title.strip(), file=file, name=file.name[:255], size=file.size)
    material.full_clean(exclude=["file"])
    material.save()
    return material


@transaction.atomic
def material_delete(*, material: Material) -> None:
    material.file.delete(save=False)
    material.delete()
