"""Rows of tests/test_url_access.py for the school pages (issue 17): `EXPECTED` (URL name → [Case]) and
`build(world, today=…)`, which adds the objects those rows need to the shared world."""

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.jobs.models import Delivery, DeliveryStatus, Job, JobKind
from apps.jobs.services import Letter, mail_job_create
from apps.pairs.tests.factories import make_pair

from .test_url_access import ANY_REDIRECT, GONE, LOGIN, NOT_ALLOWED, OPEN, STAFF_PAGE, Case, row, slug_a, slug_b

pair_kw = lambda attr: lambda w: {"pair_pk": getattr(w, attr).pk}  # noqa: E731

# A teacher's page about a pair they are a member of: the card is found by the login, so staff (no card) get 404.
MEMBER_ONLY = row(LOGIN, 404, 200, 404, 404, 404, 404)

# School A's job: its curator and director read it; a coordinator (staff, no school) and school B's curator: 404.
JOB_OF_A = row(LOGIN, 403, 403, 200, 404, 200, 404)

EXPECTED = {
    # --- background jobs (issue 18): the list of one's own jobs for any staff user, a job of one's school,
    # «Повторить неотправленные» (POST only) for the curator, not the director who only reads.
    "jobs:list": [Case({}, row(LOGIN, 403, 403, 200, 200, 200, 200), post=row(LOGIN, 403, 403, 200, 200, 200, 200))],
    "jobs:detail": [
        Case(lambda w: {"pk": w.job.pk}, JOB_OF_A, post=JOB_OF_A),
        Case({"pk": 999999}, row(LOGIN, 403, 403, 404, 404, 404, 404), label="no such job"),
    ],
    "jobs:file": [
        Case(lambda w: {"pk": w.document_job.pk}, JOB_OF_A, post=JOB_OF_A),
        Case(lambda w: {"pk": w.job.pk}, row(LOGIN, 403, 403, 404, 404, 404, 404), label="a mail job: no file"),
    ],
    "jobs:retry": [
        Case(lambda w: {"pk": w.job.pk}, NOT_ALLOWED, post=row(LOGIN, 403, 403, ANY_REDIRECT, 404, 403, 404)),
    ],
    # --- the final reflection (surveys): a member of a working or completed pair answers it; an empty POST
    # is the questionnaire with its errors.
    "surveys:reflection": [
        Case(lambda w: {"pk": w.pair.pk}, MEMBER_ONLY, post=MEMBER_ONLY, label="the mentor's working pair"),
        Case(
            lambda w: {"pk": w.mentor_forming_pair.pk},
            row(LOGIN, 404, 404, 404, 404, 404, 404),
            post=row(LOGIN, 404, 404, 404, 404, 404, 404),
            label="the mentor's pair not started yet",
        ),
        Case({"pk": 999999}, row(LOGIN, 404, 404, 404, 404, 404, 404), label="no such pair"),
    ],
    # The school's reflections, pair by pair: the curator and the director read them (surveys.view_response).
    "surveys:reflection_results": [Case({}, STAFF_PAGE, post=STAFF_PAGE)],
    # --- documents: the school's Программа наставничества as PDF, of the user's own school (GET only).
    "documents:school_programme": [
        Case({}, STAFF_PAGE, post=NOT_ALLOWED),
        # The administrator names the school; a curator's own school wins over the query.
        Case({}, STAFF_PAGE, query="?school=school-a", label="school named in the query"),
    ],
    # --- programmes
    # The agreement and the director's approval are entered by the curator (programmes.change_programme;
    # the director reads only); an empty POST is the form with its errors.
    "programmes:programme_approval": [
        Case(pair_kw("pair"), row(LOGIN, 403, 403, 200, 404, 403, 403), post=row(LOGIN, 403, 403, 200, 404, 403, 403)),
        Case(pair_kw("draft_pair"), row(LOGIN, 403, 403, 404, 404, 403, 403), label="a pair without a programme"),
    ],
    # «Ознакомлен(а)»: a POST of the pair's mentor or current mentee; staff and other teachers: not found.
    "programmes:programme_acknowledge": [
        Case(pair_kw("pair"), NOT_ALLOWED, post=row(LOGIN, 404, ANY_REDIRECT, 404, 404, 404, 404)),
        Case(pair_kw("draft_pair"), NOT_ALLOWED, post=row(LOGIN, 404, 404, 404, 404, 404, 404), label="another mentor's pair"),
    ],
    # --- practices: the school's resource map, for its curator and director (practices.view_bestpractice).
    "practices:resource_map": [Case({}, STAFF_PAGE, post=STAFF_PAGE)],
    "practices:resource_map_pdf": [Case({}, STAFF_PAGE, post=STAFF_PAGE)],
    # --- the public section's copy of the resource map: like the section's pages (school B's is unpublished).
    "public:resource_map_file": [
        Case(slug_a, OPEN, post=NOT_ALLOWED),
        Case(slug_b, row(404, 404, 404, 404, 200, 404, 404), post=NOT_ALLOWED, label="unpublished section"),
        Case({"slug": "no-such-school"}, GONE, label="unknown school"),
    ],
}


def build(world, *, today):
    # A mail job of school A with a letter the mail server refused.
    world.job = mail_job_create(
        school=world.school, title="Ссылки на анкету", letters=[Letter(name="Иванова М. П.", email="m@a.example", subject="Тема", body="Текст")]
    )
    world.document_job = Job.objects.create(school=world.school, kind=JobKind.DOCUMENT, title="Справка", finished_at=timezone.now())
    world.document_job.result_file.save("spravka.pdf", ContentFile(b"%PDF-1.4"))
    Delivery.objects.filter(job=world.job).update(status=DeliveryStatus.FAILED, attempts=3, last_error="почтовый сервер не принял адрес (код 550)")
    # A second pair of the world's mentor, formed but not started: no reflection on it yet.
    world.mentor_forming_pair = make_pair(mentor=world.shown)
