"""Writes of the survey app: personal links, submitted questionnaires and what they put in the banks."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apps.consents.models import ConsentKind
from apps.consents.selectors import teacher_has_active_consent
from apps.core.db import once_more_on_conflict
from apps.jobs.services import Letter, mail_job_create
from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor, MentorStatus, QualificationCategory

from .forms import catalogue_queryset
from .models import BankField, Invitation, Question, Questionnaire, QuestionnaireKind, QuestionType, Response

SATISFACTION_KINDS = (QuestionnaireKind.MENTOR_SATISFACTION, QuestionnaireKind.MENTEE_SATISFACTION)
# Questionnaires answered about one pair or group by its members.
PAIR_KINDS = (*SATISFACTION_KINDS, QuestionnaireKind.REFLECTION)
NO_CONSENT = "Нет действующего согласия на обработку персональных данных: ответы анкеты не могут быть сохранены."


# --- personal links --------------------------------------------------------------------


def _check_pair(*, teacher, kind, pair):
    if kind in PAIR_KINDS:
        if pair is None:
            raise ValidationError("Эта анкета заполняется по итогам работы конкретной пары или группы: укажите её.")
        is_member = pair.mentor.teacher_id == teacher.pk or pair.memberships.filter(mentee__teacher=teacher).exists()
        # A network pair's mentor works in the partner school (Pair.partner_school) and answers too.
        if teacher.school_id not in (pair.school_id, pair.partner_school_id) or not is_member:
            raise ValidationError("Педагог не участвует в этой паре или группе.")
    elif pair is not None:
        raise ValidationError("Эта анкета не относится к конкретной паре или группе.")


@transaction.atomic
def invitation_create(*, teacher, kind, created_by=None, days=14, pair=None) -> Invitation:
    """A new personal link for the teacher; older links stay valid until used, expired or revoked."""
    if kind not in QuestionnaireKind.values:
        raise ValidationError("Неизвестный вид анкеты.")
    if not teacher.is_employed:
        raise ValidationError(f"{teacher.short_name} не работает в организации: ссылка не создана.")
    if days < 1:
        raise ValidationError("Ссылка должна действовать хотя бы один день.")
    _check_pair(teacher=teacher, kind=kind, pair=pair)
    invitation = Invitation(
        school_id=teacher.school_id,
        teacher=teacher,
        kind=kind,
        pair=pair,
        created_by=created_by,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    invitation.full_clean()
    invitation.save()
    return invitation


def invitation_url(invitation, request_or_site_url=None) -> str:
    """The absolute personal link: built on the request's host, on a given base address, or on SITE_URL."""
    path = reverse("surveys:link", args=[invitation.token])
    if isinstance(request_or_site_url, HttpRequest):
        return request_or_site_url.build_absolute_uri(path)
    base = request_or_site_url or settings.SITE_URL
    return base.rstrip("/") + path


@dataclass
class SendResult:
    sent: list = field(default_factory=list)  # invitations queued to be e-mailed now
    without_email: list = field(default_factory=list)  # teachers skipped: no e-mail address
    not_usable: list = field(default_factory=list)  # invitations skipped: used, expired or revoked
    jobs: list = field(default_factory=list)  # the mail jobs that send the letters (one per school)

    @property
    def teachers_sent(self) -> int:
        return len({invitation.teacher_id for invitation in self.sent})


def _sending_title(invitations, reminder) -> str:
    """«Ссылки: анкета потенциального наставника»; the labels start with «анкета» in the nominative."""
    kinds = {invitation.kind for invitation in invitations}
    if len(kinds) == 1:
        return f"{'Напоминание' if reminder else 'Ссылки'}: {QuestionnaireKind(kinds.pop()).label}"
    return "Напоминание об анкетах" if reminder else "Ссылки на анкеты"


def invitations_send(*, invitations, request_or_site_url=None, reminder=False, created_by=None) -> SendResult:
    """Queue for each teacher one letter with all of their usable links (a mail job per school, sent by
    the worker, apps/jobs); mark the links sent.

    Teachers without an e-mail address are reported and listed in the job as «нет e-mail» (their links
    can be printed). `sent_at` is the time the letter was queued: the job's page tells whether it went.
    """
    result = SendResult()
    by_teacher = defaultdict(list)
    for invitation in invitations:
        if invitation.state != "ok":
            result.not_usable.append(invitation)
            continue
        if not invitation.teacher.email and invitation.teacher not in result.without_email:
            result.without_email.append(invitation.teacher)
        by_teacher[invitation.teacher].append(invitation)
    if not by_teacher:
        return result

    letters_by_school = defaultdict(list)
    for teacher, teacher_invitations in by_teacher.items():
        context = {
            "teacher": teacher,
            "school": teacher.school,
            "reminder": reminder,
            "links": [
                {"invitation": invitation, "url": invitation_url(invitation, request_or_site_url)}
                for invitation in teacher_invitations
            ],
        }
        subject = render_to_string("surveys/email/invitation_subject.txt", context).strip()
        body = render_to_string("surveys/email/invitation_body.txt", context)
        letters_by_school[teacher.school].append(Letter(name=teacher.full_name, email=teacher.email, subject=subject, body=body))

    sent = [i for teacher, items in by_teacher.items() if teacher.email for i in items]
    title = _sending_title([i for items in by_teacher.values() for i in items], reminder)
    with transaction.atomic():
        for school, letters in letters_by_school.items():
            result.jobs.append(mail_job_create(school=school, title=title, letters=letters, created_by=created_by))
        now = timezone.now()
        Invitation.objects.filter(pk__in=[i.pk for i in sent]).update(sent_at=now)  # a timestamp only, no rule to check
    for invitation in sent:
        invitation.sent_at = now
    result.sent = sent
    return result


