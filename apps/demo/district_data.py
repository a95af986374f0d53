"""The district data set of the benchmark's page figures (apps/demo/bench.py), made with bulk_create:
- the district: 50 schools, 6,000 teachers, 1,500 mentors, 2,000 mentees, 1,500 pairs with
  programmes (4 activities each), 10,000 survey answers, a roadmap per school, signed orders,
  a published «Наставничество» section per school;
- the same district shrunk ten times in every dimension: 5 schools of 12 teachers, 3 mentors,
  4 mentees and 3 pairs each;
- the region (`bench --region`): ten such districts, each with its own coordinator (a municipality is
  the widest thing a coordinator sees; the region is only the `Municipality.region` text), 500 schools,
  60,000 teachers, 15,000 pairs.
"""

import datetime
import functools
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.catalogues.models import Competence, MentoringForm, Request
from apps.consents.models import Consent, ConsentKind, ConsentText, PublicCategory
from apps.core.bench import fake_staff_rows
from apps.core.dates import school_year_start
from apps.documents.models import Order, OrderKind, OrderStatus
from apps.mentees.models import Mentee, MenteeStatus
from apps.mentors.models import Mentor, MentorStatus
from apps.pairs.models import Pair, PairMentee, PairStatus
from apps.programmes.models import Activity, Programme
from apps.public.models import PublicSection
from apps.roadmap.models import Event, EventStatus
from apps.roadmap.services import roadmap_create
from apps.schools.models import Municipality, School, Teacher
from apps.surveys.models import Questionnaire, QuestionnaireKind, Response


@dataclass(frozen=True)
class Size:
    schools: int
    teachers: int  # per school
    mentors: int
    mentees: int
    pairs: int
    responses: int  # survey answers per school


DISTRICT = Size(schools=50, teachers=120, mentors=30, mentees=40, pairs=30, responses=200)
SMALL = Size(schools=5, teachers=12, mentors=3, mentees=4, pairs=3, responses=20)
REGION_DISTRICTS = 10


@functools.cache
def _bench_password_hash() -> str:
    """The hash of the logins' password «bench», made once: each hash costs half a second, 30 in a region."""
    return make_password("bench")


