import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from apps.consents.models import Consent, ConsentKind
from apps.consents.services import consent_give
from apps.core.db import once_more_on_conflict
from apps.jobs.services import Letter, mail_job_create
from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor, MentorStatus
from apps.schools.models import form_refusal

from .models import FitAnswer, Pair, PairFeedback, PairMentee, PairStatus, StaleReminder
from .selectors import has_meeting, is_participant, mentor_load, with_stale_level

# --- the rules of who leads a pair and who is in it ---------------------------------------------
# The services below check them under their row locks; the admin's forms call the same functions
# first, so that a refusal shows on the form (apps/pairs/admin.py).

CLOSED_PAIR = "Пара уже завершена или расформирована: её состав не меняется."
CLOSED_PAIR_END = "Пара уже завершена или расформирована."


def check_capacity(mentor: Mentor, mentee_count: int, *, pair: Pair | None = None) -> None:
    """Raise if giving the mentor `mentee_count` more mentees would exceed the capacity.

    With `pair`, that pair's current mentees are not counted: `mentee_count` is then
    the pair's whole new membership (a pair handed over to this mentor).

    The one place the capacity rule lives: the admin, the pages, the importer and
    the matching all call it.
    """
    taken = mentor_load(mentor, exclude_pair=pair)
    if taken + mentee_count > mentor.capacity:
        free = max(mentor.capacity - taken, 0)
        raise ValidationError(
            f"У наставника {mentor.teacher.short_name} свободно мест: {free} из {mentor.capacity}; "
            f"нельзя закрепить ещё {mentee_count}.",
            code="over_capacity",
        )


def check_mentor(*, mentor: Mentor) -> None:
    """A pair is given (formed or handed over) only to a mentor approved in the bank."""
    if not mentor.may_take_mentees:
        raise ValidationError(
            {"mentor": f"Наставник в статусе «{mentor.get_status_display()}»: сначала утвердите его в банке наставников."}
        )


def check_members(*, pair: Pair, mentor: Mentor, staying: int) -> None:
    """The pair's membership after a change: somebody stays, within the mentor's capacity.

    `pair` as stored (unsaved for a new pair), `mentor` the one it will have, `staying` how many
    mentees it will have. A new pair, or one handed over to another mentor, takes `staying` of that
    mentor's places; otherwise only the newcomers take places.
    """
    if staying < 1:
        if pair.pk is None:
            raise ValidationError("Добавьте в пару хотя бы одного наставляемого.")
        raise ValidationError("В паре не останется наставляемых: завершите или расформируйте пару целиком.")
    if pair.pk is None:
        check_capacity(mentor, staying)
    elif mentor.pk != pair.mentor_id:
        check_capacity(mentor, staying, pair=pair)
    else:
        newcomers = staying - pair.memberships.filter(left_on__isnull=True).count()
        if newcomers > 0:
            check_capacity(mentor, newcomers)


def check_joining(*, membership: PairMentee) -> None:
    """A new row of a pair: the mentee joins now (school, self-mentoring, dates: PairMentee.clean)."""
    if membership.left_on:
        raise ValidationError({"left_on": "Новый наставляемый не может сразу выйти из пары."})


def check_leaving(*, membership: PairMentee) -> None:
    """The leaving rule: a current mentee leaves a working pair with a reason (the dates: PairMentee.clean)."""
    if not (membership.left_reason or "").strip():
        raise ValidationError({"left_reason": "Укажите причину выхода наставляемого из пары."})


def check_correction(*, stored: PairMentee, membership: PairMentee) -> None:
    """A row corrected in place keeps its mentee and, once they left, their leaving."""
    if membership.mentee_id != stored.mentee_id:
        raise ValidationError({"mentee": "Чтобы заменить наставляемого, отметьте дату выхода и добавьте новую строку."})
    if stored.left_on and not membership.left_on:
        raise ValidationError({"left_on": "Вышедшего наставляемого нельзя вернуть в ту же пару: сформируйте новую пару."})
    if stored.left_on is None and membership.left_on:
        raise ValueError("a current mentee leaving is not a correction: pass it in `leaving`")


