"""Every URL of the portal × every role: the status each one gets, stated in one table.

The walk goes through the whole URL conf (`get_resolver().url_patterns`, recursively), so a
page added to any app is requested here too. A URL name missing from EXPECTED fails
`test_every_url_name_is_in_the_table` with the line to add. The back-office's model pages
(changelist, add, change, delete, history, the admin site's own views) are delegated to
tests/test_admin_access.py; the custom admin views (staff import, signing, …) are in the table.

How to add a URL: add `"app:name": [Case(...)]` to EXPECTED with the route's arguments taken from
the `world` fixture (objects of school A; `world.b` holds school B's) and one status per role in
ROLES order (`row(...)` names them; LOGIN = 302 to a login page, ANY_REDIRECT = any 302);
`Case(post=...)` states what an empty POST gets. A family of generated URLs can instead get a rule
in RULES (URL name suffix → function returning Cases), as the audit trail's version pages do.
Any URL of school A's object must be refused (403/404/405/login) to school B's curator.
"""

import copy
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.consents.models import Consent
from apps.core.dates import SchoolYear, school_year_start
from apps.district.rounds import district_round_fix
from apps.documents.models import Order
from apps.documents.services import order_attach_scan, order_kind_for_event
from apps.mentees.models import Mentee
from apps.mentors.models import Mentor
from apps.monitoring.services import school_round_fix
from apps.pairs.models import Pair
from apps.pairs.tests.factories import login_for, make_pair
from apps.programmes.calendar import calendar_path
from apps.programmes.models import Activity, Meeting, Programme
from apps.public.models import ActLevel, NewsImage, NewsPost, NormativeAct
from apps.public.tests.data import build_public_school, png_bytes
from apps.roadmap.models import Event
from apps.roadmap.services import roadmap_create
from apps.schools.models import Teacher
from apps.schools.tests.factories import MunicipalityFactory, PartnerOrganisationFactory, TeacherFactory, UserFactory
from apps.surveys.tests.factories import make_invitation

ROLES = ("anonymous", "teacher", "mentor", "curator_a", "curator_b", "director_a", "coordinator")
LOGIN = "login"  # 302 to the login page (the portal's or the admin's)
ANY_REDIRECT = "302"  # 302 anywhere (after a POST, to the admin index, …)


@dataclass(frozen=True)
class Case:
    """One request shape of a URL: its arguments and what each role gets."""

    kwargs: object  # callable(world) -> dict of URL kwargs, or a plain dict
    get: tuple | None  # one expected status per role, in ROLES order; None: anything but a server error
    post: tuple | None = None  # the same for a POST without data; None: not stated, anything but a server error
    label: str = ""
    query: str = ""

    def url(self, name, world):
        kwargs = self.kwargs(world) if callable(self.kwargs) else self.kwargs
        if isinstance(kwargs, (list, tuple)):  # a regex route with positional groups
            return reverse(name, args=kwargs) + self.query
        return reverse(name, kwargs=kwargs) + self.query


def row(anonymous, teacher, mentor, curator_a, curator_b, director_a, coordinator):
    return (anonymous, teacher, mentor, curator_a, curator_b, director_a, coordinator)


NONE = {}
# Recurring rows (anonymous, teacher, mentor, curator A, curator B, director A, coordinator).
STAFF_PAGE = row(LOGIN, 403, 403, 200, 200, 200, 403)  # a page of one's own school for its curator and director
STAFF_OBJECT = row(LOGIN, 403, 403, 200, 404, 200, 403)  # an object of school A
OPEN = row(200, 200, 200, 200, 200, 200, 200)
GONE = row(404, 404, 404, 404, 404, 404, 404)
NOT_ALLOWED = row(405, 405, 405, 405, 405, 405, 405)
# The municipal coordinator's pages: the coordinator sees their own municipality (no school of A or B).
DISTRICT_PAGE = row(LOGIN, 403, 403, 403, 403, 403, 200)

pk_of = lambda attr: lambda w: {"pk": getattr(w, attr).pk}  # noqa: E731
slug_pk = lambda attr: lambda w: {"slug": w.school.slug, "pk": getattr(w, attr).pk}  # noqa: E731
slug_a = lambda w: {"slug": w.school.slug}  # noqa: E731
slug_b = lambda w: {"slug": w.b.school.slug}  # noqa: E731
pair_pk = lambda w: {"pk": w.pair.pk}  # noqa: E731


