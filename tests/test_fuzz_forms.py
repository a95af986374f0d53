"""Hostile input in every form a user submits, posted through the real URL as the role that may use it.

Hypothesis makes the values: huge strings, NUL and other control characters, RTL and zero-width
marks, emoji, SQL and HTML, digits that are not ASCII («²», «١»), negative and huge numbers, bad
dates, missing fields and lists where one value is expected. Whatever comes, the page answers
without a server error, and a refused submission writes nothing: the rows of the models the form
writes are counted before and after each example (each example runs in a savepoint rolled back
afterwards, so the examples do not see each other). A submission that happens to be valid may
write, but then completely.
"""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from apps.consents.models import Consent
from apps.matching.models import MatchingSettings
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.monitoring.models import AnnualReport
from apps.pairs.models import Pair, PairFeedback
from apps.pairs.tests.factories import login_for, make_active_pair
from apps.programmes.models import Activity, Meeting, MeetingFeedback, Programme
from apps.roadmap.models import Event
from apps.roadmap.services import roadmap_create
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.models import Response
from apps.surveys.tests.factories import give_personal_data_consent, make_invitation, mentee_answers

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure here is a bug, not bad luck
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

SNIPPETS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    "\u202eтекст справа налево",
    "\u200b\u200d\ufeff",
    "😀👩‍🏫",
    "'; DROP TABLE schools_teacher; --",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user }}{% debug %}",
    "=cmd|' /C calc'!A0",
    "-1",
    "0",
    "-2147483649",
    "2147483648",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "²",
    "١٢",
    "３",
    "31.02.2025",
    "29.02.2023",
    "0000-00-00",
    "2025-13-45",
    "9999-12-31",
    "01.01.0001",
    "null",
    "[]",
    "on",
    "yes",
]
safe_chars = st.characters(blacklist_categories=("Cs",))  # the client sends UTF-8: no lone surrogates
scalar = st.one_of(
    st.sampled_from(SNIPPETS),
    st.text(safe_chars, max_size=40),
    st.builds(lambda s, n: s * n, st.sampled_from(["я", "ab", "\x00", "😀"]), st.integers(1000, 30000)),
    st.integers(-(2**70), 2**70).map(str),
)
value = st.one_of(scalar, st.lists(scalar, min_size=0, max_size=3))  # a list where one value is expected


def hostile(fields, base=None):
    """POST data: each field missing, hostile, or (with `base`) left valid."""
    return st.fixed_dictionaries({}, optional={name: value for name in fields}).map(lambda d: {**(base or {}), **d})


def _last(v):
    return v[-1] if isinstance(v, list) and v else v if not isinstance(v, list) else None


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


class rolled_back:
    """One example in a savepoint rolled back afterwards; the counts are taken inside it."""

    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def __exit__(self, *exc):
        transaction.set_rollback(True)
        return self.atomic.__exit__(*exc)


@pytest.fixture
def world(school_a, curator_a, settings, tmp_path):
    """An active pair with a programme, an activity and a meeting; the curator's and the mentor's clients."""
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    pair = make_active_pair(school=school_a, started_on=today - datetime.timedelta(days=30))
    programme = Programme.objects.create(pair=pair, title="Программа", starts_on=pair.started_on, ends_on=pair.planned_end_on)
    world = {
        "pair": pair,
        "activity": Activity.objects.create(programme=programme, title="Посетить урок наставника", due_date=today),
        "meeting": Meeting.objects.create(programme=programme, held_on=today, topic="Знакомство"),
        "curator": client_for(curator_a),
        "mentor": client_for(login_for(pair.mentor.teacher)),
        "school": school_a,
    }
    # The clients reach the pages they fuzz (a login that silently failed would make every example pass).
    assert world["mentor"].get(reverse("pairs:detail", args=[pair.pk])).status_code == 200
    assert world["curator"].get(reverse("programmes:overview")).status_code == 200
    return world


@pytest.fixture
def waiting(world):
    """A second mentor and two waiting mentees, so the matching pages have something to propose."""
    school = world["school"]
    MentorFactory(teacher__school=school, capacity=3)
    return [MenteeFactory(teacher__school=school) for _ in range(2)]