# --- writes ----------------------------------------------------------------------------------
# Row locks, always in this order so that two curators at once wait instead of deadlocking:
# the pair (when it exists), its mentor, then the mentees by id.

PAIR_TERMS = ("mentor", "form", "kinds", "started_on", "planned_end_on", "end_reason")
CLOSED_PAIR_TERMS = ("kinds", "end_reason")  # a closed pair is history; these may still be completed


@transaction.atomic
def pair_create(
    *,
    school,
    mentor,
    mentees,
    form,
    started_on: datetime.date,
    planned_end_on: datetime.date,
    kinds=(),
    joined_on: dict | None = None,
    partner_school=None,
) -> Pair:
    """Form a pair (one mentee) or group (several) as a draft, checking every rule.

    `joined_on`: mentee id → the day they join, when not the pair's start.
    `partner_school`: the mentor's school for a network pair; only apps/network passes it, once the
    partner's curator has accepted the request (the one case a mentor of another school is allowed).
    """
    if not mentees:
        raise ValidationError("Добавьте в пару хотя бы одного наставляемого.")
    # Lock the mentor row: two curators confirming at once cannot both take the last place.
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    _lock_mentees([mentee.pk for mentee in mentees])
    pair = Pair(
        school=school, mentor=mentor, form=form, started_on=started_on, planned_end_on=planned_end_on, partner_school=partner_school
    )
    pair.full_clean()
    if refusal := form_refusal(form, mentor_teacher=mentor.teacher, mentee_teachers=[m.teacher for m in mentees]):
        raise ValidationError({"form": refusal})
    check_mentor(mentor=mentor)
    check_members(pair=pair, mentor=mentor, staying=len(mentees))
    pair.save()
    pair.kinds.set(kinds)
    joined_on = joined_on or {}
    for mentee in mentees:
        _join(pair, PairMentee(mentee=mentee, joined_on=joined_on.get(mentee.pk)))
    _set_mentee_status([mentee.pk for mentee in mentees], MenteeStatus.PAIRED)
    return pair


