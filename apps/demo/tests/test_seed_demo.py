"""`manage.py seed_demo`: the demo school is complete, obeys the rules and can be loaded again and again."""

import datetime
import io
import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from apps.accounts.roles import Role
from apps.consents.models import Consent, ConsentKind
from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor
from apps.pairs.models import Pair, PairMentee, PairStatus
from apps.programmes.models import Activity, Meeting, Programme
from apps.roadmap.models import Event, EventStatus, Roadmap, Stage
from apps.schools.models import School, Teacher

pytestmark = pytest.mark.django_db

FIXTURE = json.loads((settings.BASE_DIR / "fixtures" / "demo_school.json").read_text(encoding="utf-8"))
PASSWORD = FIXTURE["password"]
TODAY = datetime.date(2026, 11, 23)


def seed(today: datetime.date | None = None) -> str:
    out = io.StringIO()
    call_command("seed_demo", *([f"--today={today.isoformat()}"] if today else []), stdout=out, stderr=out)
    return out.getvalue()


def school() -> School:
    return School.objects.get(slug="school-34")


def snapshot() -> dict:
    """Everything the command writes, in a form two runs can be compared by."""
    models = (Teacher, Mentor, Mentee, Pair, PairMentee, Programme, Activity, Meeting, Consent, Roadmap, Stage, Event)
    counts = {model.__name__: model.objects.count() for model in models}
    counts["User"] = get_user_model().objects.count()
    pairs = [
        (p.pk, p.mentor_id, p.form.code, p.status, p.started_on, p.planned_end_on, sorted(p.memberships.values_list("mentee_id", flat=True)))
        for p in Pair.objects.select_related("form").order_by("pk")
    ]
    changed = {
        model.__name__: model.objects.aggregate(last=Max("updated_at"))["last"] for model in (School, Teacher, Mentor, Mentee, Pair, Programme)
        if hasattr(model, "updated_at")
    }
    rows = {
        "teachers": list(Teacher.objects.order_by("pk").values_list("pk", "birth_date", "teaching_since", "user_id")),
        "mentees": list(Mentee.objects.order_by("pk").values_list("pk", "status")),
        "events": list(Event.objects.order_by("pk").values_list("pk", "deadline", "status", "done_on")),
        "activities": list(Activity.objects.order_by("pk").values_list("pk", "due_date", "done", "done_on")),
        "passwords": list(get_user_model().objects.order_by("pk").values_list("username", "password")),
    }
    return {"counts": counts, "pairs": pairs, "changed": changed, **rows}


def test_it_creates_the_demo_school():
    seed()
    s = school()
    assert s.short_name == "ГБОУ школа № 34 Невского района Санкт-Петербурга"
    assert s.municipality.name == "Невский район Санкт-Петербурга"
    assert (len(s.inn), len(s.kpp), len(s.ogrn), len(s.okpo)) == (10, 9, 13, 8)
    assert Teacher.objects.filter(school=s).staff().count() == 40
    # Beyond the staff (apps/demo/people.py): a college student waiting in the mentee bank.
    assert list(Teacher.objects.filter(school=s).exclude(affiliation="staff").values_list("affiliation", flat=True)) == ["student"]
    assert Mentor.objects.filter(school=s).count() == 10
    assert Mentee.objects.filter(school=s).count() == 13
    assert Pair.objects.filter(school=s).count() == 6
    assert s.curator.position == "заместитель директора по учебно-воспитательной работе"
    genders = set(Teacher.objects.filter(school=s).values_list("gender", flat=True))
    assert genders == {"m", "f"}


def test_mentors_and_mentees_come_from_the_common_catalogues():
    seed()
    mentors = Mentor.objects.filter(school=school()).prefetch_related("competences")
    assert {m.status for m in mentors} == {"approved", "trained", "active"}
    assert all(1 <= m.capacity <= 2 for m in mentors)
    assert all(m.competences.all() and all(c.school_id is None for c in m.competences.all()) for m in mentors)
    mentees = Mentee.objects.filter(school=school()).prefetch_related("requests")
    assert all(m.requests.all() and m.requests_text for m in mentees)
    paired = {m.pk for m in mentees if m.status == MenteeStatus.PAIRED}
    assert paired == set(PairMentee.objects.values_list("mentee_id", flat=True))


def test_pairs_have_programmes_consents_and_a_group():
    seed()
    pairs = Pair.objects.filter(school=school()).select_related("form", "programme").prefetch_related("memberships")
    assert sorted(len(p.memberships.all()) for p in pairs) == [1, 1, 1, 1, 1, 2]
    assert sorted(p.form.code for p in pairs) == ["head-teacher"] + ["teacher-teacher"] * 5
    assert sum(p.status == PairStatus.ACTIVE for p in pairs) == 5
    for pair in pairs:
        assert 5 <= pair.programme.activities.count() <= 8
        assert 1 <= pair.programme.meetings.count() <= 3
        consents = Consent.objects.filter(pair=pair).active()
        assert consents.filter(kind=ConsentKind.MENTOR_DUTIES, teacher=pair.mentor.teacher).exists()
        if pair.status == PairStatus.ACTIVE:  # a working pair has everybody's written consent
            mentee_teachers = {m.mentee.teacher_id for m in pair.memberships.select_related("mentee")}
            assert set(consents.filter(kind=ConsentKind.MENTEE_ASSIGNMENT).values_list("teacher_id", flat=True)) == mentee_teachers
    activities = Activity.objects.filter(programme__pair__school=school())
    assert activities.filter(done=True, done_on__isnull=False).exists()
    assert activities.overdue().exists()
    assert activities.filter(due_date__gt=timezone.localdate()).exists()
    bank = {m.teacher_id for m in Mentor.objects.filter(school=school())} | {m.teacher_id for m in Mentee.objects.filter(school=school())}
    # Those who agreed to be shown on the website (the curator among them) consented to processing too.
    published = set(Consent.objects.filter(kind=ConsentKind.PUBLICATION, school=school()).values_list("teacher_id", flat=True))
    consented = Consent.objects.filter(kind=ConsentKind.PERSONAL_DATA, school=school())
    assert set(consented.values_list("teacher_id", flat=True)) == bank | published


