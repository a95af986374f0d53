import datetime

import factory

from apps.accounts.models import User
from apps.schools.models import Municipality, School, Teacher


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