EXPECTED = {
    # --- accounts: the teacher's own page; staff go to the back-office
    "home": [Case(NONE, row(LOGIN, 200, 200, ANY_REDIRECT, ANY_REDIRECT, ANY_REDIRECT, ANY_REDIRECT))],
    "login": [Case(NONE, row(200, ANY_REDIRECT, ANY_REDIRECT, ANY_REDIRECT, ANY_REDIRECT, ANY_REDIRECT, ANY_REDIRECT),
                   post=row(200, ANY_REDIRECT, ANY_REDIRECT, ANY_REDIRECT, ANY_REDIRECT, ANY_REDIRECT, ANY_REDIRECT))],
    "logout": [Case(NONE, NOT_ALLOWED, post=row(ANY_REDIRECT, *[ANY_REDIRECT] * 6))],
    # The second factor: staff set it up; without a device the code page just lets one through.
    "otp_verify": [Case(NONE, row(LOGIN, *[ANY_REDIRECT] * 6), post=row(LOGIN, *[ANY_REDIRECT] * 6))],
    "otp_settings": [Case(NONE, row(LOGIN, 403, 403, 200, 200, 200, 200), post=row(LOGIN, 403, 403, 200, 200, 200, 200))],
    "otp_start": [Case(NONE, row(LOGIN, 405, 405, 405, 405, 405, 405), post=row(LOGIN, 403, 403, *[ANY_REDIRECT] * 4))],
    "otp_confirm": [Case(NONE, row(LOGIN, 405, 405, 405, 405, 405, 405), post=row(LOGIN, 403, 403, 400, 400, 400, 400))],
    "otp_disable": [Case(NONE, row(LOGIN, 405, 405, 405, 405, 405, 405), post=row(LOGIN, 403, 403, 400, 400, 400, 400))],
    # «Забыли пароль?» and the set-password links: open to everyone; a bad link shows the Russian
    # «Ссылка недействительна» page (200), like Django's own views.
    "password_reset": [Case(NONE, OPEN, post=OPEN)],
    "password_reset_done": [Case(NONE, OPEN, post=NOT_ALLOWED)],
    "password_reset_confirm": [Case({"uidb64": "MQ", "token": "forged-token"}, OPEN, post=OPEN, label="forged token")],
    "password_reset_complete": [Case(NONE, OPEN, post=NOT_ALLOWED)],
    "invitation_confirm": [Case({"uidb64": "MQ", "token": "forged-token"}, OPEN, post=OPEN, label="forged token")],
    # The printed sheet's code page; an empty POST is a form with errors.
    "setup_code": [Case(NONE, OPEN, post=row(*[400] * 7))],
    # «Создать учётную запись» on the questionnaire pages: POST only, without the signed offer 400.
    "account_from_survey": [Case(NONE, NOT_ALLOWED, post=row(*[400] * 7))],
    # «Мои данные»: a teacher's own card as XLSX; staff have no card.
    "privacy:export": [Case(NONE, row(LOGIN, 200, 200, 404, 404, 404, 404), post=NOT_ALLOWED)],
    # --- surveys
    "surveys:link": [
        Case(lambda w: {"token": w.invitation.token}, OPEN, post=OPEN, label="valid token: the consent step"),
        Case({"token": "not-a-token"}, GONE, post=GONE, label="forged token"),
        Case({"token": "a/b/../../c"}, GONE, post=GONE, label="garbage path"),
        Case(lambda w: {"token": w.used_invitation.token}, row(*[410] * 7), post=row(*[410] * 7), label="used token"),
    ],
    "surveys:thanks": [Case(NONE, OPEN, post=OPEN)],
    "surveys:results": [Case(NONE, STAFF_PAGE, post=STAFF_PAGE)],
    "surveys:pair_results": [Case(pair_pk, STAFF_OBJECT, post=STAFF_OBJECT)],
    "surveys:fill": [
        # Only a teacher with a card fills the questionnaire of their school; staff have no card.
        Case({"kind": "mentee_request"}, row(LOGIN, 200, 200, 404, 404, 404, 404), post=row(LOGIN, 200, 200, 404, 404, 404, 404)),
        Case({"kind": "satisfaction_mentee"}, row(LOGIN, 404, 404, 404, 404, 404, 404), label="link-only kind"),
    ],
    # --- consents
    "consents:give": [
        Case({"kind": "personal_data"}, row(LOGIN, 200, ANY_REDIRECT, 404, 404, 404, 404), post=row(LOGIN, 200, ANY_REDIRECT, 404, 404, 404, 404)),
        Case({"kind": "mentee_assignment"}, row(LOGIN, 404, 404, 404, 404, 404, 404), label="a pair's consent"),
    ],
    "consents:withdraw": [
        # Only the teacher whose consent it is (here: the mentor's).
        Case(lambda w: {"pk": w.mentor_consent.pk}, row(405, 405, 405, 405, 405, 405, 405), post=row(LOGIN, 404, ANY_REDIRECT, 404, 404, 404, 404))
    ],
    # --- banks
    "mentees:bank": [Case(NONE, STAFF_PAGE, post=STAFF_PAGE)],
    "mentees:export": [Case(NONE, STAFF_PAGE)],
    "mentors:bank": [Case(NONE, STAFF_PAGE, post=STAFF_PAGE)],
    "mentors:export": [Case(NONE, STAFF_PAGE)],
    # --- documents
    "documents:verify": [
        Case(lambda w: {"token": w.order.token}, OPEN, post=NOT_ALLOWED),
        Case({"token": "forged"}, GONE, post=NOT_ALLOWED, label="forged token"),
    ],
    "documents:order_pdf": [Case(pk_of("order"), STAFF_OBJECT, post=NOT_ALLOWED)],
    "documents:order_scan": [Case(pk_of("order"), STAFF_OBJECT, post=NOT_ALLOWED)],
    "documents:pair_order_create": [
        # The director reads but does not prepare orders.
        Case(pair_pk, NOT_ALLOWED, post=row(LOGIN, 403, 403, ANY_REDIRECT, 404, 403, 403))
    ],
    "documents:pair_order_include": [Case(pair_pk, NOT_ALLOWED, post=row(LOGIN, 403, 403, ANY_REDIRECT, 404, 403, 403))],
    "documents:pair_programme": [Case(pair_pk, STAFF_OBJECT, post=NOT_ALLOWED)],
    "documents:event_order_create": [
        Case(pk_of("event"), NOT_ALLOWED, post=row(LOGIN, 403, 403, ANY_REDIRECT, 404, 403, 403))
    ],
    "documents:teacher_document": [
        Case(lambda w: {"pk": w.teacher.pk, "kind": "consent_personal_data"}, STAFF_OBJECT, post=NOT_ALLOWED),
        Case(lambda w: {"pk": w.teacher.pk, "kind": "consent_dissemination"}, STAFF_OBJECT, label="dissemination"),
        Case(lambda w: {"pk": w.teacher.pk, "kind": "no-such-document"}, row(LOGIN, 403, 403, 404, 404, 404, 403), label="unknown kind"),
    ],
    "documents:regulations": [Case(NONE, STAFF_PAGE, post=NOT_ALLOWED)],
    "documents:partner_agreement": [Case(lambda w: {"pk": w.partner.pk}, STAFF_OBJECT, post=NOT_ALLOWED)],
    # A teacher's own 152-ФЗ forms, found by the login: staff have no card.
    "documents:my_consent_form": [
        Case({"kind": "consent_dissemination"}, row(LOGIN, 200, 200, 404, 404, 404, 404), post=NOT_ALLOWED),
        Case({"kind": "consent_mentor"}, row(LOGIN, 404, 404, 404, 404, 404, 404), label="a pair's form"),
    ],
    # --- the pair page and what its participants write there
    "pairs:detail": [Case(pair_pk, row(LOGIN, 404, 200, 200, 404, 200, 404), post=row(LOGIN, 404, 200, 200, 404, 200, 404))],
    "pairs:fit": [Case(pair_pk, NOT_ALLOWED, post=row(LOGIN, 404, ANY_REDIRECT, 404, 404, 404, 404))],
    "programmes:overview": [Case(NONE, STAFF_PAGE, post=STAFF_PAGE)],
    "programmes:pair_programme_create": [Case(lambda w: {"pair_pk": w.pair.pk}, NOT_ALLOWED, post=row(LOGIN, 403, 403, ANY_REDIRECT, 404, 403, 403))],
    "programmes:activity_done": [
        Case(lambda w: {"pair_pk": w.pair.pk, "pk": w.activity.pk}, NOT_ALLOWED, post=row(LOGIN, 404, ANY_REDIRECT, 404, 404, 404, 404))
    ],
    "programmes:activity_undone": [
        Case(lambda w: {"pair_pk": w.pair.pk, "pk": w.activity.pk}, NOT_ALLOWED, post=row(LOGIN, 404, ANY_REDIRECT, 404, 404, 404, 404))
    ],
    "programmes:meeting_add": [
        Case(lambda w: {"pair_pk": w.pair.pk}, row(LOGIN, 404, 200, 404, 404, 404, 404), post=row(LOGIN, 404, 200, 404, 404, 404, 404))
    ],
    "programmes:meeting_feedback": [
        Case(lambda w: {"pair_pk": w.pair.pk, "pk": w.meeting.pk}, NOT_ALLOWED, post=row(LOGIN, 404, ANY_REDIRECT, 404, 404, 404, 404))
    ],
    "programmes:calendar": [
        # The feed's signed token is the only key: no login.
        Case(lambda w: {"token": w.calendar_token}, OPEN, post=OPEN),
        Case({"token": "forged"}, GONE, label="forged token"),
    ],
    # «Заменить ссылку»: a POST of a teacher with a card (their own links); staff have no card.
    "programmes:calendar_reset": [
        Case(NONE, row(LOGIN, 405, 405, 405, 405, 405, 405), post=row(LOGIN, ANY_REDIRECT, ANY_REDIRECT, 404, 404, 404, 404))
    ],
    # --- matching (the director reads; only the curator proposes and forms pairs)
    "matching:index": [Case(NONE, STAFF_PAGE, post=STAFF_PAGE)],
    "matching:weights": [Case(NONE, NOT_ALLOWED, post=row(LOGIN, 403, 403, 200, 200, 403, 403))],
    "matching:propose": [Case(NONE, row(LOGIN, 403, 403, 200, 200, 403, 403), post=row(LOGIN, 403, 403, 200, 200, 403, 403))],
    "matching:manual": [Case(NONE, row(LOGIN, 403, 403, 200, 200, 403, 403), post=row(LOGIN, 403, 403, 200, 200, 403, 403))],
    "matching:created": [
        # Another school's pair ids in the query string show nothing (200, an empty list).
        Case(NONE, STAFF_PAGE, post=STAFF_PAGE, query="?pary=1,2,abc"),
    ],
    # «Утвердить» beside a candidate: a POST of the curator (the world's mentor is approved already: refused, back to the page).
    "matching:approve_mentor": [Case(pk_of("shown"), NOT_ALLOWED, post=row(LOGIN, 403, 403, ANY_REDIRECT, 404, 403, 403))],
    # --- roadmap
    "roadmap:page": [Case(NONE, STAFF_PAGE, post=STAFF_PAGE)],
    "roadmap:year": [
        Case(lambda w: {"year_start": w.year}, STAFF_PAGE, post=STAFF_PAGE),
        Case({"year_start": 1900}, row(LOGIN, 403, 403, 404, 404, 404, 403), label="year out of range"),
    ],
    "roadmap:create": [
        Case(lambda w: {"year_start": w.year + 1}, NOT_ALLOWED, post=row(LOGIN, 403, 403, ANY_REDIRECT, ANY_REDIRECT, 403, 403))
    ],
    "roadmap:copy": [
        # The year is of the user's own school: curator B copies B's roadmap of that year.
        Case(lambda w: {"year_start": w.year}, NOT_ALLOWED, post=row(LOGIN, 403, 403, ANY_REDIRECT, ANY_REDIRECT, 403, 403))
    ],
    "roadmap:event_row": [Case(pk_of("event"), row(LOGIN, 403, 403, ANY_REDIRECT, 404, ANY_REDIRECT, 403), post=row(LOGIN, 403, 403, ANY_REDIRECT, 404, ANY_REDIRECT, 403))],
    "roadmap:event_edit": [Case(pk_of("event"), row(LOGIN, 403, 403, 200, 404, 403, 403), post=row(LOGIN, 403, 403, 200, 404, 403, 403))],
    # --- monitoring
    "monitoring:dashboard": [Case(NONE, STAFF_PAGE, post=STAFF_PAGE)],
    "monitoring:conclusions": [Case(NONE, NOT_ALLOWED, post=row(LOGIN, 403, 403, ANY_REDIRECT, ANY_REDIRECT, 403, 403))],
    "monitoring:report_pdf": [Case(NONE, STAFF_PAGE)],
    "monitoring:report_xlsx": [Case(NONE, STAFF_PAGE)],
    # Monitoring rounds: the curator fixes one (an empty name goes back with the error); a round is school A's object.
    "monitoring:round_fix": [Case(NONE, NOT_ALLOWED, post=row(LOGIN, 403, 403, ANY_REDIRECT, ANY_REDIRECT, 403, 403))],
    "monitoring:round_xlsx": [Case(pk_of("round"), STAFF_OBJECT)],
    "district:monitoring": [Case(NONE, DISTRICT_PAGE, post=None), Case(NONE, DISTRICT_PAGE, query="?sort=-young_percent")],
    "district:monitoring_xlsx": [Case(NONE, DISTRICT_PAGE, post=None)],
    # Made by the worker (issue 18): the coordinator is sent to the job's page.
    "district:report_pdf": [Case(NONE, row(LOGIN, 403, 403, 403, 403, 403, ANY_REDIRECT), post=None)],
    "district:round_fix": [Case(NONE, NOT_ALLOWED, post=row(LOGIN, 403, 403, 403, 403, 403, ANY_REDIRECT))],
    "district:round_xlsx": [Case(pk_of("district_round"), DISTRICT_PAGE, post=None)],
    "district:mentors": [Case(NONE, DISTRICT_PAGE, post=None), Case(NONE, DISTRICT_PAGE, query="?zapros=abc&school=-1")],
    "district:curators": [Case(NONE, DISTRICT_PAGE, post=None)],
    "district:mentees": [Case(NONE, DISTRICT_PAGE, post=None)],
    # The body the district's report is issued by; an empty POST is the form with its error.
    "district:requisites": [Case(NONE, DISTRICT_PAGE, post=DISTRICT_PAGE)],
    # --- network mentoring: school A's mentee, a mentor of school C of A's municipality (school B is of neither
    # side); `network_request` waits for C's decision, `network_accepted` formed a network pair in A.
    "network:index": [Case(NONE, STAFF_PAGE, post=STAFF_PAGE)],
    "network:ask": [Case(NONE, row(LOGIN, 403, 403, 200, 200, 403, 403), post=row(LOGIN, 403, 403, 400, 400, 403, 403))],
    "network:accept": [Case(pk_of("network_request"), NOT_ALLOWED, post=row(LOGIN, 403, 403, 404, 404, 403, 403))],
    "network:decline": [Case(pk_of("network_request"), NOT_ALLOWED, post=row(LOGIN, 403, 403, 404, 404, 403, 403))],
    "network:withdraw": [Case(pk_of("network_request"), NOT_ALLOWED, post=row(LOGIN, 403, 403, ANY_REDIRECT, 404, 403, 403))],
    "network:agreement": [
        Case(pk_of("network_accepted"), row(LOGIN, 403, 403, 200, 404, 200, 403), post=row(LOGIN, 403, 403, 200, 404, 200, 403)),
        Case(pk_of("network_request"), row(LOGIN, 403, 403, 404, 404, 404, 403), label="not accepted yet"),
    ],
    "network:district": [Case(NONE, DISTRICT_PAGE, post=DISTRICT_PAGE)],
    # The world's coordinator is of another municipality: school C's mentor is not theirs.
    "network:propose": [
        Case(lambda w: {"mentor_pk": w.network_request.mentor_id}, row(LOGIN, 403, 403, 403, 403, 403, 404), post=row(LOGIN, 403, 403, 403, 403, 403, 404))
    ],
    "network:district_withdraw": [Case(pk_of("network_request"), NOT_ALLOWED, post=row(LOGIN, 403, 403, 403, 403, 403, 404))],
    "network:district_agreement": [Case(pk_of("network_accepted"), row(LOGIN, 403, 403, 403, 403, 403, 404), post=None)],
    # --- the public section: school A's is published, school B's is not (its staff preview it)
    "public:embed_script": [Case(NONE, OPEN, post=NOT_ALLOWED)],
    **{
        f"public:{name}": [
            Case(slug_a, OPEN, post=NOT_ALLOWED),
            Case(slug_b, row(404, 404, 404, 404, 200, 404, 404), post=NOT_ALLOWED, label="unpublished section"),
            Case({"slug": "no-such-school"}, GONE, label="unknown school"),
        ]
        for name in ("home", "normative", "roadmap", "mentors", "programmes", "news")
    },
    "public:news_detail": [
        Case(slug_pk("news"), OPEN, post=NOT_ALLOWED),
        Case(slug_pk("draft_news"), GONE, label="draft news post"),
        Case(lambda w: {"slug": w.school.slug, "pk": w.b.news.pk}, GONE, label="another school's post"),
    ],
    "public:news_rss": [Case(slug_a, OPEN), Case(slug_b, GONE, label="unpublished section")],
    "public:news_atom": [Case(slug_a, OPEN), Case(slug_b, GONE, label="unpublished section")],
    "public:order_file": [
        Case(slug_pk("published_order"), OPEN, post=NOT_ALLOWED),
        Case(slug_pk("unpublished_order"), GONE, label="signed, not published"),
    ],
    "public:act_file": [Case(slug_pk("act_with_file"), OPEN, post=NOT_ALLOWED), Case(slug_pk("act"), GONE, label="no file")],
    "public:practice_file": [Case(lambda w: {"slug": w.school.slug, "pk": 999999}, GONE, post=NOT_ALLOWED)],
    "public:mentor_photo": [
        Case(slug_pk("shown"), OPEN, post=NOT_ALLOWED),
        Case(slug_pk("hidden"), GONE, label="mentor without consent to publication"),
    ],
    "public:news_image": [Case(slug_pk("news_image"), OPEN, post=NOT_ALLOWED)],
    # --- custom back-office views (the model pages are in tests/test_admin_access.py)
    "admin:schools_teacher_import": [
        Case(NONE, row(LOGIN, LOGIN, LOGIN, 200, 200, 403, 403), post=row(LOGIN, LOGIN, LOGIN, 200, 200, 403, 403))
    ],
    "admin:schools_teacher_import_template": [Case(NONE, row(LOGIN, LOGIN, LOGIN, 200, 200, 403, 403))],
    # «Вход в портал» of one teacher: the curator of the teacher's school only (an empty POST: back with an error).
    "admin:schools_teacher_portal_login": [
        Case(lambda w: {"object_id": w.teacher.pk}, row(LOGIN, LOGIN, LOGIN, 200, 404, 403, 403), post=row(LOGIN, LOGIN, LOGIN, ANY_REDIRECT, 404, 403, 403))
    ],
    # The pair's flow: the consent and end pages ask first (an empty POST re-shows them with errors).
    "admin:pairs_pair_record_consent": [
        Case(lambda w: {"object_id": w.draft_pair.pk}, row(LOGIN, LOGIN, LOGIN, 200, 404, 403, 404), post=row(LOGIN, LOGIN, LOGIN, 200, 404, 403, 404))
    ],
    "admin:pairs_pair_start": [
        Case(lambda w: {"object_id": w.draft_pair.pk}, row(LOGIN, LOGIN, LOGIN, 405, 405, 405, 405), post=row(LOGIN, LOGIN, LOGIN, ANY_REDIRECT, 404, 403, 404))
    ],
    # Approving candidates: the confirmation on GET (of one's own school's candidates), the approval on POST.
    "admin:mentors_mentor_approve": [
        Case(NONE, row(LOGIN, LOGIN, LOGIN, 200, 200, 403, 403), post=row(LOGIN, LOGIN, LOGIN, ANY_REDIRECT, ANY_REDIRECT, 403, 403)),
        Case(NONE, row(LOGIN, LOGIN, LOGIN, 200, 200, 403, 403), query="?ids=1,2,abc", label="chosen ids"),
    ],
    "admin:pairs_pair_end": [
        Case(lambda w: {"object_id": w.pair.pk}, row(LOGIN, LOGIN, LOGIN, 200, 404, 403, 404), post=row(LOGIN, LOGIN, LOGIN, 200, 404, 403, 404))
    ],
    # An order signed outside the portal, entered with its scan: the curator of a school (each their own school's).
    "admin:documents_order_outside": [Case(NONE, row(LOGIN, LOGIN, LOGIN, 200, 200, 403, 403), post=row(LOGIN, LOGIN, LOGIN, 200, 200, 403, 403))],
    "admin:documents_order_sign": [
        Case(lambda w: {"object_id": w.draft_order.pk}, row(LOGIN, LOGIN, LOGIN, 403, 404, 200, 404), post=row(LOGIN, LOGIN, LOGIN, 403, 404, 200, 404))
    ],
    # «Экспорт» of a list: whoever may view the list (a coordinator of another district gets an empty file);
    # orders are the school's own. An empty POST shows the form again.
    **{
        f"admin:{label}_export": [Case(NONE, row(LOGIN, LOGIN, LOGIN, 200, 200, 200, 200), post=row(LOGIN, LOGIN, LOGIN, 200, 200, 200, 200))]
        for label in ("schools_teacher", "mentors_mentor", "mentees_mentee", "pairs_pair", "programmes_programme", "consents_consent")
    },
    "admin:documents_order_export": [
        Case(NONE, row(LOGIN, LOGIN, LOGIN, 200, 200, 200, 403), post=row(LOGIN, LOGIN, LOGIN, 200, 200, 200, 403))
    ],
    # Users are the administrator's alone (ADMIN_ONLY in the admin matrix).
    "admin:auth_user_password_change": [
        Case(lambda w: {"id": w.users["mentor"].pk}, row(LOGIN, LOGIN, LOGIN, 403, 403, 403, 403), post=row(LOGIN, LOGIN, LOGIN, 403, 403, 403, 403))
    ],
    # The curator's school gets its missing public section by a POST (a GET writes nothing).
    "admin:public_publicsection_create": [
        Case(NONE, row(LOGIN, LOGIN, LOGIN, 405, 405, 405, 405), post=row(LOGIN, LOGIN, LOGIN, ANY_REDIRECT, ANY_REDIRECT, 403, 403))
    ],
    "admin:practices_bestpractice_file": [
        Case(lambda w: {"object_id": 999999, "file_id": 999999}, row(LOGIN, LOGIN, LOGIN, 404, 404, 404, 404))
    ],
}

