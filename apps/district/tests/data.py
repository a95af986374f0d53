"""A small district for the coordinator's tests: municipality A with two schools, B with one."""

from dataclasses import dataclass

from django.utils import timezone

from apps.accounts.roles import Role
from apps.catalogues.models import Competence, Request
from apps.core.tests.clock import this_school_year
from apps.documents.models import Order, OrderKind, OrderStatus
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.schools.tests.factories import SchoolFactory, TeacherFactory, UserFactory
from apps.surveys.tests.factories import give_personal_data_consent

TODAY = this_school_year(11, 20)  # in the current school year, as the figures of «this year» need


def coordinator_of(municipality, username="coordinator"):
    return UserFactory(username=username, is_staff=True, municipality=municipality, roles=[Role.COORDINATOR])


def signed_order(school, kind, number, *, published=True):
    return Order.objects.create(
        school=school,
        kind=kind,
        status=OrderStatus.SIGNED,
        number=number,
        date=TODAY,
        year=TODAY.year,
        payload={},
        published_at=timezone.now() if published else None,
    )


def consented_mentor(school, last_name, competences=(), **kwargs):
    mentor = MentorFactory(teacher__school=school, teacher__last_name=last_name, **kwargs)
    mentor.competences.set(competences)
    give_personal_data_consent(mentor.teacher)
    return mentor


def consented_mentee(school, last_name, requests=()):
    mentee = MenteeFactory(teacher__school=school, teacher__last_name=last_name)
    mentee.requests.set(requests)
    give_personal_data_consent(mentee.teacher)
    return mentee


@dataclass
class District:
    school_a: object
    school_a2: object
    school_b: object
    competence: object
    request: object


def build_district(school_a, school_b) -> District:
    """School A: a consented mentor with the competence, one without consent, a waiting young mentee
    with the request, no curator. School A-2: a consented curator, a mentor with the competence,
    every required order signed. School B (another municipality): a mentor and a mentee."""
    school_a2 = SchoolFactory(municipality=school_a.municipality, short_name="Школа А-2", slug="school-a2")
    competence = Competence.objects.create(name="Работа с детьми с ОВЗ (тест)")
    request = Request.objects.create(name="Как работать с детьми с ОВЗ (тест)")
    request.competences.add(competence)

    consented_mentor(school_a, "Алмазова", [competence])
    MentorFactory(teacher__school=school_a, teacher__last_name="Скрытова")  # no consent: never listed
    consented_mentee(school_a, "Молодцова", [request])
    MenteeFactory(teacher__school=school_a, teacher__last_name="Безсогласнова")  # no consent either

    consented_mentor(school_a2, "Бирюзова", [competence])
    consented_mentor(school_a2, "Гранатова")  # no matching competence
    curator = TeacherFactory(school=school_a2, last_name="Кураторова", email="kurator@a2.example", phone="+7 900 111-22-33")
    give_personal_data_consent(curator)
    school_a2.curator = curator
    school_a2.save()
    for number, kind in enumerate((OrderKind.IMPLEMENTATION, OrderKind.REGULATIONS, OrderKind.CURATOR, OrderKind.PAIRS), 1):
        # The pairs order is signed but not yet put on the school's site.
        signed_order(school_a2, kind, f"{number}-од", published=kind != OrderKind.PAIRS)

    consented_mentor(school_b, "Чужакова", [competence])
    consented_mentee(school_b, "Чужая", [request])
    return District(school_a, school_a2, school_b, competence, request)


def report_from_worker(client, params=None) -> bytes:
    """The coordinator's «Аналитическая справка» as a user gets it: the button leads to the job's page, the
    worker makes it, the page's «Скачать PDF» gives the file."""
    from django.urls import reverse

    from apps.jobs.tests.worker import run_worker

    response = client.get(reverse("district:report_pdf"), params or {})
    assert response.status_code == 302 and response["Location"].startswith("/zadachi/"), response
    run_worker()
    page = client.get(response["Location"]).content.decode()
    assert "Скачать PDF" in page, page
    download = client.get(response["Location"] + "fail/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    return b"".join(download.streaming_content)