def build_district(name: str, size: Size, *, seed: int = 8, prefix: str | None = None, region: str = "Санкт-Петербург") -> dict:
    """A municipality of `size`, made with bulk_create; returns the logins of its staff.

    `prefix` makes the slugs and logins unique when several districts of one size share a database.
    """
    rng = random.Random(seed)
    today = timezone.localdate()
    prefix = prefix or f"bench-{size.schools}x{size.teachers}"
    municipality = Municipality.objects.create(name=name, region=region)
    schools = School.objects.bulk_create(
        School(
            municipality=municipality,
            full_name=f"Государственное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № {n} ({name})",
            short_name=f"ГБОУ школа № {n}",
            slug=f"{prefix}-{n}",
            director_name="Сергеева Татьяна Александровна",
        )
        for n in range(1, size.schools + 1)
    )
    rows = fake_staff_rows(size.schools * size.teachers, seed=seed)
    young_born, young_since = datetime.date(today.year - 25, 3, 1), datetime.date(today.year - 1, 9, 1)
    young = range(size.mentors, size.mentors + size.mentees + max(1, size.mentees // 10))
    for i, row in enumerate(rows):  # the mentees are young specialists; so are a few more, not yet in the bank
        if i % size.teachers in young:  # set before the insert: a bulk_update of 6,000 rows took half the build
            row["birth_date"], row["teaching_since"] = young_born, young_since
    teachers = Teacher.objects.bulk_create(
        Teacher(school=schools[i // size.teachers], **row) for i, row in enumerate(rows)
    )
    by_school = [teachers[i * size.teachers : (i + 1) * size.teachers] for i in range(size.schools)]
    for school, staff in zip(schools, by_school, strict=True):
        school.curator = staff[-1]
    School.objects.bulk_update(schools, ["curator"])

    competences = list(Competence.objects.filter(school=None).values_list("pk", flat=True))
    requests = list(Request.objects.filter(school=None).values_list("pk", flat=True))
    form = MentoringForm.objects.get(code="teacher-teacher")
    mentor_statuses = [MentorStatus.APPROVED, MentorStatus.TRAINED, MentorStatus.ACTIVE]
    mentors = Mentor.objects.bulk_create(
        Mentor(school=s, teacher=t, status=rng.choice(mentor_statuses), capacity=2)
        for s, staff in zip(schools, by_school, strict=True)
        for t in staff[: size.mentors]
    )
    Mentor.competences.through.objects.bulk_create(
        Mentor.competences.through(mentor_id=m.pk, competence_id=c) for m in mentors for c in rng.sample(competences, rng.randint(2, 5))
    )
    mentees = Mentee.objects.bulk_create(
        Mentee(
            school=s,
            teacher=t,
            preferred_form=form,
            status=MenteeStatus.WAITING if j >= size.pairs else MenteeStatus.PAIRED,
            requests_text="Нужна помощь в подготовке к урокам.",
        )
        for s, staff in zip(schools, by_school, strict=True)
        for j, t in enumerate(staff[size.mentors : size.mentors + size.mentees])
    )
    Mentee.requests.through.objects.bulk_create(
        Mentee.requests.through(mentee_id=m.pk, request_id=r) for m in mentees for r in rng.sample(requests, rng.randint(1, 3))
    )

    started = today - datetime.timedelta(days=120)
    pairs, members = [], []
    for k, school in enumerate(schools):
        school_mentors = mentors[k * size.mentors : (k + 1) * size.mentors]
        school_mentees = mentees[k * size.mentees : (k + 1) * size.mentees]
        for j in range(size.pairs):
            completed = j % 3 == 0
            pairs.append(
                Pair(
                    school=school,
                    mentor=school_mentors[j % len(school_mentors)],
                    form=form,
                    status=PairStatus.COMPLETED if completed else PairStatus.ACTIVE,
                    started_on=started,
                    planned_end_on=started + datetime.timedelta(days=240),
                    ended_on=today if completed else None,
                )
            )
            members.append(school_mentees[j])
    pairs = Pair.objects.bulk_create(pairs)
    PairMentee.objects.bulk_create(
        PairMentee(pair=p, mentee=m, joined_on=started, left_on=p.ended_on) for p, m in zip(pairs, members, strict=True)
    )
    Mentee.objects.filter(pk__in=[m.pk for p, m in zip(pairs, members, strict=True) if p.status == PairStatus.COMPLETED]).update(
        status=MenteeStatus.COMPLETED
    )
    programmes = Programme.objects.bulk_create(
        Programme(pair=p, title="Персонализированная программа наставничества", starts_on=p.started_on, ends_on=p.planned_end_on)
        for p in pairs
    )
    Activity.objects.bulk_create(
        Activity(
            programme=prog,
            title=f"Мероприятие {i}",
            due_date=prog.starts_on + datetime.timedelta(days=50 * i),
            order=i,
            done=i <= 2,
            done_on=prog.starts_on + datetime.timedelta(days=50 * i) if i <= 2 else None,
        )
        for prog in programmes
        for i in range(1, 5)
    )

    # Consent to personal data of everybody in the banks and the curators, but for the last mentor and
    # the last paired mentee of each school: every section of the pages has rows at both sizes
    # (hidden for lack of consent, waiting for a mentor, in a pair).
    text = ConsentText.objects.current(ConsentKind.PERSONAL_DATA)
    never = {mentors[(k + 1) * size.mentors - 1].teacher_id for k in range(size.schools)}
    never |= {mentees[k * size.mentees + size.pairs - 1].teacher_id for k in range(size.schools)}
    consenting = [m.teacher for m in mentors] + [m.teacher for m in mentees] + [s.curator for s in schools]
    Consent.objects.bulk_create(
        Consent(school_id=t.school_id, teacher=t, kind=ConsentKind.PERSONAL_DATA, text=text, source=Consent.Source.PAPER)
        for t in consenting
        if t.pk not in never
    )
    # Every school's «Наставничество» section is published; the mentors agreed to be shown on it.
    PublicSection.objects.bulk_create(PublicSection(school=s, is_published=True) for s in schools)
    publication = ConsentText.objects.current(ConsentKind.PUBLICATION)
    Consent.objects.bulk_create(
        Consent(
            school_id=m.school_id,
            teacher=m.teacher,
            kind=ConsentKind.PUBLICATION,
            text=publication,
            source=Consent.Source.PAPER,
            categories=list(PublicCategory.values),
        )
        for m in mentors
        if m.teacher_id not in never
    )

    # Survey answers: satisfaction of both members of every pair, the bank questionnaires, the rest
    # from other staff answering the mentor questionnaire: `responses` per school in all.
    forms = {q.kind: q for q in Questionnaire.objects.filter(school=None, is_active=True)}
    satisfaction = {k: [q for q in forms[k].questions.all() if q.type == "scale"] for k in (
        QuestionnaireKind.MENTOR_SATISFACTION, QuestionnaireKind.MENTEE_SATISFACTION)}  # fmt: skip

    def stored(questions, score):  # as response_submit stores them
        return {q.code: {"order": n, "section": q.section, "question": q.text, "type": q.type, "value": score}
                for n, q in enumerate(questions, start=1)}  # fmt: skip

    answers = []
    for k in range(size.schools):
        school_pairs = pairs[k * size.pairs : (k + 1) * size.pairs]
        school_members = members[k * size.pairs : (k + 1) * size.pairs]
        batch = []
        for p, m in zip(school_pairs, school_members, strict=True):
            score = rng.randint(5, 10)
            batch.append(Response(questionnaire=forms[QuestionnaireKind.MENTOR_SATISFACTION], teacher_id=p.mentor.teacher_id, pair=p,
                                  answers=stored(satisfaction[QuestionnaireKind.MENTOR_SATISFACTION], score)))  # fmt: skip
            batch.append(Response(questionnaire=forms[QuestionnaireKind.MENTEE_SATISFACTION], teacher_id=m.teacher_id, pair=p,
                                  answers=stored(satisfaction[QuestionnaireKind.MENTEE_SATISFACTION], score)))  # fmt: skip
        for m in mentees[k * size.mentees : (k + 1) * size.mentees]:
            batch.append(Response(questionnaire=forms[QuestionnaireKind.MENTEE_REQUEST], teacher_id=m.teacher_id, answers={"subjects": "математика"}))
        in_bank = {m.teacher_id for m in mentees[k * size.mentees : (k + 1) * size.mentees]}
        for kind in (QuestionnaireKind.MENTOR, QuestionnaireKind.MENTEE_REQUEST):  # staff who answered but are not mentees
            batch += [
                Response(questionnaire=forms[kind], teacher_id=t.pk, answers={"subjects": "математика"})
                for t in by_school[k]
                if t.pk not in in_bank
            ]
        answers += batch[: size.responses]
    questions = {q.pk: list(q.questions.all()) for q in forms.values()}
    for response in answers:  # as response_submit scores them
        response.set_scale_score(questions[response.questionnaire_id])
    Response.objects.bulk_create(answers, batch_size=2000)

    year = school_year_start(today)
    for school in schools:
        roadmap_create(school=school, year_start=year)
    events = Event.objects.filter(stage__roadmap__school__municipality=municipality, deadline__lt=today)
    done = [pk for n, pk in enumerate(events.values_list("pk", flat=True)) if n % 4]
    Event.objects.filter(pk__in=done).update(status=EventStatus.DONE, done_on=F("deadline"))  # one UPDATE, not a CASE per row
    kinds = [OrderKind.IMPLEMENTATION, OrderKind.REGULATIONS, OrderKind.CURATOR, OrderKind.PAIRS]
    Order.objects.bulk_create(
        Order(school=s, kind=kind, status=OrderStatus.SIGNED, number=f"{n}-од", date=today, year=today.year, payload={})
        for s in schools
        for n, kind in enumerate(kinds[: rng.randint(1, 4)], start=1)
    )

    def login(username, role, **kwargs):
        user = User(username=username, password=_bench_password_hash(), is_staff=True, **kwargs)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        return user

    return {
        "slug": schools[0].slug,
        "public": None,
        "curator": login(f"{prefix}-curator", Role.CURATOR, school=schools[0]),
        "director": login(f"{prefix}-director", Role.DIRECTOR, school=schools[0]),
        "coordinator": login(f"{prefix}-coordinator", Role.COORDINATOR, municipality=municipality),
        "counts": {
            "schools": len(schools),
            "teachers": len(teachers),
            "mentors": len(mentors),
            "mentees": len(mentees),
            "pairs": len(pairs),
            "responses": len(answers),
        },
    }


def build_region(name: str, size: Size = DISTRICT, *, districts: int = REGION_DISTRICTS) -> list[dict]:
    """`districts` municipalities of `size` in one region, each with its curator, director and coordinator."""
    return [
        build_district(f"{name}: район {n}", size, seed=8 + n, prefix=f"region-{n}", region=name)
        for n in range(1, districts + 1)
    ]