@pytest.fixture
def links(world):
    """Personal links: of a teacher who has not consented yet, and of one who has."""
    school = world["school"]
    filler = TeacherFactory(school=school)
    give_personal_data_consent(filler)
    return {
        "fresh": reverse("surveys:link", args=[make_invitation(TeacherFactory(school=school)).token]),
        "filler": reverse("surveys:link", args=[make_invitation(filler).token]),
    }


@pytest.fixture
def event(world):
    roadmap = roadmap_create(school=world["school"], year_start=2025)
    return Event.objects.filter(stage__roadmap=roadmap).order_by("pk").first()


def ok(response):
    assert response.status_code < 500, response.status_code


# --- the curator's filters (GET) -----------------------------------------------------------------


@settings(FUZZ, max_examples=15)
@given(data=hostile(["q", "status", "request", "competence", "subject", "band", "free_only", "only_overdue", "only_review", "stale_days", "pary", "page"]))
@example(data={"request": "²", "competence": "1\x00", "pary": "²,١٢,3"})
def test_bank_and_overview_filters(world, data):
    client = world["curator"]
    for name in ("mentees:bank", "mentors:bank"):
        ok(client.get(reverse(name), data, HTTP_HX_REQUEST="true"))  # the table the filters swap in
    for name in ("programmes:overview", "matching:created"):
        ok(client.get(reverse(name), data))


@settings(FUZZ, max_examples=10)
@given(pair=scalar, year=scalar)
@example(pair="²", year="x")
def test_document_and_report_parameters(world, pair, year):
    client = world["curator"]
    teacher = world["pair"].mentor.teacher
    ok(client.get(reverse("documents:teacher_document", args=[teacher.pk, "consent_mentor"]), {"pair": pair}))
    ok(client.get(reverse("monitoring:report_xlsx"), {"year": year}))
    ok(client.get(reverse("monitoring:dashboard"), {"year": year}))


# --- matching ----------------------------------------------------------------------------------


WEIGHTS = ["requests_weight", "subject_weight", "form_weight", "capacity_weight", "experience_weight"]


@FUZZ
@given(data=hostile(WEIGHTS))
@example(data={name: "2147483648" for name in WEIGHTS})
@example(data={name: "5" for name in WEIGHTS})
def test_matching_weights(world, data):
    client, school = world["curator"], world["school"]
    with rolled_back():
        before = list(MatchingSettings.objects.filter(school=school).values())
        response = client.post(reverse("matching:weights"), data)
        ok(response)
        after = list(MatchingSettings.objects.filter(school=school).values(*WEIGHTS))
        if response.status_code == 302:  # saved: every weight as posted
            assert after and all(float(after[0][name]) == float(_last(data[name])) for name in WEIGHTS)
        else:
            assert list(MatchingSettings.objects.filter(school=school).values()) == before


def _pairs_are_whole(school):
    for pair in Pair.objects.filter(school=school):
        assert pair.memberships.exists(), "a pair without mentees was written"


@FUZZ
@given(data=st.data())
@example(data=None)
def test_matching_draft_confirm(world, waiting, data):
    client, school = world["curator"], world["school"]
    keys = [str(m.pk) for m in waiting]
    post = {"rows": keys, "mode": "best"}
    if data is not None:
        fields = [f"r{k}-{name}" for k in keys for name in ("mentor", "form", "started_on", "months")]
        post = data.draw(hostile([*fields, "rows", "mode"], base=post))
    with rolled_back():
        before = Pair.objects.filter(school=school).count()
        ok(client.post(reverse("matching:propose"), post))
        assert Pair.objects.filter(school=school).count() >= before
        _pairs_are_whole(school)


