import factory

from apps.mentors.models import Mentor
from apps.schools.tests.factories import TeacherFactory


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    teacher = factory.SubFactory(TeacherFactory)
    school = factory.SelfAttribute("teacher.school")
    status = "approved"
    capacity = 2