@transaction.atomic
def invitation_revoke(*, invitation, by=None) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise ValidationError("Анкета по этой ссылке уже заполнена: отзывать нечего.")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.full_clean()
        invitation.save(update_fields=["revoked_at"])
    return invitation


# --- questionnaires ----------------------------------------------------------------------


@transaction.atomic
def questionnaire_copy(*, questionnaire, school) -> Questionnaire:
    """The school's own editable copy (next version of its kind) with all questions; it becomes current for the school."""
    last = Questionnaire.objects.filter(school=school, kind=questionnaire.kind).aggregate(v=models.Max("version"))["v"] or 0
    copy = Questionnaire(
        school=school,
        kind=questionnaire.kind,
        version=last + 1,
        title=questionnaire.title,
        intro=questionnaire.intro,
        is_active=True,
    )
    copy.full_clean()
    copy.save()
    questions = []
    for question in questionnaire.questions.all():
        question.pk = None
        question.questionnaire = copy
        question.full_clean()
        questions.append(question)
    Question.objects.bulk_create(questions)
    return copy


# --- responses ---------------------------------------------------------------------------


def _catalogue_items(question, value, school) -> list:
    """Catalogue answers (objects or ids) checked against what the school may use."""
    raw = value if isinstance(value, (list, tuple)) else [value]
    try:
        ids = [int(getattr(item, "pk", item)) for item in raw if item not in (None, "")]
    except (TypeError, ValueError):
        raise ValidationError({question.code: "Выберите вариант из списка."}) from None
    items = list(catalogue_queryset(question.choice_source, school).filter(pk__in=ids))
    if len(items) != len(set(ids)):
        raise ValidationError({question.code: "Выберите вариант из списка."})
    order = {pk: n for n, pk in enumerate(ids)}
    return sorted(items, key=lambda item: order[item.pk])


def serialize_answer(question, value):
    """The JSON-safe value of one answer; catalogue items (resolved by _catalogue_items) as {"id", "name"}."""
    if question.choice_source:
        stored = [{"id": item.pk, "name": str(item)} for item in value]
        if question.type == QuestionType.MULTICHOICE:
            return stored
        return stored[0] if stored else None
    if value in (None, "", []):
        return [] if question.type == QuestionType.MULTICHOICE else None
    if question.type == QuestionType.MULTICHOICE:
        return [str(v) for v in value]
    if question.type in (QuestionType.NUMBER, QuestionType.SCALE):
        return int(value)
    if question.type == QuestionType.BOOLEAN:
        return bool(value)
    return str(value).strip()


def _as_int(question, value):
    if value in (None, ""):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationError({question.code: "Введите целое число."}) from None


QUALIFICATION_BY_LABEL = {label.casefold(): value for value, label in QualificationCategory.choices}


def _full_clean_for_questions(instance, field_questions: dict):
    """full_clean(), with errors on model fields re-addressed to the questions that fill them."""
    try:
        instance.full_clean()
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        remapped = defaultdict(list)
        for name, errors in error.error_dict.items():
            remapped[field_questions.get(name, "__all__")].extend(errors)
        raise ValidationError(dict(remapped)) from None


def _apply_to_bank_entry(entry, *, values, questions, set_field):
    """Copy the answers onto a bank card: `set_field(entry, bank_field, name, value)` sets a plain
    field or returns the items of a many-to-many field; the card is checked and saved once."""
    field_questions = {}
    m2m = {}
    for bank_field, value in values.items():
        name = bank_field.split(".", 1)[1]
        field_questions[name] = questions[bank_field].code
        items = set_field(entry, bank_field, name, value, questions[bank_field])
        if items is not None:
            m2m[name] = items
    _full_clean_for_questions(entry, field_questions)
    entry.save()
    for name, items in m2m.items():
        getattr(entry, name).set(items)
    return entry