@FUZZ
@given(data=hostile(["mentor", "mentees", "form", "started_on", "months"]))
@example(data={"mentor": "²", "mentees": ["١٢", "\x00"], "form": "1", "started_on": "2025-09-01", "months": "99999999999999999999"})
def test_manual_pair(world, waiting, data):
    client, school = world["curator"], world["school"]
    with rolled_back():
        before = Pair.objects.filter(school=school).count()
        response = client.post(reverse("matching:manual"), data)
        ok(response)
        after = Pair.objects.filter(school=school).count()
        assert after == before + (1 if response.status_code == 302 else 0)
        _pairs_are_whole(school)


# --- the pair page: mark done, log a meeting, feedback, «Подходит ли вам пара?» -----------------


@FUZZ
@given(data=hostile(["answer", "comment"]))
@example(data={"answer": "yes", "comment": "a\x00b"})
def test_pair_fit(world, data):
    client, pair = world["mentor"], world["pair"]
    with rolled_back():
        ok(client.post(reverse("pairs:fit", args=[pair.pk]), data))
        ok(client.post(reverse("pairs:fit", args=[pair.pk]), data, HTTP_HX_REQUEST="true"))
        for feedback in PairFeedback.objects.filter(pair=pair):
            assert feedback.comment == str(_last(data.get("comment")) or "").strip()


@FUZZ
@given(data=hostile(["comment"]))
@example(data={"comment": "\x00"})
def test_activity_done(world, data):
    client, pair, activity = world["mentor"], world["pair"], world["activity"]
    with rolled_back():
        ok(client.post(reverse("programmes:activity_done", args=[pair.pk, activity.pk]), data))
        ok(client.post(reverse("programmes:activity_done", args=[pair.pk, activity.pk]), data, HTTP_HX_REQUEST="true"))
        row = Activity.objects.get(pk=activity.pk)
        assert row.done == (row.done_on is not None)
        if not row.done:
            assert row.comment == ""
        ok(client.post(reverse("programmes:activity_undone", args=[pair.pk, activity.pk]), data))


MEETING = ["held_on", "topic", "summary", "next_steps", "mentor_notes", "shared_with_mentee"]


@FUZZ
@given(data=hostile(MEETING))
@example(data={"held_on": "2025-10-01", "topic": "a\x00b"})
@example(data={"held_on": "2025-10-01", "topic": "Тема", "summary": "\x00"})
def test_meeting_log(world, data):
    client, pair = world["mentor"], world["pair"]
    with rolled_back():
        before = set(Meeting.objects.filter(programme__pair=pair).values_list("pk", flat=True))
        response = client.post(reverse("programmes:meeting_add", args=[pair.pk]), data)
        ok(response)
        new = Meeting.objects.filter(programme__pair=pair).exclude(pk__in=before)
        assert new.count() == (1 if response.status_code == 302 else 0)
        for meeting in new:
            assert meeting.topic and "\x00" not in meeting.topic + meeting.summary + meeting.next_steps


@FUZZ
@given(data=hostile(["rating", "comment"]))
@example(data={"rating": "5", "comment": "\x00"})
@example(data={"rating": "99999999999999999999", "comment": ""})
def test_meeting_feedback(world, data):
    client, pair, meeting = world["mentor"], world["pair"], world["meeting"]
    with rolled_back():
        ok(client.post(reverse("programmes:meeting_feedback", args=[pair.pk, meeting.pk]), data))
        assert MeetingFeedback.objects.filter(meeting=meeting).count() <= 1
        for feedback in MeetingFeedback.objects.filter(meeting=meeting):
            assert "\x00" not in feedback.comment


# --- surveys by personal link: the consent step, then the questionnaire ---------------------------


@FUZZ
@given(data=hostile(["step", "agree"], base={"step": "consent"}))
@example(data={"step": "consent\x00", "agree": "\x00"})
def test_link_consent_step(links, data):
    client = Client()
    with rolled_back():
        before = Consent.objects.count()
        response = client.post(links["fresh"], data)
        ok(response)
        assert Consent.objects.count() == before + (1 if response.status_code == 302 else 0)