# Issue 17's pages keep their rows beside this table, one module per part; they import Case, row and the
# recurring rows from here, hence the import below the definitions.
from . import url_access_events, url_access_municipal, url_access_school  # noqa: E402

EXPECTED |= url_access_events.EXPECTED | url_access_municipal.EXPECTED | url_access_school.EXPECTED


def history_cases(world, name):
    """Rule for every `admin:<app>_<model>_simple_history` page (one version of a record, django-simple-history):
    a record of school A, or of no school for the shared catalogues, and its latest version."""
    label = name.removeprefix("admin:").removesuffix("_simple_history")
    model = next(m for m in admin.site._registry if f"{m._meta.app_label}_{m._meta.model_name}" == label)
    obj = world.admin_objects_a.get(model)
    if obj is None or not hasattr(model, "history"):
        # A model without recorded history: whatever the page answers, never a server error.
        return [Case(["1", "1"], None, label="model without history")]
    version = obj.history.order_by("-history_id").first()
    assert version is not None, f"{model._meta.label}: the world's record has no history"
    return [Case([obj.pk, version.history_id], HISTORY_ROWS.get(model._meta.label, HISTORY_OF_SCHOOL_A))]


# One old version of a record: the audit trail lists versions on the «История» page but never opens
# one by itself (schools.admin_scope.AuditTrailAdminMixin), so 404 for all staff; the rest go to the login.
HISTORY_OF_SCHOOL_A = row(LOGIN, LOGIN, LOGIN, 404, 404, 404, 404)
HISTORY_ROWS = {}
RULES = {"_simple_history": history_cases}  # URL name suffix → rule function(world, name) -> [Case]


