"""The demo school behind `manage.py seed_demo`, read from fixtures/demo_school.json.

Idempotent. Every record is found by its natural key (school slug, teacher e-mail,
username, the teacher of a mentor or mentee, the mentor of a pair, the pair of a
programme, the title of an activity, the topic of a meeting, teacher + kind + pair of a
consent, pair + teacher of an answer about the pair, school year of a roadmap):
- reference data (school, teachers, logins, the two banks) is brought to the fixture's
  values, and a row is saved only when a value differs;
- working data (pairs, programmes, activities, meetings, answers to «Подходит ли вам
  пара?», consents, the roadmap) is only created when missing, so whatever the curator
  did in the demo stays.
A second run on the same day changes nothing; a later run creates no duplicates.

Dates follow today: the teachers' and mentors' dates in the fixture are written for one
school year and move by whole years to the current one (so the young specialists stay
young); pairs start a given number of days before the run that creates them, and their
plans and meetings are counted from that day.
"""

import datetime
import functools
import json
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import Role
from apps.catalogues.models import Competence, MentoringForm, MentoringKind, Request
from apps.consents.models import Consent, ConsentKind, ConsentText, PublicCategory
from apps.core.dates import add_months, add_years, school_year_start
from apps.demo.events import seed_events
from apps.demo.final_stage import seed_final_stage
from apps.demo.schooldocs import seed_school_docs
from apps.documents.models import Order, OrderKind, OrderStatus
from apps.documents.rules import split_pairs
from apps.documents.services import order_create, order_kind_for_event, order_publish, order_sign, suggest_order_number
from apps.mentees.models import Mentee
from apps.mentors.models import Mentor
from apps.pairs.models import Pair, PairFeedback, PairStatus
from apps.pairs.services import pair_activate, pair_create, pair_feedback_give
from apps.programmes.models import Activity, Meeting, Programme
from apps.public.models import NewsPost, NormativeAct, PublicSection
from apps.roadmap.models import Event, EventStatus, Roadmap
from apps.roadmap.services import roadmap_create
from apps.schools.models import Municipality, School, Teacher

FIXTURE = settings.BASE_DIR / "fixtures" / "demo_school.json"

# Personal-data consents were collected when the banks were formed, before any pair started.
BANK_CONSENTS_DAYS_AGO = 90
# Pair consents are signed a couple of days before the pair starts.
PAIR_CONSENTS_DAYS_BEFORE_START = 2
# The order in which the director signs the orders of the roadmap: the curator is appointed before the
# orders that name the curator. The orders published on the school's website (the others name people).
ORDER_SEQUENCE = (OrderKind.IMPLEMENTATION, OrderKind.CURATOR, OrderKind.REGULATIONS, OrderKind.PAIRS, OrderKind.FINAL_EVENT)
PUBLISHED_ORDERS = (OrderKind.IMPLEMENTATION, OrderKind.CURATOR, OrderKind.REGULATIONS)

LOGIN_TITLES = {Role.CURATOR: "куратор", Role.DIRECTOR: "директор", Role.TEACHER: "педагог", Role.COORDINATOR: "муниципальный координатор"}


class DemoDataError(Exception):
    """The fixture cannot be read or names what the common catalogues lack; nothing is written."""


def seed_demo_school(*, today: datetime.date) -> "DemoSeeder":
    """Create the demo school(s), or bring them up to date, in one transaction; the seeder then
    holds the `warnings` and the `summary()`."""
    seeder = DemoSeeder(load_fixture(), today=today)
    with transaction.atomic():
        seeder.run()
    return seeder