@transaction.atomic
def pair_update(*, pair: Pair, joining=(), leaving=(), corrections=(), deleting=(), **fields) -> Pair:
    """Change a pair: its terms (`fields`, see PAIR_TERMS) and who is in it, checked as a whole.

    joining: new PairMentee rows (mentee, joined_on); leaving: PairMentee rows naming a current
    mentee, with `left_on` and `left_reason`; corrections: stored rows with corrected dates or
    reason; deleting: rows of a forming pair entered by mistake. Starting work is pair_activate,
    ending it pair_end. Returns the pair as saved; `pair` itself may hold unsaved edits.
    """
    unknown = set(fields) - set(PAIR_TERMS)
    if unknown:
        raise TypeError(f"pair_update() cannot change {', '.join(sorted(unknown))}")
    stored = Pair.objects.select_for_update(no_key=True).select_related("school").get(pk=pair.pk)
    if not stored.is_open and (joining or leaving or corrections or deleting or set(fields) - set(CLOSED_PAIR_TERMS)):
        raise ValidationError(CLOSED_PAIR)
    if deleting and stored.status != PairStatus.DRAFT:
        raise ValidationError("Из работающей или завершённой пары наставляемого не удаляют: укажите дату и причину выхода.")
    mentor_id = fields["mentor"].pk if "mentor" in fields else stored.mentor_id
    mentor = Mentor.objects.select_for_update().select_related("teacher").get(pk=mentor_id)
    _lock_mentees([m.mentee_id for group in (joining, leaving, deleting) for m in group])
    rows = {m.pk: m for m in stored.memberships.select_related("mentee__teacher")}
    current = {m.mentee_id: m for m in rows.values() if m.left_on is None}

    def stored_row(membership, found: PairMentee | None) -> PairMentee:
        if found is None:
            raise ValidationError(f"{membership.mentee.teacher.short_name} не состоит в этой паре или группе.")
        return found

    leavers = []
    for membership in leaving:
        row = stored_row(membership, current.get(membership.mentee_id))
        check_leaving(membership=membership)
        row.left_on, row.left_reason = membership.left_on, membership.left_reason.strip()
        leavers.append(row)
    corrected = []
    for membership in corrections:
        row = stored_row(membership, rows.get(membership.pk))
        check_correction(stored=row, membership=membership)
        row.joined_on, row.left_on, row.left_reason = membership.joined_on, membership.left_on, membership.left_reason
        corrected.append(row)
    deleted = [stored_row(membership, rows.get(membership.pk)) for membership in deleting]
    for membership in joining:
        check_joining(membership=membership)
    handed_over = mentor.pk != stored.mentor_id
    if handed_over:
        check_mentor(mentor=mentor)
    gone = {m.mentee_id for m in [*leavers, *deleted]}
    if joining or leavers or handed_over:  # deleting alone is an undo: it may leave a forming pair empty
        check_members(pair=stored, mentor=mentor, staying=len(set(current) - gone) + len(joining))
    if "form" in fields or handed_over or joining:  # the form must still fit who is in the pair
        staying = [row.mentee.teacher for row in current.values() if row.mentee_id not in gone]
        people = [*staying, *(m.mentee.teacher for m in joining)]
        if refusal := form_refusal(fields.get("form", stored.form), mentor_teacher=mentor.teacher, mentee_teachers=people):
            raise ValidationError({"form": refusal})

    if fields:
        kinds = fields.pop("kinds", None)
        for name, value in fields.items():
            setattr(stored, name, value)
        stored.full_clean()
        if handed_over:
            for row in current.values():
                if row.mentee_id not in gone:
                    row.pair = stored
                    row.clean()  # the new mentor is not one of the pair's mentees
        stored.save()
        if kinds is not None:
            stored.kinds.set(kinds)
    for row in deleted:
        row.delete()
    for row in [*leavers, *corrected]:
        row.pair = stored
        row.full_clean()  # the dates: not before joining or the pair's start, not in the future
        row.save()
    for membership in joining:
        _join(stored, membership)
    _set_mentee_status([m.mentee_id for m in joining], MenteeStatus.PAIRED)
    _set_mentee_status([row.mentee_id for row in leavers], MenteeStatus.WAITING)
    _release_mentees([row.mentee_id for row in deleted])
    return stored


def pair_add_mentee(*, pair: Pair, mentee: Mentee, joined_on: datetime.date | None = None) -> PairMentee:
    """A mentee joins a forming or working pair (within the mentor's capacity)."""
    membership = PairMentee(mentee=mentee, joined_on=joined_on)
    pair_update(pair=pair, joining=[membership])
    return membership


def pair_remove_mentee(*, pair: Pair, mentee: Mentee, left_on: datetime.date, reason: str) -> PairMentee:
    """A mentee leaves a working group early: the membership keeps the date and reason, the mentee waits again."""
    pair_update(pair=pair, leaving=[PairMentee(pair=pair, mentee=mentee, left_on=left_on, left_reason=reason or "")])
    return PairMentee.objects.get(pair=pair, mentee=mentee)


def pair_membership_delete(*, membership: PairMentee) -> None:
    """Undo a mistaken entry in a forming pair; a working pair keeps its history (see pair_remove_mentee)."""
    pair_update(pair=membership.pair, deleting=[membership])


NO_MENTEES_TO_START = "Пара не может начать работу: в ней нет наставляемых. Добавьте наставляемого или удалите пару."