def cases_for(name, world):
    if name in EXPECTED:
        return EXPECTED[name]
    for suffix, rule in RULES.items():
        if name.endswith(suffix):
            return rule(world, name)
    raise KeyError(name)


# Back-office pages the admin matrix (tests/test_admin_access.py) walks for every registered model.
ADMIN_MODEL_PAGES = ("changelist", "add", "change", "delete", "history")
ADMIN_SITE_PAGES = {"index", "login", "logout", "password_change", "password_change_done", "autocomplete", "jsi18n", "view_on_site", "app_list"}


def url_names(patterns=None, namespace=None, prefix=""):
    """(name, route) of every pattern, recursively; unnamed ones as (None, route)."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from url_names(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern)


def delegated_to_admin_matrix(name, route) -> bool:
    """A model page or an admin site page: tests/test_admin_access.py requests these for every role."""
    if not route.startswith("admin/"):
        return False
    if name is None:  # the admin's own unnamed redirects (<object_id>/ → change, the catch-all)
        return True
    short = name.removeprefix("admin:")
    if short in ADMIN_SITE_PAGES:
        return True
    registered = {f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry}
    stem, _, page = short.rpartition("_")
    return page in ADMIN_MODEL_PAGES and stem in registered


def test_every_url_name_is_in_the_table():
    missing, unnamed = [], []
    for name, route in url_names():
        if delegated_to_admin_matrix(name, route):
            continue
        if route.startswith(settings.MEDIA_URL.lstrip("/")) or route.startswith("^" + settings.MEDIA_URL.lstrip("/")):
            continue  # DEBUG only: MEDIA files
        if name is None:
            unnamed.append(route)
        elif name not in EXPECTED and not any(name.endswith(suffix) for suffix in RULES):
            missing.append(f"{name} ({route})")
    assert not unnamed, f"Give these URL patterns a name so the access table can state them: {unnamed}"
    assert not missing, (
        "URL names not in tests/test_url_access.py EXPECTED — add a Case with the expected status for every role "
        f"({', '.join(ROLES)}): {missing}"
    )
    stale = set(EXPECTED) - {name for name, _ in url_names()}
    assert not stale, f"EXPECTED names URLs that no longer exist: {sorted(stale)}"


def test_the_admin_matrix_covers_every_registered_model():
    """The delegation above holds only while the admin matrix walks every model the admin registers."""
    from tests import test_admin_access

    # The matrix requests changelist, add and the change pages of schools A and B for every registered
    # model and role, and checks that its model list equals admin.site._registry.
    assert {"anonymous", "teacher", "director", "curator"} <= set(test_admin_access.ROLES)
    assert callable(test_admin_access.test_access_matrix)
    assert callable(test_admin_access.test_every_registered_model_is_in_the_matrix)
    # Delete and history pages of another school's objects: 404 for a curator.
    assert callable(test_admin_access.test_other_schools_objects_are_404_on_every_object_page)


# --- the world every role is let loose in ----------------------------------------------------------


def _school_world(school, *, today):
    data = build_public_school(school, today=today)  # published section, active pair with a programme, news, orders
    world = SimpleNamespace(school=school, **vars(data))
    world.activity = Activity.objects.create(programme=data.programme, title="Посетить урок наставника", due_date=today)
    world.meeting = Meeting.objects.create(programme=data.programme, held_on=today, topic="Знакомство")
    world.year = school_year_start(today)
    roadmap = roadmap_create(school=school, year_start=world.year)
    events = Event.objects.filter(stage__roadmap=roadmap).select_related("stage__roadmap").order_by("pk")
    world.event = next(e for e in events if order_kind_for_event(e) is not None)
    world.order = order_attach_scan(order=data.published_order, file=SimpleUploadedFile("scan.png", png_bytes()))
    world.draft_pair = make_pair(school=school)
    world.teacher = TeacherFactory(school=school)
    world.invitation = make_invitation(TeacherFactory(school=school))
    world.used_invitation = make_invitation(TeacherFactory(school=school))
    world.used_invitation.used_at = timezone.now()
    world.used_invitation.save()
    world.act_with_file = NormativeAct.objects.create(
        school=school, level=ActLevel.SCHOOL, title="Положение о наставничестве", file=SimpleUploadedFile("act.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    world.news_image = NewsImage.objects.create(post=data.news, image=SimpleUploadedFile("n.png", png_bytes()), alt="Фото")
    return world


@pytest.fixture
def world(school_a, school_b, curator_a, curator_b, director_a, teacher_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    world = _school_world(school_a, today=today)
    # School B: its own (unpublished) section, a published news post and the roadmap of the same year.
    world.b = SimpleNamespace(
        school=school_b,
        news=NewsPost.objects.create(school=school_b, title="Новость школы Б", body="Текст", is_published=True),
    )
    roadmap_create(school=school_b, year_start=world.year)
    mentor_user = login_for(world.shown.teacher)  # the mentor of school A's active pair
    world.calendar_token = calendar_path(world.shown.teacher).rsplit("/", 1)[-1].removesuffix(".ics")
    world.mentor_consent = Consent.objects.filter(teacher=world.shown.teacher).order_by("pk").first()
    world.partner = PartnerOrganisationFactory(school=school_a)
    world.admin_objects_a = {
        Teacher: world.teacher,
        Mentor: world.shown,
        Mentee: world.mentee_teacher.mentee,
        Pair: world.pair,
        Programme: world.programme,
        Consent: world.mentor_consent,
        Order: world.order,
    }
    coordinator = UserFactory(
        username="coordinator-other", is_staff=True, municipality=MunicipalityFactory(), roles=[Role.COORDINATOR]
    )
    world.round = school_round_fix(school=school_a, year=SchoolYear.of(today), name="входной — январь", user=curator_a)
    world.district_round = district_round_fix(
        municipality=coordinator.municipality, year=SchoolYear.of(today), name="входной — январь", user=coordinator
    )
    world.network_request, world.network_accepted = _network_requests(school_a, curator_a, today=today)
    world.coordinator = coordinator
    for part in (url_access_events, url_access_municipal, url_access_school):
        part.build(world, today=today)
    world.users = {
        "anonymous": None,
        "teacher": teacher_user,
        "mentor": mentor_user,
        "curator_a": curator_a,
        "curator_b": curator_b,
        "director_a": director_a,
        "coordinator": coordinator,
    }
    return world


def _network_requests(school, asker, *, today):
    """A request of school A's waiting mentee for a mentor of school C (A's municipality), and an accepted one."""
    from apps.core.dates import add_months
    from apps.mentees.tests.factories import MenteeFactory
    from apps.mentors.tests.factories import MentorFactory
    from apps.network.services import network_request_accept, network_request_create
    from apps.schools.tests.factories import SchoolFactory

    mentor = MentorFactory(teacher__school=SchoolFactory(municipality=school.municipality))
    pending = network_request_create(mentee=MenteeFactory(teacher__school=school), mentor=mentor, requested_by=asker)
    accepted = network_request_create(mentee=MenteeFactory(teacher__school=school), mentor=mentor, requested_by=asker)
    accepted = network_request_accept(request=accepted, decided_by=asker, started_on=today, planned_end_on=add_months(today, 9))
    return pending, accepted


def _matches(status, location, want) -> bool:
    if want == LOGIN:
        return status == 302 and (location.startswith(resolve_url(settings.LOGIN_URL)) or location.startswith("/admin/login/"))
    if want == ANY_REDIRECT:
        return status == 302
    return status == want


def _request(client, method, address):
    """One request in a savepoint rolled back after it, with the cookies put back: every request of a
    role meets the same world and the same session (a POST to the logout page included)."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = getattr(client, method)(address)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response.status_code, response.get("Location", ""), response.get("Cache-Control", "")


