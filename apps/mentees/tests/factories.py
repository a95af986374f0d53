import factory

from apps.core.tests.clock import this_school_year, years_ago
from apps.mentees.models import Mentee
from apps.schools.tests.factories import TeacherFactory


class MenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentee

    teacher = factory.SubFactory(
        TeacherFactory,
        # A young specialist whatever the day: 26 or 25 years old, teaching for two full years.
        birth_date=factory.LazyFunction(lambda: years_ago(26, 3, 1)),
        teaching_since=factory.LazyFunction(lambda: this_school_year(9, 1, years=-2)),
        first_name="Анна",
    )
    school = factory.SelfAttribute("teacher.school")
