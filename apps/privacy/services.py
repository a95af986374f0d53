"""Anonymising a teacher who has left: the one place this write happens.

What identifies the person goes (name, birth date, contacts, login, free-text notes about
them, their own free-text answers) also from the audit trail; what the school must keep
stays: the rows themselves (so counts, pairs, programmes and scale answers are unchanged),
consents (evidence, never deleted) and signed orders, whose frozen payload and stored PDF
keep the names because they are the legal record.
"""

import logging

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils import timezone

from apps.consents.models import Consent
from apps.mentees.models import Mentee
from apps.mentors.models import Mentor
from apps.pairs.models import Pair, PairFeedback, PairMentee
from apps.programmes.models import MeetingFeedback, Programme
from apps.schools.models import School, Teacher
from apps.surveys.models import Invitation, QuestionType, Response

logger = logging.getLogger(__name__)

FREE_TEXT_TYPES = (QuestionType.TEXT, QuestionType.TEXTAREA)
MENTOR_TEXT_FIELDS = ("achievements", "interests", "availability", "notes")
MENTEE_TEXT_FIELDS = ("requests_text", "desired_mentor", "notes")


def anonymised_name(teacher) -> str:
    """The stable placeholder that takes the person's name: «Педагог № 12»."""
    return f"Педагог № {teacher.pk}"


def is_anonymised(teacher) -> bool:
    return teacher.last_name == anonymised_name(teacher) and not teacher.first_name


def teacher_anonymise_blockers(teacher) -> list[str]:
    """Why the teacher cannot be anonymised now, in words (empty: they can)."""
    reasons = []
    open_pairs = Pair.objects.open().filter(
        Q(mentor__teacher=teacher) | Q(memberships__mentee__teacher=teacher, memberships__left_on__isnull=True)
    )
    if open_pairs.exists():
        reasons.append(
            "состоит в формирующейся или работающей паре (группе): сначала завершите или расформируйте её "
            "либо отметьте выход наставляемого из группы"
        )
    if School.objects.filter(curator=teacher).exists():
        reasons.append("назначен куратором наставничества организации: сначала назначьте другого куратора")
    return reasons


@transaction.atomic
def teacher_anonymise(*, teacher, by=None) -> Teacher:
    """Replace what identifies the teacher with «Педагог № <id>», keeping every record and figure.

    Refused (ValidationError) while the teacher is in an open pair or is the school's curator.
    Running it again changes nothing.
    """
    teacher = Teacher.objects.select_for_update(of=("self",)).select_related("user").get(pk=teacher.pk)
    if is_anonymised(teacher):
        return teacher
    blockers = teacher_anonymise_blockers(teacher)
    if blockers:
        raise ValidationError(f"Нельзя обезличить педагога {teacher.short_name}: {'; '.join(blockers)}.")

    placeholder = anonymised_name(teacher)
    old_names = [name for name in {teacher.full_name, teacher.short_name} if name and name != placeholder]
    user = teacher.user

    teacher.last_name = placeholder
    teacher.first_name = teacher.patronymic = teacher.subjects = teacher.email = teacher.phone = ""
    teacher.birth_date = None
    teacher.user = None
    teacher.is_employed = False
    teacher._history_user = by
    teacher._change_reason = "обезличивание"
    teacher.full_clean(exclude=["first_name"])  # the placeholder is the whole name
    teacher.save()
    Teacher.history.filter(id=teacher.pk).update(
        last_name=placeholder, first_name="", patronymic="", subjects="", email="", phone="", birth_date=None, user_id=None
    )

    if user is not None:
        _login_close(user)
    mentor = Mentor.objects.filter(teacher=teacher).first()
    if mentor is not None:
        _clear_texts(mentor, MENTOR_TEXT_FIELDS, by=by)
        if mentor.photo:
            name, storage = mentor.photo.name, mentor.photo.storage
            mentor.photo = ""
            mentor.save(update_fields=["photo", "updated_at"])
            transaction.on_commit(lambda: storage.delete(name))
        Mentor.history.filter(id=mentor.pk).update(photo="", **dict.fromkeys(MENTOR_TEXT_FIELDS, ""))
    mentee = Mentee.objects.filter(teacher=teacher).first()
    if mentee is not None:
        _clear_texts(mentee, MENTEE_TEXT_FIELDS, by=by)
        Mentee.history.filter(id=mentee.pk).update(**dict.fromkeys(MENTEE_TEXT_FIELDS, ""))

    pairs = Pair.objects.filter(Q(mentor__teacher=teacher) | Q(memberships__mentee__teacher=teacher)).values("pk")
    _programme_titles_scrub(Programme.objects.filter(pair__in=pairs), old_names, placeholder, by=by)
    _free_text_answers_clear(teacher)
    PairFeedback.objects.filter(teacher=teacher).update(comment="")
    # The consents stay as evidence, without the address and identity document the teacher typed.
    Consent.objects.filter(teacher=teacher).update(subject_address="", subject_document="", subject_document_issued="")
    MeetingFeedback.objects.filter(teacher=teacher).update(comment="")
    Invitation.objects.filter(teacher=teacher, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=timezone.now())
    _admin_log_scrub(teacher, mentor, mentee, pairs, old_names, placeholder)
    logger.info("teacher %s anonymised by user %s", teacher.pk, getattr(by, "pk", None))
    return teacher


