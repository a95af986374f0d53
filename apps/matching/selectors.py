"""Reads for the matching: the school's bank turned into the algorithm's plain data, in a fixed number of queries."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import F, Q
from django.utils import timezone

from apps.catalogues.models import MentoringForm, Request
from apps.consents.models import ConsentKind
from apps.consents.selectors import has_active_consent
from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor, MentorStatus
from apps.pairs.models import OPEN_STATUSES, PairMentee, PairStatus
from apps.pairs.selectors import mentors_with_load
from apps.schools.models import FORM_PARTICIPANTS, Affiliation

from .algorithm import Labels, MenteeData, MentorData, Problem, Weights
from .models import MatchingSettings
from .names import NameIndex, Person

# Mentors the matching may propose: approved by the curator, and not archived.
PROPOSABLE_STATUSES = (MentorStatus.APPROVED, MentorStatus.TRAINED, MentorStatus.ACTIVE)
# Mentors the matching shows: those, and the candidates who wait for the curator's approval.
SHOWN_STATUSES = (MentorStatus.CANDIDATE, *PROPOSABLE_STATUSES)
DEFAULT_FORM_CODE = "teacher-teacher"


def matching_settings(*, school) -> MatchingSettings:
    """The school's weights; an unsaved default row when the curator never changed them."""
    return MatchingSettings.objects.filter(school=school).first() or MatchingSettings(school=school)


def waiting_mentees(*, school):
    """Mentees who wait for a mentor and whose personal data may be processed."""
    return (
        Mentee.objects.filter(school=school, status=MenteeStatus.WAITING)
        .filter(has_active_consent(ConsentKind.PERSONAL_DATA))
        .select_related("teacher__organisation", "preferred_form")
        .prefetch_related("requests")
        .order_by("teacher__last_name", "teacher__first_name", "teacher__patronymic", "pk")
    )


def proposable_mentors(*, school, free_only: bool = True, candidates: bool = False):
    """Approved, consented mentors with their load (`load`), by name; only those with a free place unless told.

    With `candidates`, also the candidates who wait for approval (`mentor.is_candidate` tells them apart).
    """
    statuses = SHOWN_STATUSES if candidates else PROPOSABLE_STATUSES
    mentors = (
        mentors_with_load(
            Mentor.objects.filter(school=school, status__in=statuses).filter(has_active_consent(ConsentKind.PERSONAL_DATA))
        )
        .select_related("teacher")
        .order_by("teacher__last_name", "teacher__first_name", "teacher__patronymic", "pk")
    )
    if free_only:
        mentors = mentors.filter(load__lt=F("capacity"))
    return mentors


def candidates_waiting(*, school) -> int:
    """The school's candidate mentors who wait for the curator's approval (with consent or without)."""
    return Mentor.objects.filter(school=school, status=MentorStatus.CANDIDATE).count()


def subject_keys(teacher) -> frozenset[str]:
    """What the teacher teaches, comparable between teachers: lower-case subjects; primary teachers share «начальные классы»."""
    subjects = {" ".join(s.lower().split()) for s in teacher.subject_list}
    if not subjects and "начальн" in teacher.position.lower():
        subjects = {"начальные классы"}
    return frozenset(subjects)


# The form a mentor works in when neither they nor the curator said which: the base form of their side.
BASE_FORM_CODES = {
    Affiliation.STAFF: DEFAULT_FORM_CODE,
    Affiliation.LECTURER: "university-young",
    Affiliation.PARTNER: "partner-teacher",
}


def mentor_form_ids(mentor, forms_by_code: dict) -> frozenset[int]:
    """Forms the mentor can work in: their own answer (`mentor.forms`, prefetched) among the forms whose mentor
    side they are on; when they gave none, the base form of their side («педагог – педагог» for the staff)."""
    affiliation = mentor.teacher.affiliation
    codes = [f.code for f in mentor.forms.all() if FORM_PARTICIPANTS.get(f.code, (Affiliation.STAFF,))[0] == affiliation]
    if not codes and not mentor.forms.all():
        codes = [BASE_FORM_CODES.get(affiliation, DEFAULT_FORM_CODE)]
    return frozenset(forms_by_code[c].pk for c in codes if c in forms_by_code)


def mentee_form_ids(teacher, forms_by_code: dict) -> frozenset[int]:
    """Forms a pair with this mentee may have: those whose mentee side they are on (a student: «работодатель – студент»)."""
    return frozenset(
        form.pk for code, form in forms_by_code.items() if FORM_PARTICIPANTS.get(code, (None, Affiliation.STAFF))[1] == teacher.affiliation
    )