def _set_mentee_field(mentee, bank_field, name, value, question):
    if bank_field == BankField.MENTEE_REQUESTS:
        return value
    if bank_field == BankField.MENTEE_PREFERRED_FORM:
        mentee.preferred_form = value[0] if value else None
    elif bank_field in (BankField.MENTEE_REQUESTS_TEXT, BankField.MENTEE_MEETING_FREQUENCY, BankField.MENTEE_DESIRED_MENTOR):
        setattr(mentee, name, _as_text(value))
    return None


def _set_mentor_field(mentor, bank_field, name, value, question):
    if bank_field in (BankField.MENTOR_COMPETENCES, BankField.MENTOR_FORMS):
        return value
    if bank_field == BankField.MENTOR_CAPACITY:
        capacity = _as_int(question, value)
        if capacity is not None:
            mentor.capacity = capacity
    elif bank_field == BankField.MENTOR_QUALIFICATION:
        category = QUALIFICATION_BY_LABEL.get(_as_text(value).casefold())
        if category:  # an option the school added that is no category keeps the card as it is
            mentor.qualification_category = category
    elif bank_field == BankField.MENTOR_EXPERIENCE:
        if value is not None:
            mentor.has_mentoring_experience = bool(value)
    elif bank_field in (BankField.MENTOR_AVAILABILITY, BankField.MENTOR_INTERESTS, BankField.MENTOR_ACHIEVEMENTS):
        setattr(mentor, name, _as_text(value))
    return None


def _apply_to_mentee(*, teacher, values, questions):
    mentee = Mentee.objects.select_for_update().filter(teacher=teacher).first()
    if mentee is None:
        mentee = Mentee(teacher=teacher, school_id=teacher.school_id, status=MenteeStatus.WAITING)
    return _apply_to_bank_entry(mentee, values=values, questions=questions, set_field=_set_mentee_field)


def _apply_to_mentor(*, teacher, values, questions):
    mentor = Mentor.objects.select_for_update(of=("self",)).filter(teacher=teacher).select_related("school").first()
    if mentor is None:
        mentor = Mentor(teacher=teacher, school_id=teacher.school_id, status=MentorStatus.CANDIDATE)
    return _apply_to_bank_entry(mentor, values=values, questions=questions, set_field=_set_mentor_field)


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value).strip()


def _apply_to_teacher(*, teacher, values, questions):
    if BankField.TEACHER_SUBJECTS not in values:
        return
    teacher.subjects = _as_text(values[BankField.TEACHER_SUBJECTS])
    # Only the field the questionnaire fills is checked: old gaps elsewhere in the card must not block the teacher.
    others = [f.name for f in teacher._meta.fields if f.name != "subjects"]
    try:
        teacher.full_clean(exclude=others)
    except ValidationError as error:
        raise ValidationError({questions[BankField.TEACHER_SUBJECTS].code: error.messages}) from None
    teacher.save(update_fields=["subjects", "updated_at"])


@transaction.atomic
def response_submit(*, teacher, questionnaire, answers, invitation=None, pair=None) -> Response:
    """Store the teacher's answers (updating an earlier submission) and carry them into the banks.

    `answers` maps question codes to cleaned values (QuestionnaireForm.answers()): catalogue
    answers as objects or ids. Nothing is stored without the teacher's active consent to the
    processing of personal data.
    """
    if not teacher_has_active_consent(teacher, ConsentKind.PERSONAL_DATA):
        raise ValidationError(NO_CONSENT)
    if questionnaire.school_id not in (None, teacher.school_id):
        raise ValidationError("Эта анкета относится к другой организации.")
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.teacher_id != teacher.pk or invitation.kind != questionnaire.kind:
            raise ValidationError("Ссылка выдана на другую анкету или другому педагогу.")
        if invitation.state != "ok":
            raise ValidationError("Ссылка больше не действует.")
        pair = invitation.pair
    _check_pair(teacher=teacher, kind=questionnaire.kind, pair=pair)

    school = teacher.school
    questions = list(questionnaire.questions.all())
    stored = {}
    bank_values = {}
    bank_questions = {}
    errors = {}
    for order, question in enumerate(questions, start=1):
        value = answers.get(question.code)
        if question.choice_source:
            try:
                value = _catalogue_items(question, value, school)
            except ValidationError as error:
                errors.update(error.message_dict)
                continue
        serialized = serialize_answer(question, value)
        stored[question.code] = {
            "order": order,
            "section": question.section,
            "question": question.text,
            "type": question.type,
            "value": serialized,
        }
        if question.bank_field:
            bank_questions[question.bank_field] = question
            bank_values[question.bank_field] = value if question.choice_source else serialized
    if errors:
        raise ValidationError(errors)

    # One response per teacher, kind and pair: a new version of the questionnaire takes the old answers' place.
    def save_response():
        response = (
            Response.objects.select_for_update(of=("self",))
            .filter(teacher=teacher, pair=pair, questionnaire__kind=questionnaire.kind)
            .order_by(models.Case(models.When(questionnaire=questionnaire, then=0), default=1), "-submitted_at")
            .first()
        )
        if response is None:
            response = Response(teacher=teacher, pair=pair, submitted_at=timezone.now())
        response.questionnaire = questionnaire
        response.answers = stored
        response.set_scale_score(questions)
        response.full_clean()
        response.save()
        return response

    # Sent twice at once (a double click): the second waits for the first, then updates its row; from
    # here on the two run one after the other, the bank entry's «create if missing» included.
    response = once_more_on_conflict(save_response, constraint="response_one_per_teacher")

    if questionnaire.kind in (QuestionnaireKind.MENTEE_REQUEST, QuestionnaireKind.MENTOR):
        _apply_to_teacher(teacher=teacher, values=bank_values, questions=bank_questions)
        prefix = "mentee." if questionnaire.kind == QuestionnaireKind.MENTEE_REQUEST else "mentor."
        own = {k: v for k, v in bank_values.items() if k.startswith(prefix)}
        if questionnaire.kind == QuestionnaireKind.MENTEE_REQUEST:
            _apply_to_mentee(teacher=teacher, values=own, questions=bank_questions)
        else:
            _apply_to_mentor(teacher=teacher, values=own, questions=bank_questions)

    if invitation is not None:
        invitation.used_at = timezone.now()
        invitation.full_clean()
        invitation.save(update_fields=["used_at"])
    return response