@transaction.atomic
def pair_activate(*, pair: Pair) -> Pair:
    """Start a pair's work: only once it has mentees and every participant's written consent is recorded."""
    # The stored row, locked and read afresh: the caller's object may hold a list's prefetched consents.
    stored = Pair.objects.select_for_update().select_related("mentor__teacher", "school", "form").get(pk=pair.pk)
    if stored.status != PairStatus.DRAFT:
        raise ValidationError("Начать работу можно только у формирующейся пары.")
    if not stored.memberships.filter(left_on__isnull=True).exists():
        raise ValidationError(NO_MENTEES_TO_START)
    missing = stored.missing_consents()
    if missing:
        raise ValidationError("Пара не может начать работу: нет согласий — " + "; ".join(missing) + ".")
    stored.status = PairStatus.ACTIVE
    stored.full_clean()
    stored.save()
    pair.status = stored.status
    mentor = Mentor.objects.get(pk=stored.mentor_id)
    if mentor.status != MentorStatus.ACTIVE:
        mentor.status = MentorStatus.ACTIVE
        mentor.save(update_fields=["status", "updated_at"])  # saved, not updated: the audit trail keeps it
    return pair


@transaction.atomic
def pair_end(*, pair: Pair, status: str, ended_on: datetime.date, reason: str = "") -> Pair:
    """Complete or dissolve a pair, keeping its history: members get a leaving date."""
    if status not in (PairStatus.COMPLETED, PairStatus.DISSOLVED):
        raise ValueError(f"not a closing status: {status}")
    # The stored row, locked: `pair` may already carry the closing status (the admin's change form sets it).
    if not Pair.objects.select_for_update().get(pk=pair.pk).is_open:
        raise ValidationError(CLOSED_PAIR_END)
    pair.status = status
    pair.ended_on = ended_on
    pair.end_reason = reason
    pair.full_clean()
    pair.save()
    memberships = list(pair.memberships.filter(left_on__isnull=True))
    mentee_ids = [membership.mentee_id for membership in memberships]
    for membership in memberships:
        membership.left_on = ended_on
    if memberships:
        bulk_update_with_history(memberships, PairMentee, ["left_on"])
    _set_mentee_status(mentee_ids, MenteeStatus.COMPLETED if status == PairStatus.COMPLETED else MenteeStatus.WAITING)
    return pair


@transaction.atomic
def pair_delete(*, pair: Pair) -> None:
    """Delete a pair entered by mistake (its consents protect it once signed); its mentees wait again."""
    mentee_ids = list(pair.memberships.values_list("mentee_id", flat=True))
    pair.delete()
    _release_mentees(mentee_ids)


# --- consents recorded from paper --------------------------------------------------------------


def _pair_consent_kinds(pair: Pair) -> dict[int, str]:
    """teacher id → the consent kind this pair needs from them."""
    kinds = {pair.mentor.teacher_id: ConsentKind.MENTOR_DUTIES}
    for teacher_id in pair.memberships.filter(left_on__isnull=True).values_list("mentee__teacher_id", flat=True):
        kinds[teacher_id] = ConsentKind.MENTEE_ASSIGNMENT
    return kinds


@transaction.atomic
def pair_consent_record_paper(*, pair: Pair, teacher, kind: str, recorded_by, signed_on: datetime.date | None = None) -> Consent:
    """Record a participant's consent to this pair signed on paper (the curator types it in), dated `signed_on`."""
    if not pair.is_open:
        raise ValidationError("Согласия вносятся для формирующейся или работающей пары.")
    kinds = _pair_consent_kinds(pair)
    if kind == ConsentKind.PERSONAL_DATA and teacher.pk in kinds:
        # Not the pair's own consent (it covers all the teacher's records), but the pairs order asks for it.
        return consent_give(teacher=teacher, kind=kind, source=Consent.Source.PAPER, recorded_by=recorded_by, signed_on=signed_on)
    if kinds.get(teacher.pk) != kind:
        raise ValidationError(f"{teacher.short_name} не участвует в этой паре или это согласие ему не нужно.")
    return consent_give(
        teacher=teacher, kind=kind, pair=pair, source=Consent.Source.PAPER, recorded_by=recorded_by, signed_on=signed_on
    )