def _private(name) -> bool:
    """Every answer but the public section's carries or leads to personal data: no cache may keep it."""
    return not name.startswith("public:")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_for_every_role(role, world):
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    index = ROLES.index(role)
    failures = []
    names = sorted({name for name, route in url_names() if name and not delegated_to_admin_matrix(name, route)})
    for name in names:
        if name not in EXPECTED and not any(name.endswith(suffix) for suffix in RULES):
            continue  # test_every_url_name_is_in_the_table reports it
        for case in cases_for(name, world):
            address = case.url(name, world)
            for method, expected in (("get", case.get), ("post", case.post)):
                status, location, caching = _request(client, method, address)
                # Issue 16, finding 8: «private, no-store» on every answer of the portal, the refusals too.
                if _private(name) and not {"private", "no-store"} <= {p.strip() for p in caching.split(",")}:
                    failures.append(f"{method.upper()} {name} {case.label} {address}: Cache-Control «{caching}»")
                if expected is None:
                    # Not stated (mostly an empty POST): refused any way but a server error.
                    if status >= 500:
                        failures.append(f"{method.upper()} {name} {case.label} {address}: {status}")
                    continue
                want = expected[index]
                if not _matches(status, location, want):
                    failures.append(f"{method.upper()} {name} {case.label} {address}: {status} {location}, expected {want}")
    assert not failures, f"{role}:\n" + "\n".join(failures)


def test_school_a_objects_are_never_shown_to_curator_b():
    """The rule behind the STAFF_OBJECT rows, checked on the table itself: every staff URL that takes an
    object (all built from school A's objects) is refused to school B's curator."""
    index = ROLES.index("curator_b")
    routes = dict(url_names())
    # Open by design, checked above («events:material»: a district event's material is on the district's public page).
    public = ("public:", "surveys:link", "programmes:calendar", "documents:verify", "events:material")
    for name, cases in EXPECTED.items():
        if name.startswith(public) or not any(arg in routes[name] for arg in ("<int:pk>", "<int:pair_pk>", "object_id")):
            continue
        for case in cases:
            for expected in (case.get, case.post):
                assert expected is None or expected[index] in (403, 404, 405, LOGIN), (name, case.label, expected[index])
