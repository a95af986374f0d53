"""No figure of its own: the school with pairs that the figures of the apps above (documents, monitoring) start from."""

import datetime

from apps.catalogues.models import MentoringForm
from apps.core.bench import fake_staff_rows
from apps.mentees.models import Mentee
from apps.mentors.models import Mentor
from apps.pairs.services import pair_create
from apps.schools.bench import make_school
from apps.schools.models import Teacher


def school_with_pairs(slug: str, pairs: int, *, charter_name: bool = True):
    """A school with a curator and `pairs` draft pairs (one mentor, one mentee each), made through the services."""
    school = make_school(slug)
    if charter_name:  # the long name of a real charter: three lines in the requisites
        school.full_name = (
            "Государственное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № 34 "
            "Невского района Санкт-Петербурга"
        )
        school.short_name = "ГБОУ школа № 34 Невского района Санкт-Петербурга"
    school.city = "Санкт-Петербург"
    teachers = Teacher.objects.bulk_create(Teacher(school=school, **row) for row in fake_staff_rows(2 * pairs + 1, seed=7))
    school.curator = teachers[-1]
    school.save()
    mentors = Mentor.objects.bulk_create(Mentor(school=school, teacher=t, status="approved", capacity=2) for t in teachers[:pairs])
    mentees = Mentee.objects.bulk_create(Mentee(school=school, teacher=t) for t in teachers[pairs : 2 * pairs])
    form = MentoringForm.objects.get(code="teacher-teacher")
    started = datetime.date(2026, 10, 1)
    return school, [
        pair_create(school=school, mentor=m, mentees=[e], form=form, started_on=started, planned_end_on=datetime.date(2027, 5, 31))
        for m, e in zip(mentors, mentees, strict=True)
    ]