@transaction.atomic
def pair_consents_record_paper(*, pair: Pair, recorded_by, items=None, signed_on: datetime.date | None = None) -> list[Consent]:
    """The pair's consents signed on paper: `items`, (teacher, kind) pairs the curator confirmed, or every missing one.

    All or nothing: one refusal records none of them.
    """
    items = pair.missing_consent_items() + pair.missing_personal_data() if items is None else items
    return [
        pair_consent_record_paper(pair=pair, teacher=teacher, kind=kind, recorded_by=recorded_by, signed_on=signed_on)
        for teacher, kind in items
    ]


# --- «Подходит ли вам пара?» ---------------------------------------------------------------------


@transaction.atomic
def pair_feedback_give(*, pair: Pair, teacher, answer: str, comment: str = "") -> PairFeedback:
    """A participant answers (or answers again) whether the pair suits them; «не подходит» sends it to the curator."""
    if answer not in FitAnswer.values:
        raise ValidationError("Выберите ответ: подходит, пока не ясно или не подходит.")
    if pair.status != PairStatus.ACTIVE:
        raise ValidationError("Ответить на вопрос о паре можно, пока пара работает.")
    if not is_participant(pair, teacher):
        raise ValidationError("Вы не участвуете в этой паре или группе.")
    if not has_meeting(pair):
        raise ValidationError("Вопрос «Подходит ли вам пара?» задаётся после первой встречи: сначала запишите встречу.")

    def save():
        feedback = PairFeedback.objects.select_for_update().filter(pair=pair, teacher=teacher).first()
        feedback = feedback or PairFeedback(pair=pair, teacher=teacher)
        feedback.answer = answer
        feedback.comment = (comment or "").strip()
        feedback.answered_at = timezone.now()
        feedback.reviewed_at = None  # a new answer is a new signal for the curator
        feedback.full_clean()
        feedback.save()
        return feedback

    return once_more_on_conflict(save, constraint="pairfeedback_one_per_person")


def pair_reviews_close(*, pairs) -> int:
    """The curator has looked at these pairs: their «не подходит» answers leave the list to re-pair."""
    # A timestamp only, no rule to check: a new answer (pair_feedback_give) clears it again.
    return PairFeedback.objects.filter(pair__in=pairs, answer=FitAnswer.NOT_FIT, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now()
    )


# --- reminders about pairs without activity -------------------------------------------------------


@dataclass
class StaleReminderResult:
    sent: list = field(default_factory=list)  # StaleReminder rows written now, one per queued e-mail
    without_email: list = field(default_factory=list)  # (pair, teacher) that could not be reminded
    stale_pairs: int = 0
    jobs: list = field(default_factory=list)  # the mail jobs that send the reminders (one per school)


STALE_TITLE = "Напоминания участникам пар без активности"