@pytest.mark.parametrize(
    "today",
    [datetime.date(2026, 9, 1), datetime.date(2026, 9, 20), TODAY, datetime.date(2027, 3, 1), datetime.date(2027, 7, 15)],
    ids=str,
)
def test_the_roadmap_of_the_school_year_is_partly_done_and_partly_overdue(today):
    seed(today)
    roadmap = Roadmap.objects.get(school=school())
    assert roadmap.year_start == (today.year if today.month >= 9 else today.year - 1)
    assert roadmap.stages.count() == 7
    events = Event.objects.filter(stage__roadmap=roadmap)
    overdue = FIXTURE["roadmap"]["overdue_events"]
    assert events.overdue(on=today).count() == overdue
    # Whatever was due is done, except the overdue ones; nothing ahead is done.
    due = events.filter(deadline__lt=today)
    assert due.filter(status=EventStatus.DONE).count() == due.count() - overdue
    assert not events.filter(status=EventStatus.DONE, done_on__gt=today).exists()
    assert not events.filter(deadline__gte=today).exclude(status=EventStatus.PLANNED).exists()


def test_a_second_run_changes_nothing():
    first_output = seed()
    before = snapshot()
    second_output = seed()
    assert snapshot() == before
    assert "создано" in first_output
    assert "создано" not in second_output and "обновлено" not in second_output


def test_later_runs_duplicate_nothing():
    seed(TODAY)
    before = snapshot()["counts"]
    seed(TODAY + datetime.timedelta(days=40))
    assert snapshot()["counts"] == before
    # A new school year brings its own roadmap and nothing else.
    seed(datetime.date(2027, 9, 15))
    after = snapshot()["counts"]
    assert after.pop("Roadmap") == before.pop("Roadmap") + 1
    assert after.pop("Stage") == before.pop("Stage") + 7
    assert after.pop("Event") == 2 * before.pop("Event")
    assert after == before


def test_a_run_repairs_what_was_changed_in_the_reference_data():
    seed()
    teacher = Teacher.objects.get(email=FIXTURE["teachers"][0]["email"])
    Teacher.objects.filter(pk=teacher.pk).update(phone="", position="учитель")
    get_user_model().objects.filter(username="curator").update(password="!")
    output = seed()
    teacher.refresh_from_db()
    assert (teacher.phone, teacher.position) == (FIXTURE["teachers"][0]["phone"], FIXTURE["teachers"][0]["position"])
    assert "педагогов: 40 (обновлено 1)" in output
    assert get_user_model().objects.get(username="curator").check_password(PASSWORD)


def test_a_demo_password_changed_by_its_owner_stays():
    seed()
    User = get_user_model()
    curator = User.objects.get(username="curator")
    curator.set_password("свой-пароль-куратора")
    curator.save()
    seed()
    curator.refresh_from_db()
    assert curator.check_password("свой-пароль-куратора")
    assert User.objects.get(username="director").check_password(PASSWORD)


def test_the_demo_logins_work(client):
    output = seed()
    User = get_user_model()
    for username, role, is_staff in (("curator", Role.CURATOR, True), ("director", Role.DIRECTOR, True), ("teacher", Role.TEACHER, False)):
        assert client.login(username=username, password=PASSWORD), username
        user = User.objects.get(username=username)
        assert user.has_role(role)
        assert user.is_staff is is_staff
        assert user.school == school()
        assert f"{username} / {PASSWORD}" in output
        client.logout()
    assert school().curator.user.username == "curator"
    teacher = User.objects.get(username="teacher").teacher
    assert teacher.mentee.status == MenteeStatus.PAIRED
    client.login(username="teacher", password=PASSWORD)
    page = client.get("/")
    assert page.status_code == 200
    assert teacher.mentee.pairs.get().mentor.teacher.last_name in page.content.decode()


@pytest.mark.parametrize(
    "today", [datetime.date(2026, 9, 1), TODAY, datetime.date(2027, 2, 28), datetime.date(2027, 8, 31)], ids=str
)
def test_the_young_specialists_are_the_fixtures_figure_all_year(today):
    seed(today)
    teachers = Teacher.objects.filter(school=school())
    young = teachers.young_specialists(on=today)
    assert young.count() == FIXTURE["figures"]["young_specialists"]
    assert teachers.early_career(on=today).count() == FIXTURE["figures"]["early_career"]
    # The staff's mentee bank is exactly the young specialists (beside them waits the college student of
    # apps/demo/people.py), and the model's own rule agrees.
    staff_mentees = Mentee.objects.filter(school=school(), teacher__affiliation="staff")
    assert set(young.values_list("pk", flat=True)) == set(staff_mentees.values_list("teacher_id", flat=True))
    assert sum(t.is_young_specialist(on=today) for t in teachers) == FIXTURE["figures"]["young_specialists"]
