"""Participants beyond the demo school's staff (issue 17, item 1): a pedagogical college and a social partner
with their requisites, a college student waiting in the mentee bank, and a school mentor who said she takes
students («работодатель – студент»), so that the curator can match them on /podbor/ and put the pair in the
pairs order. The mentors of both schools who never answered the forms question get «педагог – педагог».

Idempotent: run again, it finds what it made. Called once from `manage.py seed_demo`.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.catalogues.models import MentoringForm, Request
from apps.consents.models import Consent, ConsentKind
from apps.consents.services import consent_give
from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor, MentorStatus
from apps.pairs.selectors import mentors_with_load
from apps.schools.models import Affiliation, Gender, PartnerKind, PartnerOrganisation, Teacher

COLLEGE = {
    "kind": PartnerKind.COLLEGE,
    "name": "Государственное бюджетное профессиональное образовательное учреждение «Педагогический колледж № 1 им. Н.А. Некрасова»",
    "short_name": "ГБПОУ «Педагогический колледж № 1 им. Н.А. Некрасова»",
    "head_name": "Кузнецов Андрей Викторович",
    "head_position": "Директор",
    "head_basis": "Устава",
    "address": "196084, Санкт-Петербург, Лиговский пр., д. 281",
    "phone": "+7 812 388-47-70",
    "inn": "7810134580",
    "kpp": "781001001",
    "ogrn": "1027804878440",
}
PARTNER = {
    "kind": PartnerKind.ENTERPRISE,
    "name": "Автономная некоммерческая организация «Центр развития педагогических инициатив»",
    "short_name": "АНО «Центр развития педагогических инициатив»",
    "head_name": "Смирнова Елена Игоревна",
    "head_position": "Генеральный директор",
    "head_basis": "Устава",
    "address": "193231, Санкт-Петербург, ул. Коллонтай, д. 21",
}
STUDENT = {
    "last_name": "Орлов",
    "first_name": "Павел",
    "patronymic": "Сергеевич",
    "gender": Gender.MALE,
    "position": "студент",
    "affiliation": Affiliation.STUDENT,
    "course": 3,
    "speciality": "44.02.02 Преподавание в начальных классах",
    "birth_date": datetime.date(2005, 3, 2),
    "email": "p.orlov@college1.example",
}


@transaction.atomic
def seed_people(*, school, neighbour, municipality, today: datetime.date) -> list[str]:
    """The partners, the student and a mentor who takes students at `school`; lines for the seeder's summary."""
    forms = {f.code: f for f in MentoringForm.objects.all()}
    schools = [s for s in (school, neighbour) if s is not None]
    answered = Mentor.forms.through.objects.values("mentor_id")
    for mentor in Mentor.objects.filter(school__in=schools).exclude(pk__in=answered):
        mentor.forms.add(forms["teacher-teacher"])

    # get_or_create: a second run changes nothing (and a curator's corrections stay).
    college, _ = PartnerOrganisation.objects.get_or_create(school=school, short_name=COLLEGE["short_name"], defaults=COLLEGE)
    PartnerOrganisation.objects.get_or_create(school=school, short_name=PARTNER["short_name"], defaults=PARTNER)
    student = Teacher.objects.filter(school=school, email=STUDENT["email"]).first()
    if student is None:
        student = Teacher(school=school, organisation=college, **STUDENT)
        student.full_clean()
        student.save()

    # The mentor who takes students: one with a free place, the same one on every run once chosen.
    takes = forms["employer-student"]
    mentor = Mentor.objects.filter(school=school, forms=takes).select_related("teacher").first()
    if mentor is None:
        mentor = (
            mentors_with_load(Mentor.objects.filter(school=school, status__in=(MentorStatus.APPROVED, MentorStatus.TRAINED, MentorStatus.ACTIVE)))
            .filter(load__lt=F("capacity"))
            .select_related("teacher")
            .order_by("teacher__last_name", "pk")
            .first()
        )
    lines = [f"Организации-партнёры: {college.short_name}, {PARTNER['short_name']}."]
    if mentor is None:
        return [*lines, "Наставника со свободным местом для студента нет: студент не внесён в банк наставляемых."]
    mentor.forms.add(forms["teacher-teacher"], takes)

    mentee = Mentee.objects.filter(teacher=student).first()
    if mentee is None:
        mentee = Mentee(
            school=school,
            teacher=student,
            status=MenteeStatus.WAITING,
            preferred_form=takes,
            requests_text="Хочу научиться удерживать внимание класса и планировать уроки к педагогической практике.",
            meeting_frequency="раз в неделю во время практики",
        )
        mentee.full_clean()
        mentee.save()
        closed = Request.objects.for_school(school).filter(competences__in=mentor.competences.all()).distinct().order_by("order", "name")[:2]
        mentee.requests.set(closed)
    if not Consent.objects.active().filter(teacher=student, kind=ConsentKind.PERSONAL_DATA).exists():
        consent_give(teacher=student, kind=ConsentKind.PERSONAL_DATA, source=Consent.Source.PAPER, signed_on=min(today, timezone.localdate()))
    return [
        *lines,
        f"Студент {student.course} курса {college.short_name} {student.short_name} ждёт наставника в банке наставляемых; "
        f"наставник {mentor.teacher.short_name} работает и в форме «{takes.name}» — подбор пар на /podbor/.",
    ]