def stale_reminders_send(*, today: datetime.date | None = None, site_url: str | None = None) -> StaleReminderResult:
    """Queue e-mails to the participants of active pairs without a meeting or done activity for 14 or 28 days
    (a mail job per school, sent by the worker: apps/jobs).

    Idempotent: a participant gets one reminder per threshold for one lull of a pair (a reminder at 28
    days also covers 14); after new activity a later lull is reminded of again. The reminder records and
    the jobs are written in one transaction: a reminder is recorded exactly when its letter is queued.
    """
    today = today or timezone.localdate()
    base = (site_url or settings.SITE_URL).rstrip("/")
    pairs = (
        with_stale_level(Pair.objects.filter(status=PairStatus.ACTIVE), today=today)
        .filter(stale_days__gt=0)
        .select_related("school__curator", "mentor__teacher", "form")
        .prefetch_related(
            Prefetch("memberships", queryset=PairMentee.objects.filter(left_on__isnull=True).select_related("mentee__teacher"))
        )
        .order_by("pk")
    )
    result = StaleReminderResult()
    letters_by_school = defaultdict(list)
    with transaction.atomic():
        for pair in pairs:
            result.stale_pairs += 1
            participants = [pair.mentor.teacher, *(m.mentee.teacher for m in pair.memberships.all())]
            for teacher in participants:
                if not teacher.email:
                    result.without_email.append((pair, teacher))
                    continue
                reminder, letter = _stale_reminder(pair=pair, teacher=teacher, today=today, base=base)
                if reminder is not None:
                    result.sent.append(reminder)
                    letters_by_school[pair.school].append(letter)
        for school, letters in letters_by_school.items():
            result.jobs.append(mail_job_create(school=school, title=STALE_TITLE, letters=letters))
    return result


def _stale_reminder(*, pair, teacher, today, base):
    # The pair row lock makes two runs at once remind each participant once.
    Pair.objects.select_for_update().filter(pk=pair.pk).first()
    already = StaleReminder.objects.filter(
        pair=pair, teacher=teacher, inactive_since=pair.last_activity_on, threshold__gte=pair.stale_days
    ).exists()
    if already:
        return None, None
    reminder = StaleReminder(
        pair=pair, teacher=teacher, threshold=pair.stale_days, inactive_since=pair.last_activity_on, sent_at=timezone.now()
    )
    reminder.full_clean()
    reminder.save()
    context = {
        "teacher": teacher,
        "pair": pair,
        "is_mentor": teacher.pk == pair.mentor.teacher_id,
        "days": (today - pair.last_activity_on).days,
        "threshold": pair.stale_days,
        "last_activity_on": pair.last_activity_on,
        "url": base + reverse("pairs:detail", args=[pair.pk]),
        "curator": pair.school.curator,
    }
    subject = render_to_string("pairs/email/stale_subject.txt", context).strip()
    body = render_to_string("pairs/email/stale_body.txt", context)
    return reminder, Letter(name=teacher.full_name, email=teacher.email, subject=subject, body=body)


def _join(pair: Pair, membership: PairMentee) -> None:
    membership.pair = pair
    membership.joined_on = membership.joined_on or pair.started_on
    membership.full_clean()  # school, self-mentoring, one open pair per mentee
    membership.save()


def _lock_mentees(mentee_ids) -> None:
    """Row locks on the mentees, taken after the mentor's and in id order, so crossing groups cannot deadlock.

    A second curator pairing the same mentee waits here until the first commits, then meets the
    rule's message from full_clean instead of the partial unique index's IntegrityError.
    """
    list(Mentee.objects.select_for_update(no_key=True).filter(pk__in=mentee_ids).order_by("pk").values_list("pk", flat=True))


def _set_mentee_status(mentee_ids, status) -> None:
    # A mentee's status follows their pairs; only these services change it.
    _update_mentees(Mentee.objects.filter(pk__in=mentee_ids), status)


def _release_mentees(mentee_ids) -> None:
    """Mentees no longer in any open pair wait for a mentor again."""
    still_paired = PairMentee.objects.open().filter(mentee_id__in=mentee_ids).values("mentee_id")
    _update_mentees(Mentee.objects.filter(pk__in=mentee_ids, status=MenteeStatus.PAIRED).exclude(pk__in=still_paired), MenteeStatus.WAITING)


def _update_mentees(mentees, status) -> None:
    """Three queries however many mentees: read, update, and their rows in the audit trail."""
    now = timezone.now()
    changed = [mentee for mentee in mentees if mentee.status != status]
    for mentee in changed:
        mentee.status, mentee.updated_at = status, now
    if changed:
        bulk_update_with_history(changed, Mentee, ["status", "updated_at"])