@dataclass
class SchoolMatching:
    """The school's matching problem with the records behind it, in display order."""

    school: object  # School
    mentees: list  # Mentee
    mentors: list  # Mentor, with `load`
    forms: list  # MentoringForm
    problem: Problem

    @cached_property
    def mentee_by_id(self) -> dict:
        return {m.pk: m for m in self.mentees}

    @cached_property
    def mentor_by_id(self) -> dict:
        return {m.pk: m for m in self.mentors}

    @cached_property
    def form_by_id(self) -> dict:
        return {f.pk: f for f in self.forms}

    @cached_property
    def default_form(self):
        return next((f for f in self.forms if f.code == DEFAULT_FORM_CODE), self.forms[0] if self.forms else None)

    @cached_property
    def _mentor_data(self) -> dict:
        return {m.id: m for m in self.problem.mentors}

    @cached_property
    def _mentee_data(self) -> dict:
        return {m.id: m for m in self.problem.mentees}

    def form_for(self, mentee, mentor_id: int | None):
        """The form a new pair starts with, among the forms both can have: the mentee's preferred one, else
        «педагог – педагог», else the first in the catalogue's order (a student: «работодатель – студент»)."""
        mentor = self._mentor_data.get(mentor_id)
        allowed = self._mentee_data[mentee.pk].allowed_form_ids if mentee.pk in self._mentee_data else None
        possible = [
            f
            for f in self.forms
            if (allowed is None or f.pk in allowed) and (mentor is None or mentor.form_ids is None or f.pk in mentor.form_ids)
        ]
        for wanted in (mentee.preferred_form_id, getattr(self.default_form, "pk", None)):
            if any(f.pk == wanted for f in possible):
                return self.form_by_id[wanted]
        return possible[0] if possible else self.default_form


def school_matching(*, school, weights: Weights, today: datetime.date | None = None) -> SchoolMatching:
    """Everything the matching needs for one school, in eight queries whatever the bank's size.

    Excluded from proposals: a mentor and mentee who were in a pair that was dissolved, or
    that the mentee left before it ended; and a teacher with themselves.
    """
    today = today or timezone.localdate()
    mentees = list(waiting_mentees(school=school))  # 2 queries
    mentors = list(proposable_mentors(school=school, candidates=True).prefetch_related("competences", "forms"))  # 3 queries
    forms = list(MentoringForm.objects.all())  # 1 query
    forms_by_code = {f.code: f for f in forms}

    requests = {}
    for mentee in mentees:
        for request in mentee.requests.all():
            requests[request.pk] = request
    closers: dict[int, set[int]] = {pk: set() for pk in requests}
    links = Request.competences.through.objects.filter(request_id__in=list(requests)).values_list("request_id", "competence_id")
    for request_id, competence_id in links:  # 1 query
        closers[request_id].add(competence_id)
    ordered_requests = sorted(requests.values(), key=lambda r: (r.order, r.name.lower(), r.pk))

    mentee_ids = [m.pk for m in mentees]
    # Dissolved, or left before the pair ended (or while it goes on).
    ended = PairMentee.objects.filter(mentee_id__in=mentee_ids).filter(
        Q(pair__status=PairStatus.DISSOLVED)
        | Q(left_on__isnull=False, pair__status__in=OPEN_STATUSES)
        | Q(left_on__lt=F("pair__ended_on"))
    )
    excluded = set(ended.values_list("mentee_id", "pair__mentor_id"))  # 1 query
    mentor_of_teacher = {m.teacher_id: m.pk for m in mentors}
    excluded |= {(m.pk, mentor_of_teacher[m.teacher_id]) for m in mentees if m.teacher_id in mentor_of_teacher}

    # Every form of every mentor's name, built only when somebody named a mentor.
    names = NameIndex(
        Person(m.pk, m.teacher.last_name, m.teacher.first_name, m.teacher.patronymic, m.teacher.gender)
        for m in (mentors if any(m.desired_mentor for m in mentees) else ())
    )
    mentee_data = [
        MenteeData(
            id=m.pk,
            request_ids=frozenset(r.pk for r in m.requests.all()),
            subjects=subject_keys(m.teacher),
            preferred_form_id=m.preferred_form_id,
            experience_years=m.teacher.experience_years(today),
            desired_mentor_ids=names.named(m.desired_mentor),
            allowed_form_ids=mentee_form_ids(m.teacher, forms_by_code),
        )
        for m in mentees
    ]
    mentor_data = [
        MentorData(
            id=m.pk,
            competence_ids=frozenset(c.pk for c in m.competences.all()),
            subjects=subject_keys(m.teacher),
            form_ids=mentor_form_ids(m, forms_by_code),
            capacity_free=m.capacity - m.load,
            capacity=m.capacity,
            experience_years=m.teacher.experience_years(today),
            approved=m.status != MentorStatus.CANDIDATE,
        )
        for m in mentors
    ]
    labels = Labels(requests={r.pk: _in_sentence(r.name) for r in ordered_requests}, forms={f.pk: f.name for f in forms})
    problem = Problem(mentee_data, mentor_data, weights=weights, request_closers=closers, excluded=excluded, labels=labels)
    return SchoolMatching(school=school, mentees=mentees, mentors=mentors, forms=forms, problem=problem)


def _in_sentence(name: str) -> str:
    """A catalogue name as it reads inside a sentence: «Поддержание дисциплины» → «поддержание дисциплины», «ИКТ» stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name
