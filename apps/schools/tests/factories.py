import datetime

import factory

from apps.accounts.models import User
from apps.schools.models import Affiliation, Municipality, PartnerKind, PartnerOrganisation, School, Teacher


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Муниципальный район № {n}")
    slug = factory.Sequence(lambda n: f"rayon-{n}")
    region = "Санкт-Петербург"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    municipality = factory.SubFactory(MunicipalityFactory)
    full_name = factory.Sequence(lambda n: f"Государственное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № {n}")
    short_name = factory.Sequence(lambda n: f"ГБОУ СОШ № {n}")
    slug = factory.Sequence(lambda n: f"school-{n}")
    director_name = "Сергеева Татьяна Александровна"
    city = "Санкт-Петербург"


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.Sequence(lambda n: f"Иванова{n}")
    first_name = "Мария"
    patronymic = "Петровна"
    gender = "f"
    position = "учитель"
    subjects = "математика"
    birth_date = datetime.date(1985, 5, 17)
    teaching_since = datetime.date(2008, 9, 1)
    email = factory.Sequence(lambda n: f"teacher{n}@school.example")


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    school = factory.SubFactory(SchoolFactory)
    kind = PartnerKind.COLLEGE
    name = "Государственное бюджетное профессиональное образовательное учреждение «Педагогический колледж № 1»"
    short_name = factory.Sequence(lambda n: f"ГБПОУ «Педагогический колледж № {n}»")
    head_name = "Кузнецов Андрей Викторович"
    head_position = "Директор"


class StudentFactory(TeacherFactory):
    """A college student the school's mentor accompanies («работодатель – студент»)."""

    affiliation = Affiliation.STUDENT
    organisation = factory.SubFactory(PartnerOrganisationFactory, school=factory.SelfAttribute("..school"))
    position = "студент"
    subjects = ""
    course = 3
    speciality = "Преподавание в начальных классах"
    birth_date = datetime.date(2005, 3, 2)
    teaching_since = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("пароль-для-тестов")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        for role in extracted or ():
            self.groups.add(Group.objects.get(name=role))
