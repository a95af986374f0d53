"""Rows of tests/test_url_access.py for the municipal pages (issue 17): `EXPECTED` (URL name → [Case]) and
`build(world, today=…)`, which adds the objects those rows need to the shared world.

The municipal pages: the coordinator's (/rayon/…, `rayon_konkurs:*`, behind `coordinator_required`: 403 to
everyone else), the schools' and the jury's contest pages (`konkurs:*`), the school's registration figures
(`registraciya:*`), the school's questions to the district (`pomoshch:*`) and the district's public page
(`public:district*`). `world.contest`, `world.application`, `world.question`, `world.district_order` and
`world.district_item` belong to school A's municipality, which the world's coordinator does not run (404 for
them); `world.own_*` belong to the coordinator's own municipality (200 for them)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.roles import Role
from apps.municipal.models import (
    Application,
    DistrictOrder,
    DistrictOrderKind,
    MunicipalItem,
    MunicipalRoadmap,
    MunicipalSection,
)
from apps.municipal.services import (
    contest_jury_set,
    contest_save,
    district_order_create,
    district_order_sign,
    municipal_roadmap_create,
    question_ask,
)
from apps.schools.tests.factories import SchoolFactory, UserFactory

from .test_url_access import ANY_REDIRECT, DISTRICT_PAGE, GONE, LOGIN, NONE, NOT_ALLOWED, OPEN, Case, row

pk_of = lambda attr: lambda w: {"pk": getattr(w, attr).pk}  # noqa: E731
# An object of school A's municipality on a coordinator's page: the world's coordinator runs another one.
OTHER_DISTRICTS = row(LOGIN, 403, 403, 403, 403, 403, 404)
# The coordinator's POST that ends in a redirect (back to the page, with a message or after saving).
DISTRICT_REDIRECT = row(LOGIN, 403, 403, 403, 403, 403, ANY_REDIRECT)
# A page for the staff of a school, the curator and the director of either school alike.
SCHOOL_STAFF = row(LOGIN, 403, 403, 200, 200, 200, 403)
district_slug = lambda w: {"slug": w.school.municipality.slug}  # noqa: E731

EXPECTED = {
    # --- the coordinator's contests
    "rayon_konkurs:list": [Case(NONE, DISTRICT_PAGE, post=DISTRICT_PAGE)],
    # An empty POST is the form with its errors.
    "rayon_konkurs:create": [Case(NONE, DISTRICT_PAGE, post=DISTRICT_PAGE)],
    "rayon_konkurs:detail": [
        Case(pk_of("contest"), OTHER_DISTRICTS, post=OTHER_DISTRICTS, label="contest of another district"),
        # An empty POST leaves the jury form unbound (`request.POST or None`): the page again.
        Case(pk_of("own_contest"), DISTRICT_PAGE, post=DISTRICT_PAGE, label="the coordinator's own contest"),
    ],
    "rayon_konkurs:edit": [
        Case(pk_of("contest"), OTHER_DISTRICTS, post=OTHER_DISTRICTS, label="contest of another district"),
        Case(pk_of("own_contest"), DISTRICT_PAGE, post=DISTRICT_PAGE, label="the coordinator's own contest"),
    ],
    # «Подвести итоги»: POST only (405 before the login); without scores it goes back with the error.
    "rayon_konkurs:publish": [
        Case(pk_of("contest"), NOT_ALLOWED, post=OTHER_DISTRICTS, label="contest of another district"),
        Case(pk_of("own_contest"), NOT_ALLOWED, post=DISTRICT_REDIRECT, label="the coordinator's own contest"),
    ],
    # The district's public page settings: an empty POST lacks the slug (the form again).
    "rayon_konkurs:district_page": [Case(NONE, DISTRICT_PAGE, post=DISTRICT_PAGE)],
    # Registration targets: a POST without any of the page's buttons just shows the page.
    "rayon_konkurs:targets": [Case(NONE, DISTRICT_PAGE, post=DISTRICT_PAGE)],
    "rayon_konkurs:orders": [Case(NONE, DISTRICT_PAGE, post=DISTRICT_PAGE)],
    "rayon_konkurs:order": [
        Case(pk_of("district_order"), OTHER_DISTRICTS, post=OTHER_DISTRICTS, label="order of another district"),
        # A signed order: an empty POST is the signing form with its errors.
        Case(pk_of("own_order"), DISTRICT_PAGE, post=DISTRICT_PAGE, label="the coordinator's own signed order"),
    ],
    "rayon_konkurs:order_pdf": [
        Case(pk_of("district_order"), OTHER_DISTRICTS, post=OTHER_DISTRICTS, label="order of another district"),
        Case(pk_of("own_order"), DISTRICT_PAGE, post=DISTRICT_PAGE, label="the coordinator's own signed order"),
    ],
    "rayon_konkurs:order_scan": [
        Case(pk_of("district_order"), OTHER_DISTRICTS, post=OTHER_DISTRICTS, label="order of another district"),
        Case(pk_of("own_order"), DISTRICT_PAGE, post=DISTRICT_PAGE, label="the coordinator's own signed order"),
    ],
    # The coordinator's municipality has its plan of the year: a POST creates nothing and shows the page.
    "rayon_konkurs:roadmap": [Case(NONE, DISTRICT_PAGE, post=DISTRICT_PAGE)],
    "rayon_konkurs:roadmap_item": [
        Case(pk_of("district_item"), OTHER_DISTRICTS, post=OTHER_DISTRICTS, label="item of another district's plan"),
        Case(pk_of("own_item"), DISTRICT_PAGE, post=DISTRICT_PAGE, label="an item of the coordinator's own plan"),
    ],
    "rayon_konkurs:questions": [Case(NONE, DISTRICT_PAGE, post=DISTRICT_PAGE)],
    "rayon_konkurs:question": [
        Case(pk_of("question"), OTHER_DISTRICTS, post=OTHER_DISTRICTS, label="school A's question (another district)"),
        # An empty POST is the message form with its error.
        Case(pk_of("own_question"), DISTRICT_PAGE, post=DISTRICT_PAGE, label="a question of the coordinator's district"),
    ],
    # --- the schools' and the jury's contest pages: staff of a school, and the coordinator
    "konkurs:list": [Case(NONE, row(LOGIN, 403, 403, 200, 200, 200, 200), post=row(LOGIN, 403, 403, 200, 200, 200, 200))],
    # An application is filed by a school's curator for a contest of the school's district (open now);
    # an empty POST is the form with its errors.
    "konkurs:apply": [
        Case(pk_of("contest"), row(LOGIN, 403, 403, 200, 404, 403, 403), post=row(LOGIN, 403, 403, 200, 404, 403, 403)),
        Case(pk_of("own_contest"), row(LOGIN, 403, 403, 404, 404, 403, 403), label="contest of another district"),
    ],
    # Scoring: the contest's jury only (director A sits on school A's district jury; the coordinator on their own).
    # An empty POST leaves the scores form unbound: the page again.
    "konkurs:scoring": [
        Case(pk_of("contest"), row(LOGIN, 403, 403, 403, 404, 200, 404), post=row(LOGIN, 403, 403, 403, 404, 200, 404)),
        Case(
            pk_of("own_contest"), row(LOGIN, 404, 404, 404, 404, 404, 200), post=row(LOGIN, 404, 404, 404, 404, 404, 200),
            label="the coordinator's own contest",
        ),
    ],
    # An application's PDF: its school's staff, the contest's jury, the contest district's coordinator.
    "konkurs:materials": [
        Case(pk_of("application"), row(LOGIN, 404, 404, 200, 404, 200, 404), post=row(LOGIN, 404, 404, 200, 404, 200, 404))
    ],
    # --- registration figures: the school's staff read them, its curator enters them (an empty POST just shows them)
    "registraciya:school": [Case(NONE, SCHOOL_STAFF, post=row(LOGIN, 403, 403, 200, 200, 403, 403))],
    # --- the school's questions to the district: its staff; an empty POST is the form with its errors
    "pomoshch:list": [Case(NONE, SCHOOL_STAFF, post=SCHOOL_STAFF)],
    "pomoshch:question": [
        Case(pk_of("question"), row(LOGIN, 404, 404, 200, 404, 200, 404), post=row(LOGIN, 404, 404, 200, 404, 200, 404))
    ],
    # --- the district's public page and its collection of practices: anyone, for an existing district
    "public:district": [
        Case(district_slug, OPEN, post=NOT_ALLOWED),
        Case({"slug": "no-such-district"}, GONE, post=NOT_ALLOWED, label="unknown district"),
    ],
    "public:district_collection": [
        Case(district_slug, OPEN, post=NOT_ALLOWED),
        Case({"slug": "no-such-district"}, GONE, post=NOT_ALLOWED, label="unknown district"),
    ],
}


def _contest(municipality, *, year, today):
    return contest_save(
        municipality=municipality,
        title="НАСТАВНИК + НАСТАВЛЯЕМЫЙ = КОМАНДА",
        year_start=year,
        description="",
        applications_from=today - datetime.timedelta(days=10),
        applications_until=today + datetime.timedelta(days=10),
        results_on=today + datetime.timedelta(days=20),
        nominations="Лучшая наставническая пара\nЛучшая практика",
        criteria="Результативность\nОригинальность",
    )


def build(world, *, today):
    users = get_user_model().objects
    curator_a, director_a = users.get(username="curator-a"), users.get(username="director-a")
    coordinator = world.coordinator

    # School A's municipality (no coordinator of it among the roles): a contest open for applications with
    # director A on its jury, school A's application, school A's question, a draft order and a plan item.
    district = world.school.municipality
    world.contest = _contest(district, year=world.year, today=today)
    world.contest.jury.add(director_a)
    world.application = Application.objects.create(
        contest=world.contest,
        nomination=world.contest.nominations.first(),
        school=world.school,
        pair=world.pair,
        title="Вместе к цели",
        description="Команда школы А",
        materials=SimpleUploadedFile("materials.pdf", b"%PDF-1.4\n%%EOF\n"),
        submitted_by=curator_a,
    )
    world.question = question_ask(by=curator_a, topic="other", subject="Как оформить приказ?", text="Подскажите, пожалуйста.")
    world.district_order = DistrictOrder.objects.create(
        municipality=district, kind=DistrictOrderKind.ORGANISATION, created_by=curator_a
    )
    plan = MunicipalRoadmap.objects.create(municipality=district, year_start=world.year)
    section = MunicipalSection.objects.create(roadmap=plan, number=1, title="Организация наставничества")
    world.district_item = MunicipalItem.objects.create(section=section, number="1.1", title="Приказ района", deadline=today)

    # The coordinator's own municipality: its contest (the coordinator on the jury), a signed order, the plan
    # of the year and a question of one of its schools.
    own = coordinator.municipality
    own.authority = "Отдел образования администрации района"
    own.head_name, own.head_position = "Голова Наталья Александровна", "Начальник отдела образования"
    own.save()
    world.own_contest = _contest(own, year=world.year, today=today)
    contest_jury_set(contest=world.own_contest, by=coordinator, members=[coordinator])
    order = district_order_create(municipality=own, by=coordinator, kind=DistrictOrderKind.ORGANISATION)
    world.own_order = district_order_sign(
        order=order, by=coordinator, number="1-д", date=today, scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scan")
    )
    own_plan = municipal_roadmap_create(municipality=own, by=coordinator, year_start=world.year)
    world.own_item = MunicipalItem.objects.filter(section__roadmap=own_plan).order_by("pk").first()
    own_school = SchoolFactory(municipality=own)
    own_curator = UserFactory(
        username="curator-own-district", first_name="Вера", last_name="Лебедева", school=own_school, is_staff=True, roles=[Role.CURATOR]
    )
    world.own_question = question_ask(by=own_curator, topic="other", subject="Вопрос школы района", text="Текст вопроса.")