def _login_close(user) -> None:
    """The login stays (the audit trail points at it) but can no longer be used or traced to the person."""
    user.username = f"obezlicheno-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()  # also ends the sessions: their hash no longer matches
    user.save()


def _clear_texts(record, fields, *, by) -> None:
    if any(getattr(record, name) for name in fields):
        for name in fields:
            setattr(record, name, "")
        record._history_user = by
        record._change_reason = "обезличивание"
        record.save(update_fields=[*fields, "updated_at"])


def _programme_titles_scrub(programmes, old_names, placeholder, *, by) -> None:
    """Programme titles name the participants («…: Иванова М.П. — Петров И.С.»)."""
    for programme in programmes:
        title = programme.title
        for name in old_names:
            title = title.replace(name, placeholder)
        if title != programme.title:
            programme.title = title
            programme._history_user = by
            programme.save(update_fields=["title", "updated_at"])
    history = Programme.history.filter(id__in=programmes.values("pk"))
    for name in old_names:
        history.filter(title__contains=name).update(title=Replace("title", Value(name), Value(placeholder)))


def _free_text_answers_clear(teacher) -> None:
    """The teacher's own words go; choices, numbers and scales (what the results count) stay."""
    # Each stored answer carries its question's type (apps/surveys/services.py: response_submit).
    responses = list(Response.objects.filter(teacher=teacher))
    for response in responses:
        for answer in response.answers.values():
            if isinstance(answer, dict) and answer.get("type") in FREE_TEXT_TYPES and answer.get("value"):
                answer["value"] = None
    if responses:
        Response.objects.bulk_update(responses, ["answers"])


def _admin_log_scrub(teacher, mentor, mentee, pairs, old_names, placeholder) -> None:
    """The back-office log keeps each record's name as it was: put the placeholder there too."""
    types = ContentType.objects.get_for_models(Teacher, Mentor, Mentee, Pair, PairMentee, Consent)
    ids = {
        Teacher: [teacher.pk],
        Mentor: [mentor.pk] if mentor else [],
        Mentee: [mentee.pk] if mentee else [],
        Pair: list(pairs.values_list("pk", flat=True)),
        PairMentee: list(PairMentee.objects.filter(mentee__teacher=teacher).values_list("pk", flat=True)),
        Consent: list(Consent.objects.filter(teacher=teacher).values_list("pk", flat=True)),
    }
    condition = Q()
    for model, pks in ids.items():
        if pks:
            condition |= Q(content_type=types[model], object_id__in=[str(pk) for pk in pks])
    entries = LogEntry.objects.filter(condition)
    for name in old_names:
        entries.filter(object_repr__contains=name).update(object_repr=Replace("object_repr", Value(name), Value(placeholder)))
