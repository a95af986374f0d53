"""One municipality with two schools: A has a waiting mentee, B an approved mentor with free places."""

from dataclasses import dataclass

from apps.accounts.roles import Role
from apps.catalogues.models import Competence, Request
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.schools.tests.factories import MunicipalityFactory, SchoolFactory, UserFactory
from apps.surveys.tests.factories import give_personal_data_consent


@dataclass
class Network:
    school_a: object
    school_b: object
    mentee: object  # of A, waiting
    mentor: object  # of B, approved, 2 places
    request: object  # the mentee's professional request, closed by the mentor's competence
    curator_a: object
    curator_b: object
    director_b: object
    coordinator: object


def make_network(*, municipality_name="Невский район", tag="net") -> Network:
    municipality = MunicipalityFactory(name=municipality_name)
    school_a = SchoolFactory(
        municipality=municipality,
        full_name="Государственное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № 41 Невского района Санкт-Петербурга",
        short_name="ГБОУ СОШ № 41",
        director_name="Иванов Иван Иванович",
        inn="7811000041",
        address="Санкт-Петербург, ул. Седова, д. 41",
    )
    school_b = SchoolFactory(
        municipality=municipality,
        full_name="Государственное бюджетное общеобразовательное учреждение гимназия № 7 Невского района Санкт-Петербурга",
        short_name="ГБОУ гимназия № 7",
        director_name="Петрова Анна Сергеевна",
        inn="7811000007",
    )
    need, _ = Request.objects.get_or_create(name="Сетевой запрос: работа с родителями обучающихся", school=None)
    competence, _ = Competence.objects.get_or_create(name="Сетевая компетенция: взаимодействие с родителями", school=None)
    competence.requests.add(need)
    mentee = MenteeFactory(
        teacher__school=school_a, teacher__last_name="Смирнова", teacher__first_name="Ольга", teacher__patronymic="Игоревна"
    )
    mentee.requests.add(need)
    give_personal_data_consent(mentee.teacher)
    mentor = MentorFactory(
        teacher__school=school_b,
        teacher__last_name="Кузнецов",
        teacher__first_name="Пётр",
        teacher__patronymic="Андреевич",
        teacher__gender="m",
    )
    mentor.competences.add(competence)
    give_personal_data_consent(mentor.teacher)

    def staff(school, role, username):
        return UserFactory(username=username, school=school, is_staff=True, roles=[role])

    return Network(
        school_a=school_a,
        school_b=school_b,
        mentee=mentee,
        mentor=mentor,
        request=need,
        curator_a=staff(school_a, Role.CURATOR, f"{tag}-curator-a"),
        curator_b=staff(school_b, Role.CURATOR, f"{tag}-curator-b"),
        director_b=staff(school_b, Role.DIRECTOR, f"{tag}-director-b"),
        coordinator=UserFactory(
            username=f"{tag}-coordinator", is_staff=True, municipality=municipality, roles=[Role.COORDINATOR]
        ),
    )
