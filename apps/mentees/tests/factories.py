import datetime

import factory

from apps.mentees.models import Mentee
from apps.schools.tests.factories import TeacherFactory


class MenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentee

    teacher = factory.SubFactory(
        TeacherFactory, birth_date=datetime.date(2000, 3, 1), teaching_since=datetime.date(2024, 9, 1), first_name="Анна"
    )
    school = factory.SelfAttribute("teacher.school")