# --- satisfaction questionnaires at the end of a pair --------------------------------------

REMIND_AFTER = datetime.timedelta(days=7)


@dataclass
class SatisfactionInviteResult:
    created: list = field(default_factory=list)  # new links
    already: int = 0  # participants with a usable link or an answer already
    refused: list = field(default_factory=list)  # "Фамилия И. О.: why" — no link made
    send: SendResult = field(default_factory=SendResult)


def satisfaction_participants(pair) -> list[tuple]:
    """(teacher, kind) for everybody who rates the pair: its mentor and each mentee who was ever in it."""
    people = [(pair.mentor.teacher, QuestionnaireKind.MENTOR_SATISFACTION)]
    memberships = pair.memberships.select_related("mentee__teacher__school").order_by("pk")
    people += [(m.mentee.teacher, QuestionnaireKind.MENTEE_SATISFACTION) for m in memberships]
    return people


def satisfaction_invite(*, pair, created_by=None, request_or_site_url=None, send=True) -> SatisfactionInviteResult:
    """Personal links to the satisfaction questionnaires for the pair's participants, queued to be e-mailed
    (`send=False`: the caller sends the links of several pairs as one job).

    Safe to repeat: nobody who already has a usable link for this pair or has answered gets a second one.
    """
    result = SatisfactionInviteResult()
    answered = set(Response.objects.filter(pair=pair, questionnaire__kind__in=SATISFACTION_KINDS).values_list("teacher_id", "questionnaire__kind"))
    linked = set(Invitation.objects.usable().filter(pair=pair, kind__in=SATISFACTION_KINDS).values_list("teacher_id", "kind"))
    with transaction.atomic():
        for teacher, kind in satisfaction_participants(pair):
            if (teacher.pk, kind) in answered or (teacher.pk, kind) in linked:
                result.already += 1
                continue
            try:
                result.created.append(invitation_create(teacher=teacher, kind=kind, created_by=created_by, pair=pair))
            except ValidationError as error:
                result.refused.append(f"{teacher.short_name}: {' '.join(error.messages)}")
    if result.created and send:
        result.send = invitations_send(invitations=result.created, request_or_site_url=request_or_site_url, created_by=created_by)
    return result


def satisfaction_reminders_send(*, now=None, site_url=None) -> SendResult:
    """Once per link: remind who has not answered a week after their satisfaction link was e-mailed."""
    now = now or timezone.now()
    due = list(
        Invitation.objects.usable()
        .filter(kind__in=SATISFACTION_KINDS, sent_at__lte=now - REMIND_AFTER, reminded_at__isnull=True)
        .select_related("teacher__school")
        .order_by("teacher_id", "pk")
    )
    # Answered through another link (or the curator's re-send) in the meantime: no reminder.
    answered = set(
        Response.objects.filter(pair_id__in={i.pair_id for i in due}, questionnaire__kind__in=SATISFACTION_KINDS).values_list(
            "teacher_id", "pair_id", "questionnaire__kind"
        )
    )
    due = [i for i in due if (i.teacher_id, i.pair_id, i.kind) not in answered]
    result = invitations_send(invitations=due, request_or_site_url=site_url, reminder=True)
    if result.sent:
        Invitation.objects.filter(pk__in=[i.pk for i in result.sent]).update(reminded_at=timezone.now())
    return result