@FUZZ
@given(data=st.data())
@example(data=None)
def test_link_questionnaire(links, data):
    client = Client()
    answers = mentee_answers()
    if data is not None:
        answers = data.draw(hostile(list(answers), base=answers))
    with rolled_back():
        before = Response.objects.count()
        response = client.post(links["filler"], answers)
        ok(response)
        assert Response.objects.count() == before + (1 if response.status_code == 302 else 0)
        if response.status_code == 302:
            saved = Response.objects.latest("pk")
            assert saved.answers and "\x00" not in str(saved.answers)


@FUZZ
@given(data=hostile(["agree"]))
def test_own_consent_give(teacher_user, data):
    client = client_for(teacher_user)
    with rolled_back():
        before = Consent.objects.count()
        response = client.post(reverse("consents:give", args=["publication"]), data)
        ok(response)
        assert Consent.objects.count() == before + (1 if response.status_code == 302 else 0)


# --- the curator's roadmap and monitoring --------------------------------------------------------


@FUZZ
@given(data=st.data())
@example(data=None)
def test_roadmap_event_edit(world, event, data):
    client = world["curator"]
    prefix = f"event-{event.pk}-"
    post = {f"{prefix}status": "done", f"{prefix}deadline": "2025-10-31", f"{prefix}note": "\x00"}
    if data is not None:
        post = data.draw(hostile([prefix + n for n in ("status", "deadline", "responsible", "note", "done_on")]))
    with rolled_back():
        before = Event.objects.filter(pk=event.pk).values().get()
        response = client.post(reverse("roadmap:event_edit", args=[event.pk]), post)
        ok(response)
        ok(client.post(reverse("roadmap:event_edit", args=[event.pk]), post, HTTP_HX_REQUEST="true"))
        after = Event.objects.filter(pk=event.pk).values().get()
        if response.status_code != 302:
            assert after == before
        else:
            assert after["status"] == _last(post[prefix + "status"])


@FUZZ
@given(data=hostile(["conclusions"]))
@example(data={"conclusions": "\x00"})
def test_monitoring_conclusions(world, data):
    client, school = world["curator"], world["school"]
    with rolled_back():
        before = list(AnnualReport.objects.filter(school=school).values())
        ok(client.post(reverse("monitoring:conclusions"), data))
        after = list(AnnualReport.objects.filter(school=school).values("conclusions"))
        if after != [] and list(AnnualReport.objects.filter(school=school).values()) != before:
            assert after[0]["conclusions"] == str(_last(data.get("conclusions")) or "").strip()


@FUZZ
@given(data=hostile(["record_consent"]))
@example(data={"record_consent": "²:mentor_duties"})
@example(data={"record_consent": "99999999999999999999:mentee_assignment"})
def test_admin_paper_consent_button(world, data):
    client, pair = world["curator"], world["pair"]
    with rolled_back():
        before = Consent.objects.count()
        ok(client.post(reverse("admin:pairs_pair_record_consent", args=[pair.pk]), data))
        assert Consent.objects.count() in (before, before + 1)


# --- the login and the second factor ----------------------------------------------------------


@settings(FUZZ, max_examples=15)
@given(data=hostile(["username", "password", "next"]))
@example(data={"username": "curator-a\x00", "password": "\x00"})
@example(data={"username": "curator-a", "password": "x" * 100000, "next": "https://evil.example/"})
def test_login_form(world, data):
    with rolled_back():
        response = Client().post(reverse("login"), data)
        ok(response)
        if response.status_code == 302:
            assert not response["Location"].startswith(("http://", "https://", "//")), response["Location"]


@settings(FUZZ, max_examples=15)
@given(data=hostile(["code"]))
@example(data={"code": "\x00"})
@example(data={"code": "99999999999999999999"})
def test_second_factor_code_forms(world, data):
    client = world["curator"]
    with rolled_back():
        for name in ("otp_confirm", "otp_disable", "otp_verify"):
            ok(client.post(reverse(name), data))


@pytest.mark.parametrize("next_url", ["0000-00-00", "home-page"])
def test_second_factor_page_with_a_next_that_is_not_a_path(world, next_url):
    ok(world["curator"].post(reverse("otp_verify"), {"next": next_url}))