def load_fixture() -> dict:
    try:
        with open(FIXTURE, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise DemoDataError(f"Не удалось прочитать {FIXTURE}: {e}") from e


def needs_demo_password(user) -> bool:
    """A new login, or one whose password was made unusable. A usable one is not checked against the demo
    password: a check costs half a second of PBKDF2 per login on every `make run`, and a password its owner
    changed stays theirs."""
    return not user.password or not user.has_usable_password()


@functools.cache
def _password_hash(password: str, hasher: str) -> str:
    return make_password(password)


def demo_password_hash(password: str) -> str:
    """One hash for every demo login of a run (the password is public anyway): one PBKDF2, not five."""
    return _password_hash(password, settings.PASSWORD_HASHERS[0])


def at_ten(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


class DemoSeeder:
    def __init__(self, data: dict, *, today: datetime.date):
        self.data = data
        self.today = today
        self.year_shift = school_year_start(today) - data["dates_written_for_school_year"]
        self.tally = Counter()  # (label, "created" | "updated" | "unchanged") -> rows
        self.warnings = []

    # ----- the steps, in the order the records depend on each other

    def run(self):
        self.school = self.seed_school()
        self.logins = [(Role[login["role"]], self.seed_user(login)) for login in self.data["logins"]]
        self.curator_user = next(user for role, user in self.logins if role == Role.CURATOR)
        users = {user.username: user for _, user in self.logins}
        self.teacher_logins = {login["teacher"]: users[login["username"]] for login in self.data["logins"] if "teacher" in login}
        self.teachers = {t["email"].lower(): self.seed_teacher(t) for t in self.data["teachers"]}
        self.set_curator()
        self.mentors = {m["teacher"]: self.seed_mentor(m) for m in self.data["mentors"]}
        self.mentees = {m["teacher"]: self.seed_mentee(m) for m in self.data["mentees"]}
        for member in [*self.mentors.values(), *self.mentees.values()]:
            self.ensure_consent(member.teacher, ConsentKind.PERSONAL_DATA, day=self.today - datetime.timedelta(BANK_CONSENTS_DAYS_AGO))
        for spec in self.data["pairs"]:
            self.seed_pair(spec)
        self.roadmap = self.seed_roadmap()
        self.seed_public_section()
        if "neighbour_school" in self.data:
            self.neighbour = self.seed_neighbour(self.data["neighbour_school"])
        if "coordinator" in self.data:
            self.logins.append((Role.COORDINATOR, self.seed_coordinator(self.data["coordinator"])))
        seed_events(school=self.school, neighbour=getattr(self, "neighbour", None), municipality=self.school.municipality, today=self.today)
        seed_school_docs(school=self.school, neighbour=getattr(self, "neighbour", None), municipality=self.school.municipality, today=self.today)
        seed_final_stage(school=self.school, neighbour=getattr(self, "neighbour", None), municipality=self.school.municipality, today=self.today)

    def seed_neighbour(self, spec: dict) -> School:
        """A second school of the same municipality (staff, banks with consents, curator; no pairs),
        so that the municipal coordinator's pages compare two schools. Seeded like the first one."""
        main, main_tally = self.school, self.tally
        self.tally = Counter()  # its rows are not the first school's «создано N»
        self.school = self.upsert("school", School, {"slug": spec["school"]["slug"]}, {**spec["school"], "municipality": main.municipality})
        try:
            for t in spec["teachers"]:
                self.teachers[t["email"].lower()] = self.seed_teacher(t)
            curator = self.set_curator(spec["curator"])
            members = [self.seed_mentor(m) for m in spec["mentors"]] + [self.seed_mentee(m) for m in spec["mentees"]]
            consent_day = self.today - datetime.timedelta(BANK_CONSENTS_DAYS_AGO)
            for teacher in [curator, *(member.teacher for member in members)]:
                self.ensure_consent(teacher, ConsentKind.PERSONAL_DATA, day=consent_day)
            return self.school
        finally:
            self.school, self.neighbour_tally, self.tally = main, self.tally, main_tally

    def seed_coordinator(self, spec: dict):
        """The municipal coordinator: a login bound to the municipality, not to a school."""
        values = {k: spec[k] for k in ("first_name", "last_name", "email")}
        values.update(is_staff=True, is_active=True, school=None, municipality=self.school.municipality)
        return self.save_login(spec["username"], values, Role.COORDINATOR)

    def seed_school(self) -> School:
        spec = self.data["municipality"]
        municipality = self.upsert("municipality", Municipality, {"name": spec["name"]}, spec)
        spec = self.data["school"]
        return self.upsert("school", School, {"slug": spec["slug"]}, {**spec, "municipality": municipality})

    def seed_user(self, spec: dict):
        """A demo login; a new one, or one without a usable password, gets the demo password."""
        person = self.teacher_spec(spec["teacher"]) if "teacher" in spec else spec
        values = {
            "first_name": person["first_name"],
            "last_name": person["last_name"],
            "email": person["email"],
            "is_staff": spec["is_staff"],
            "is_active": True,
            "school": self.school,
        }
        return self.save_login(spec["username"], values, Role[spec["role"]])

    def save_login(self, username: str, values: dict, role: Role):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        created = user is None
        user = user or User(username=username)
        changed = apply_values(user, values)
        if needs_demo_password(user):
            user.password = demo_password_hash(self.data["password"])
            changed = True
        if changed:
            user.full_clean()
            user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        self.tally["user", "created" if created else "updated" if changed else "unchanged"] += 1
        return user

    def seed_teacher(self, spec: dict) -> Teacher:
        values = {
            **spec,
            "school": self.school,
            "birth_date": self.shifted(spec["birth_date"]),
            "teaching_since": self.shifted(spec["teaching_since"]),
        }
        if spec["email"] in self.teacher_logins:  # other teachers keep whatever login the curator gave them
            values["user"] = self.teacher_logins[spec["email"]]
        return self.upsert("teacher", Teacher, {"school": self.school, "email__iexact": spec["email"]}, values)

    def set_curator(self, email: str | None = None) -> Teacher:
        curator = self.teacher(email or self.data["curator"])
        if self.school.curator_id != curator.pk:
            self.school.curator = curator
            self.school.full_clean()
            self.school.save()
            self.tally["school", "updated"] += 1
        return curator

    def seed_mentor(self, spec: dict) -> Mentor:
        teacher = self.teacher(spec["teacher"])
        values = {k: v for k, v in spec.items() if k not in ("teacher", "competences")}
        values.update(school=self.school, teacher=teacher, trained_on=self.shifted(spec["trained_on"]))
        mentor = self.upsert("mentor", Mentor, {"teacher": teacher}, values)
        mentor.competences.set(self.catalogue(Competence, spec["competences"]))
        return mentor

    def seed_mentee(self, spec: dict) -> Mentee:
        """Bank data only: the status belongs to the pair services (`pair_create` sets «в паре»)."""
        teacher = self.teacher(spec["teacher"])
        values = {
            "school": self.school,
            "teacher": teacher,
            "requests_text": spec["requests_text"],
            "preferred_form": MentoringForm.objects.get(code=spec["preferred_form"]),
            "meeting_frequency": spec["meeting_frequency"],
            "notes": spec.get("notes", ""),
        }
        mentee = self.upsert("mentee", Mentee, {"teacher": teacher}, values)
        mentee.requests.set(self.catalogue(Request, spec["requests"]))
        return mentee

    def seed_pair(self, spec: dict):
        """A demo pair is known by its mentor: each demo mentor leads one demo pair."""
        mentor = self.mentors[spec["mentor"]]
        pair = Pair.objects.filter(school=self.school, mentor=mentor).order_by("pk").first()
        if pair is not None:
            self.tally["pair", "unchanged"] += 1
            seeded_on = pair.started_on + datetime.timedelta(spec["started_days_ago"])
        else:
            seeded_on = self.today
            pair = self.create_pair(spec, mentor)
            if pair is None:
                return
        self.seed_programme(pair, spec["programme"], seeded_on=seeded_on)
        for answer in spec.get("fit_answers", []):
            self.ensure_fit_answer(pair, answer)

    def create_pair(self, spec: dict, mentor: Mentor) -> Pair | None:
        started_on = self.today - datetime.timedelta(spec["started_days_ago"])
        mentees = [self.mentees[email] for email in spec["mentees"]]
        try:
            pair = pair_create(
                school=self.school,
                mentor=mentor,
                mentees=mentees,
                form=MentoringForm.objects.get(code=spec["form"]),
                kinds=MentoringKind.objects.filter(code__in=spec["kinds"]),
                started_on=started_on,
                planned_end_on=add_months(started_on, spec["months"]),
            )
        except ValidationError as e:  # e.g. the curator has since put a mentee into another pair
            self.warnings.append(f"Пара наставника {mentor.teacher.short_name} не создана: {'; '.join(e.messages)}")
            return None
        self.tally["pair", "created"] += 1
        # Consents first: a pair works only once its members have agreed in writing.
        signed_on = started_on - datetime.timedelta(PAIR_CONSENTS_DAYS_BEFORE_START)
        self.ensure_consent(mentor.teacher, ConsentKind.MENTOR_DUTIES, pair=pair, day=signed_on)
        if spec["status"] == PairStatus.ACTIVE:
            for mentee in mentees:
                self.ensure_consent(mentee.teacher, ConsentKind.MENTEE_ASSIGNMENT, pair=pair, day=signed_on)
            pair_activate(pair=pair)
        return pair

    def seed_programme(self, pair: Pair, spec: dict, *, seeded_on: datetime.date):
        """The programme with its plan and meetings; days in the fixture count from `seeded_on`."""
        values = {k: v for k, v in spec.items() if k not in ("activities", "meetings")}
        programme = Programme.objects.filter(pair=pair).first()
        if programme is None:
            programme = self.create("programme", Programme(pair=pair, starts_on=pair.started_on, ends_on=pair.planned_end_on, **values))
        else:
            self.tally["programme", "unchanged"] += 1
        for order, item in enumerate(spec["activities"], start=1):
            self.ensure_activity(programme, item, order=order, seeded_on=seeded_on)
        for item in spec["meetings"]:
            self.ensure_meeting(programme, item, seeded_on=seeded_on)

    def ensure_activity(self, programme: Programme, spec: dict, *, order: int, seeded_on: datetime.date):
        if programme.activities.filter(title=spec["title"]).exists():
            self.tally["activity", "unchanged"] += 1
            return
        due = seeded_on + datetime.timedelta(spec["due_in_days"])
        done_on = min(due, seeded_on) - datetime.timedelta(order % 3) if spec["done"] else None
        self.create(
            "activity",
            Activity(
                programme=programme,
                title=spec["title"],
                due_date=due,
                expected_result=spec.get("expected_result", ""),
                done=spec["done"],
                done_on=done_on,
                comment=spec.get("comment", ""),
                order=order,
            ),
        )

    def ensure_meeting(self, programme: Programme, spec: dict, *, seeded_on: datetime.date):
        if programme.meetings.filter(topic=spec["topic"]).exists():
            self.tally["meeting", "unchanged"] += 1
            return
        self.create(
            "meeting",
            Meeting(
                programme=programme,
                held_on=seeded_on - datetime.timedelta(spec["held_days_ago"]),
                topic=spec["topic"],
                summary=spec.get("summary", ""),
                next_steps=spec.get("next_steps", ""),
                created_by=self.curator_user,
            ),
        )

    def ensure_fit_answer(self, pair: Pair, spec: dict):
        """A participant's answer to «Подходит ли вам пара?»; one the participant has since changed stays as it is."""
        teacher = self.teacher(spec["teacher"])
        if PairFeedback.objects.filter(pair=pair, teacher=teacher).exists():
            self.tally["fit answer", "unchanged"] += 1
            return
        try:
            pair_feedback_give(pair=pair, teacher=teacher, answer=spec["answer"], comment=spec.get("comment", ""))
        except ValidationError as e:  # e.g. the curator has ended the pair
            self.warnings.append(f"Ответ {teacher.short_name} о паре не внесён: {'; '.join(e.messages)}")
            return
        self.tally["fit answer", "created"] += 1

    def ensure_consent(self, teacher: Teacher, kind: str, *, day: datetime.date, pair: Pair | None = None):
        """One consent per teacher, kind and pair; a withdrawn one stays withdrawn."""
        if Consent.objects.filter(teacher=teacher, kind=kind, pair=pair).exists():
            self.tally["consent", "unchanged"] += 1
            return
        online = teacher.user_id is not None  # a teacher with a login gave it on the portal
        self.create(
            "consent",
            Consent(
                school=self.school,
                teacher=teacher,
                kind=kind,
                text=ConsentText.objects.current(kind),
                pair=pair,
                source=Consent.Source.ONLINE if online else Consent.Source.PAPER,
                given_at=at_ten(day),
                recorded_by=None if online else self.curator_user,
                # The demo's mentors allow everything the section shows.
                categories=list(PublicCategory.values) if kind == ConsentKind.PUBLICATION else [],
            ),
        )

    def seed_roadmap(self) -> Roadmap:
        """This school year's roadmap; its progress is filled in only when it is created."""
        year = school_year_start(self.today)
        roadmap = Roadmap.objects.filter(school=self.school, year_start=year).first()
        if roadmap is not None:
            self.tally["roadmap", "unchanged"] += 1
            return roadmap
        roadmap = roadmap_create(school=self.school, year_start=year)
        self.tally["roadmap", "created"] += 1
        self.roadmap_being_made = roadmap
        self.record_progress(roadmap, overdue=self.data["roadmap"]["overdue_events"])
        return roadmap

    def record_progress(self, roadmap: Roadmap, *, overdue: int):
        """Events already due are done, except the `overdue` latest ones marked by hand, left planned.

        An event whose result is an order is done the only way there is (apps/roadmap/results.py): the
        order is drafted and signed through the documents' services, so the roadmap, the register, the
        news and the district's table tell the same history.
        """
        events = list(Event.objects.filter(stage__roadmap=roadmap).select_related("stage").order_by("deadline", "stage__number", "order"))
        by_hand = [e for e in events if order_kind_for_event(e) is None]
        due_by_hand = [e for e in by_hand if e.deadline < self.today]
        # Early in September nothing is due yet: the first events are then put a few days
        # back (the preparatory work of late August), so the demo still shows a delay.
        early = [e for e in by_hand if e.deadline >= self.today][: max(overdue - len(due_by_hand), 0)]
        for n, event in enumerate(early):
            event.deadline = self.today - datetime.timedelta(3 * (len(early) - n))
        due = sorted([e for e in events if e.deadline < self.today] + early, key=lambda e: (e.deadline, e.stage.number, e.order))
        late = set(sorted(due_by_hand + early, key=lambda e: (e.deadline, e.stage.number, e.order))[len(due_by_hand + early) - overdue :])
        by_order = {}
        for n, event in enumerate(due):
            if event in late:
                continue
            done_on = event.deadline - datetime.timedelta(n % 4)
            kind = order_kind_for_event(event)
            if kind is None:
                event.status, event.done_on = EventStatus.DONE, done_on
            else:
                by_order[kind] = (event, done_on)
        for event in due:
            if order_kind_for_event(event) is None:
                event.full_clean()
                event.save()
        self.sign_orders(by_order)

    def sign_orders(self, by_order: dict):
        """The orders the roadmap's due events result in, drafted by the curator and signed by the director,
        one after another (the curator is appointed before the orders that name the curator)."""
        director = next(user for role, user in self.logins if role == Role.DIRECTOR)
        signed_on = None
        for kind in ORDER_SEQUENCE:
            if kind not in by_order:
                continue
            event, done_on = by_order[kind]
            date = max(done_on, signed_on) if signed_on else done_on
            values = self.order_content(kind, date)
            if values is None:
                self.warnings.append(f"Приказ {OrderKind(kind).label} не подписан: нет пар, которые он может назвать.")
                continue
            date = max(date, values.pop("not_before", date))
            order = order_create(school=self.school, kind=kind, event=event, by=self.curator_user, on=date, **values)
            order = order_sign(order=order, number=suggest_order_number(school=self.school, on=date), date=date, by=director)
            if kind in PUBLISHED_ORDERS:
                order_publish(order=order)
            self.tally["signed order", "created"] += 1
            signed_on = date

    def order_content(self, kind: str, date: datetime.date) -> dict | None:
        """What the demo's order of `kind` says: its working group, its pairs, its final event."""
        curator = self.school.curator
        if kind == OrderKind.IMPLEMENTATION:
            members = [self.mentors[spec["teacher"]].teacher for spec in self.data["mentors"][:3]]
            return {"responsible": curator, "members": members}
        if kind == OrderKind.CURATOR:
            return {"responsible": curator}
        if kind == OrderKind.REGULATIONS:
            return {"roadmap": self.roadmap_being_made}
        if kind == OrderKind.PAIRS:
            # The working pairs, once their participants have all signed (the forming one waits for a consent).
            pairs = list(Pair.objects.filter(school=self.school, status=PairStatus.ACTIVE).order_by("started_on", "pk"))
            consents = Consent.objects.filter(pair__in=pairs, withdrawn_at__isnull=True).values_list("given_at", flat=True)
            if not pairs:
                return None
            not_before = max(timezone.localtime(given).date() for given in consents) + datetime.timedelta(1)
            eligible, _ = split_pairs(kind=kind, pairs=pairs, on=max(date, not_before))
            return {"pairs": eligible, "not_before": not_before} if eligible else None
        if kind == OrderKind.FINAL_EVENT:
            announced = next((p for p in self.data["public"]["news"] if p.get("final_event")), None)
            event_date = self.today + datetime.timedelta(announced["event_in_days"]) if announced else date + datetime.timedelta(10)
            if school_year_start(event_date) != school_year_start(date) or event_date < date:
                event_date = date + datetime.timedelta(10)
            pairs = Pair.objects.filter(school=self.school, status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED), started_on__lte=date)
            return {"pairs": list(pairs), "event_date": event_date, "event_format": announced["final_event"] if announced else ""}
        return None

    def seed_public_section(self):
        """The published «Наставничество» section: texts, consents to publication, acts, news and the
        signed Положение; each created only when missing."""
        spec = self.data["public"]
        section = dict(spec["section"])
        # The local test pages (http://127.0.0.1:8080) may embed the section only in development.
        origins = section.get("embed_origins", "").splitlines()
        section["embed_origins"] = "\n".join(line for line in origins if settings.DEBUG or not line.startswith("http://"))
        self.upsert("public section", PublicSection, {"school": self.school}, {"school": self.school, **section})
        for email in spec["publication_consents"]:
            for kind in (ConsentKind.PERSONAL_DATA, ConsentKind.PUBLICATION):
                self.ensure_consent(self.teacher(email), kind, day=self.today - datetime.timedelta(BANK_CONSENTS_DAYS_AGO))
        for order, act in enumerate(spec["acts"], start=1):
            if not NormativeAct.objects.filter(school=self.school, title=act["title"]).exists():
                self.create("normative act", NormativeAct(school=self.school, order=order * 10, **act))
        for post in spec["news"]:
            if NewsPost.objects.filter(school=self.school, title=post["title"]).exists():
                self.tally["news post", "unchanged"] += 1
                continue
            values = {k: v for k, v in post.items() if k not in ("days_ago", "event_in_days", "final_event")}
            event_in_days = post.get("event_in_days")
            published_on = self.today - datetime.timedelta(post["days_ago"])
            values = {k: self.news_text(v, on=published_on) if k in ("lead", "body") else v for k, v in values.items()}
            self.create(
                "news post",
                NewsPost(
                    school=self.school,
                    is_published=True,
                    published_at=at_ten(published_on),
                    event_date=self.today + datetime.timedelta(event_in_days) if event_in_days else None,
                    created_by=self.curator_user,
                    **values,
                ),
            )

    def news_text(self, text: str, *, on: datetime.date) -> str:
        """A news text with what it says about the data put in from the data as it stood on `on`:
        «{pairs_started}» — how many pairs and groups were working; «{pairs_order}» — whether a signed
        order assigned them (and which), or not yet."""
        if "{pairs_started}" in text:
            working = Pair.objects.filter(school=self.school, status=PairStatus.ACTIVE, started_on__lte=on).with_names()
            sizes = [sum(m.left_on is None for m in pair.memberships.all()) for pair in working]
            text = text.replace("{pairs_started}", pairs_phrase(sum(n == 1 for n in sizes), sum(n > 1 for n in sizes)))
        if "{pairs_order}" in text:
            order = (
                Order.objects.filter(school=self.school, kind=OrderKind.PAIRS, status=OrderStatus.SIGNED, date__lte=on)
                .order_by("-date", "-pk")
                .first()
            )
            if order is not None:
                sentence = f"Закрепление утверждено приказом директора от {order.date:%d.%m.%Y} № {order.number} с письменного согласия участников."
            else:
                sentence = "Участники дали письменные согласия; приказ о закреплении пар готовится к подписанию."
            text = text.replace("{pairs_order}", sentence)
        return text

    # ----- helpers

    def upsert(self, label: str, model, lookup: dict, values: dict):
        """Find by `lookup`; create from `values`, or save only the values that differ."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            return self.create(label, model(**values))
        if apply_values(obj, values):
            obj.full_clean()
            obj.save()
            self.tally[label, "updated"] += 1
        else:
            self.tally[label, "unchanged"] += 1
        return obj

    def create(self, label: str, obj):
        obj.full_clean()
        obj.save()
        self.tally[label, "created"] += 1
        return obj

    def shifted(self, iso: str | None) -> datetime.date | None:
        return add_years(datetime.date.fromisoformat(iso), self.year_shift) if iso else None

    def teacher(self, email: str) -> Teacher:
        return self.teachers[email.lower()]

    def teacher_spec(self, email: str) -> dict:
        return next(t for t in self.data["teachers"] if t["email"] == email)

    def catalogue(self, model, names: list[str]) -> list:
        """Items of the common catalogue (school = None) by name; a missing one is a fixture error."""
        found = {item.name: item for item in model.objects.filter(school=None, name__in=names)}
        missing = [name for name in names if name not in found]
        if missing:
            raise DemoDataError(f"В общем справочнике «{model._meta.verbose_name_plural}» нет: {', '.join(missing)}")
        return [found[name] for name in names]

    # ----- the report

    def summary(self) -> str:
        school = self.school
        teachers = Teacher.objects.filter(school=school).staff()  # the college student of apps/demo/people.py is no staff
        pairs = Pair.objects.filter(school=school)
        activities = Activity.objects.filter(programme__pair__school=school)
        events = Event.objects.filter(stage__roadmap=self.roadmap)
        lines = [
            f"Демо-школа «{school.short_name}» (slug {school.slug}) на {self.today:%d.%m.%Y}:",
            f"  педагогов: {teachers.count()}{self.changes('teacher')}; молодых специалистов (до 35 лет, стаж до 3 лет): "
            f"{teachers.young_specialists(on=self.today).count()}, со стажем 3–5 лет: {teachers.early_career(on=self.today).count()}",
            f"  наставников: {Mentor.objects.filter(school=school).count()}{self.changes('mentor')}; "
            f"наставляемых: {Mentee.objects.filter(school=school).count()}{self.changes('mentee')}",
            f"  пар и групп: {pairs.count()}{self.changes('pair')}, из них работают: {pairs.filter(status=PairStatus.ACTIVE).count()}",
            f"  программ: {Programme.objects.filter(pair__school=school).count()}{self.changes('programme')}; "
            f"мероприятий в программах: {activities.count()}{self.changes('activity')}, просрочено: {activities.overdue(on=self.today).count()}; "
            f"встреч: {Meeting.objects.filter(programme__pair__school=school).count()}{self.changes('meeting')}",
            f"  ответов «Подходит ли вам пара?»: {PairFeedback.objects.filter(pair__school=school).count()}{self.changes('fit answer')}, "
            f"из них «не подходит»: {PairFeedback.objects.filter(pair__school=school, answer='not_fit').count()}",
            f"  согласий: {Consent.objects.filter(school=school).count()}{self.changes('consent')}",
            f"  дорожная карта на {self.roadmap.school_year} учебный год{self.changes('roadmap')}: этапов {self.roadmap.stages.count()}, "
            f"мероприятий {events.count()}, выполнено {events.filter(status=EventStatus.DONE).count()}, "
            f"просрочено {events.overdue(on=self.today).count()}",
            f"  куратор: {school.curator}",
            f"  раздел «Наставничество»: {settings.SITE_URL}/nastavnichestvo/{school.slug}/; "
            f"новостей и анонсов: {NewsPost.objects.filter(school=school).count()}{self.changes('news post')}",
            *self.neighbour_summary(),
            f"Логины{self.changes('user')}:",
        ]
        for role, user in self.logins:
            lines.append(f"  {LOGIN_TITLES[role]} — {user.username} / {self.data['password']} ({user.get_full_name()})")
        return "\n".join(lines)

    def neighbour_summary(self) -> list[str]:
        neighbour = getattr(self, "neighbour", None)
        if neighbour is None:
            return []
        created = sum(n for (_, what), n in self.neighbour_tally.items() if what == "created")
        return [
            f"Вторая школа муниципалитета «{neighbour.short_name}» (slug {neighbour.slug}): педагогов "
            f"{Teacher.objects.filter(school=neighbour).count()}, наставников {Mentor.objects.filter(school=neighbour).count()}, "
            f"наставляемых {Mentee.objects.filter(school=neighbour).count()}; куратор: {neighbour.curator} "
            f"({f'создано записей: {created}' if created else 'без изменений'})",
        ]

    def changes(self, label: str) -> str:
        created, updated = self.tally[label, "created"], self.tally[label, "updated"]
        parts = [f"создано {created}"] * bool(created) + [f"обновлено {updated}"] * bool(updated)
        return f" ({', '.join(parts) or 'без изменений'})"


NUMBER_WORDS = {1: ("одна", "один"), 2: ("две", "два"), 3: ("три", "три"), 4: ("четыре", "четыре"), 5: ("пять", "пять"), 6: ("шесть", "шесть"),
                7: ("семь", "семь"), 8: ("восемь", "восемь"), 9: ("девять", "девять"), 10: ("десять", "десять")}  # fmt: skip


def counted(n: int, one: str, few: str, many: str) -> str:
    """«четыре пары», «одна группа», «12 пар»: a number of feminine nouns in words up to ten."""
    word = NUMBER_WORDS[n][0] if n in NUMBER_WORDS else str(n)
    form = one if n % 10 == 1 and n % 100 != 11 else few if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else many
    return f"{word} {form}"


def pairs_phrase(pairs: int, groups: int) -> str:
    """The subject and verb of «… начали работу»: «Четыре пары и одна группа начали», «Одна пара начала»."""
    parts = [counted(pairs, "пара", "пары", "пар")] * bool(pairs) + [counted(groups, "группа", "группы", "групп")] * bool(groups)
    if not parts:
        return "Пока ни одна пара не начала"
    verb = "начала" if len(parts) == 1 and (pairs or groups) % 10 == 1 and (pairs or groups) % 100 != 11 else "начали"
    phrase = " и ".join(parts)
    return f"{phrase[0].upper()}{phrase[1:]} {verb}"


def apply_values(obj, values: dict) -> bool:
    """Set the attributes that differ; True if any did."""
    changed = False
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    return changed
