"""What each document says, as plain data: the "payload" its template renders.

Every builder reads the database once (no queries in loops) and returns JSON-serialisable
dicts, with names already declined and dates as ISO strings. An order's payload is
frozen at signing (`Order.payload`); the templates see nothing else, so a signed order
rendered again says exactly what was signed.
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from apps.catalogues.models import MentoringForm, MentoringKind
from apps.consents.models import ConsentKind, ConsentText
from apps.core.dates import SchoolYear, school_year_start
from apps.mentees.models import Mentee
from apps.mentors.models import Mentor, MentorStatus
from apps.pairs.models import Pair, PairMentee, PairStatus
from apps.programmes.models import Programme, ProgrammeApproval, ProgrammeTemplate, programme_fingerprint
from apps.roadmap.models import Event, EventStatus, Roadmap
from apps.schools.models import Teacher

from . import rules
from .awards import awards_block
from .dates import format_date
from .models import DocumentSettings, Order, OrderKind, OrderStatus, VerbStyle
from .names import PersonName, person_forms, teacher_forms
from .participants import participant_forms

PAYLOAD_VERSION = 1

# After «В соответствии с»: the two federal acts every school's mentoring rests on (as the seeds' orders
# cite them); a school adds others, e.g. the Federal Law № 273-ФЗ, in its settings.
FEDERAL_GROUNDS = [
    (
        "распоряжением Правительства Российской Федерации от 31.12.2019 № 3273-р «Об утверждении основных принципов "
        "национальной системы профессионального роста педагогических работников Российской Федерации, включая "
        "национальную систему учительского роста»"
    ),
    (
        "письмом Министерства просвещения Российской Федерации и Общероссийского Профсоюза образования от 21.12.2021 "
        "№ АЗ-1128/08/657 о направлении Методических рекомендаций по разработке и внедрению системы (целевой модели) "
        "наставничества педагогических работников в образовательных организациях"
    ),
]

TITLES = {
    OrderKind.IMPLEMENTATION: "О внедрении системы (целевой модели) наставничества педагогических работников",
    OrderKind.REGULATIONS: "Об утверждении Положения о системе наставничества педагогических работников "
    "и Дорожной карты (плана мероприятий) по его реализации",
    OrderKind.CURATOR: "О назначении куратора реализации программ наставничества педагогических работников",
    OrderKind.PAIRS: "О закреплении наставнических пар (групп)",
    OrderKind.FINAL_EVENT: "О проведении итогового мероприятия в рамках реализации системы (целевой модели) "
    "наставничества педагогических работников",
    OrderKind.COMPLETION: "О завершении персонализированных программ наставничества",
    OrderKind.PROGRAMME: "Об утверждении Программы наставничества педагогических работников",
    OrderKind.AWARDS: "О поощрении наставников",
}

PURPOSES = {
    OrderKind.IMPLEMENTATION: "в целях создания условий для профессионального роста педагогических работников "
    "и закрепления молодых специалистов в профессии",
    OrderKind.REGULATIONS: "в целях организации системы наставничества педагогических работников",
    OrderKind.CURATOR: "в целях организационного и методического сопровождения персонализированных программ наставничества",
    OrderKind.PAIRS: "на основании письменных согласий наставников и наставляемых, в целях реализации "
    "персонализированных программ наставничества",
    OrderKind.FINAL_EVENT: "в целях подведения итогов реализации персонализированных программ наставничества, "
    "выявления и распространения лучших практик наставничества",
    OrderKind.COMPLETION: "в связи с окончанием сроков реализации персонализированных программ наставничества и по результатам мониторинга",
    OrderKind.PROGRAMME: "в целях реализации системы (целевой модели) наставничества педагогических работников "
    "и выполнения Дорожной карты (плана мероприятий)",
    OrderKind.AWARDS: "по итогам реализации персонализированных программ наставничества, в целях поощрения "
    "педагогических работников за результативную наставническую деятельность",
}

# Orders naming people get an acquaintance sheet («С приказом ознакомлены»).
PAIR_KINDS = (OrderKind.PAIRS, OrderKind.COMPLETION, OrderKind.FINAL_EVENT)


def money(value) -> str | None:
    """A sum as a string with kopecks ("2500.00"), for JSON."""
    if value in (None, ""):
        return None
    return f"{Decimal(str(value)):.2f}"


def document_settings(school) -> DocumentSettings:
    """The school's settings, or the defaults (unsaved) when none were made yet."""
    try:
        return school.document_settings
    except DocumentSettings.DoesNotExist:
        return DocumentSettings(school=school)


def verify_url(order: Order, *, site_url: str | None = None) -> str:
    """Where the order's QR code leads: on `site_url` (the request's address, see apps.core.site) or SITE_URL."""
    return (site_url or settings.SITE_URL).rstrip("/") + reverse("documents:verify", args=[order.token])


def _lower_first(text: str) -> str:
    """«Директор» → «директор» inside a sentence (but «ГБОУ» stays)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def school_block(school) -> dict:
    director = PersonName.parse(school.director_name)
    position = school.director_position.strip() or "Директор"
    forms = person_forms(director, _lower_first(position))
    return {
        "full_name": school.full_name,
        # Declined forms, as the school checked them («Положение … педагогических работников <gen>»).
        "full_name_gen": school.full_name_in("gen"),
        "full_name_dat": school.full_name_in("dat"),
        "short_name": school.short_name,
        "city": school.city,
        "address": school.address,
        "inn": school.inn,
        "kpp": school.kpp,
        "ogrn": school.ogrn,
        "phone": school.phone,
        "email": school.email,
        "date_style": school.date_style,
        "director_position": position,
        "director": forms,
    }


def signed_regulations_order(school) -> Order | None:
    return Order.objects.filter(school=school, kind=OrderKind.REGULATIONS, status=OrderStatus.SIGNED).order_by("-date", "-pk").first()


def grounds(school, doc_settings, *, kind: str | None = None, extra: str = "") -> list[str]:
    """Federal, regional and the school's own acts, in the instrumental case."""
    result = [*FEDERAL_GROUNDS, *DocumentSettings.lines(doc_settings.regional_grounds)]
    result += DocumentSettings.lines(doc_settings.school_grounds)
    if kind not in (OrderKind.IMPLEMENTATION, OrderKind.REGULATIONS, None):
        approved = signed_regulations_order(school)
        if approved is not None:
            result.append(
                f"Положением о системе наставничества педагогических работников {school.short_name}, утверждённым "
                f"приказом от {format_date(approved.date, school.date_style)} № {approved.number}"
            )
    result += DocumentSettings.lines(extra)
    return result


def preamble(grounds_list: list[str], purpose: str) -> str:
    return "В соответствии с " + ", ".join(grounds_list) + ", " + purpose + ","


def pairs_with_people(pair_queryset):
    return pair_queryset.select_related("mentor__teacher__organisation", "form", "partner_school").prefetch_related(
        "kinds",
        Prefetch(
            "memberships",
            queryset=PairMentee.objects.select_related("mentee__teacher__organisation").order_by("joined_on", "pk"),
        ),
    )


def pair_block(pair) -> dict:
    members = [m for m in pair.memberships.all() if m.left_on is None or (pair.ended_on is not None and m.left_on == pair.ended_on)]
    mentor = participant_forms(pair.mentor.teacher)
    if pair.partner_school_id:
        # A network pair's mentor works in the partner school, not here: the order says where (and, as for
        # anyone off the staff, no duties under an employment contract of this school).
        where = pair.partner_school.short_name
        mentor["position"] = {case: f"{text} {where}".strip() for case, text in mentor["position"].items()}
        mentor["affiliation"] = "network"
    return {
        "id": pair.pk,
        "mentor": mentor,
        "mentees": [participant_forms(m.mentee.teacher) for m in members],
        "form": pair.form.name,
        # The order's wording follows the form: «за студентом … — наставника …» (templates/documents/pairs_order.html).
        "form_code": pair.form.code,
        "kinds": [k.name for k in pair.kinds.all()],
        "started_on": pair.started_on.isoformat(),
        "planned_end_on": pair.planned_end_on.isoformat(),
        "ended_on": pair.ended_on.isoformat() if pair.ended_on else None,
        "status": pair.status,
    }


def regulations_block(school, doc_settings) -> dict:
    """The school's settings the Положение is generated from."""
    allowance = doc_settings.mentor_allowance
    return {
        "max_mentees": school.max_mentees_per_mentor,
        "min_months": school.programme_min_months,
        "max_months": school.programme_max_months,
        "forms": list(MentoringForm.objects.order_by("order", "name").values_list("name", flat=True)),
        "kinds": list(MentoringKind.objects.order_by("order", "name").values_list("name", flat=True)),
        "meeting_frequency": doc_settings.meeting_frequency,
        "allowance": money(allowance),
        "allowance_source": doc_settings.allowance_source,
        "grounds": grounds(school, doc_settings),
    }


def roadmap_block(roadmap) -> dict | None:
    if roadmap is None:
        return None
    stages = roadmap.stages.order_by("number").prefetch_related(
        Prefetch("events", queryset=Event.objects.order_by("order", "deadline", "pk"))
    )
    return {
        "school_year": roadmap.school_year,
        "stages": [
            {
                "number": stage.number,
                "title": stage.title,
                "events": [
                    {
                        "title": e.title,
                        "deadline": e.deadline.isoformat(),
                        "responsible": e.responsible,
                        "result_document": e.result_document,
                    }
                    for e in stage.events.all()
                    if e.status != EventStatus.CANCELLED
                ],
            }
            for stage in stages
        ],
    }


def _acquaintance(*groups) -> list[dict]:
    """Everybody named, once each, in the order they appear."""
    seen, people = set(), []
    for group in groups:
        for person in group:
            if person and person["id"] not in seen:
                seen.add(person["id"])
                people.append({"id": person["id"], "full": person["full"]["nom"], "position": person["position"]["nom"]})
    return people


def teaching_staff(school) -> list[dict]:
    """Every teacher employed at the school, by surname (one query)."""
    staff = school.teachers.staff().filter(is_employed=True).order_by("last_name", "first_name", "patronymic", "pk")
    return [teacher_forms(t) for t in staff]


def _school_year(order: Order) -> str:
    if order.roadmap_id:
        return order.roadmap.school_year
    start = school_year_start(order.date or timezone.localdate())
    return f"{start}/{start + 1}"


def order_payload(order: Order, *, site_url: str | None = None) -> dict:
    """Everything the order's PDF shows, from the live data (frozen into `order.payload` at signing).

    `site_url`: the portal's address the QR code's verification link is built on (SITE_URL if not given).
    """
    school = order.school
    doc_settings = document_settings(school)
    kind = order.kind
    curator = school.curator
    responsible = order.responsible or curator
    pairs = [pair_block(p) for p in pairs_with_people(order.pairs.order_by("pk"))] if order.pk else []
    members_qs = order.members.order_by("last_name", "first_name") if order.pk else []
    members = [teacher_forms(t) for t in members_qs if responsible is None or t.pk != responsible.pk]
    responsible_forms = teacher_forms(responsible) if responsible else None
    curator_forms = teacher_forms(curator) if curator else None
    if kind == OrderKind.CURATOR:
        curator_forms = responsible_forms
    grounds_list = grounds(school, doc_settings, kind=kind, extra=order.extra_grounds)
    spaced = doc_settings.verb_style == VerbStyle.SPACED
    payload = {
        "version": PAYLOAD_VERSION,
        "kind": kind,
        "kind_label": order.get_kind_display(),
        "title": TITLES[kind],
        "status": order.status,
        "number": order.number,
        "date": order.date.isoformat() if order.date else None,
        "verify_url": verify_url(order, site_url=site_url) if order.pk else "",
        "school": school_block(school),
        "school_year": _school_year(order),
        "verb": "п р и к а з ы в а ю:" if spaced else "ПРИКАЗЫВАЮ:",
        "verb_spaced": spaced,
        "grounds": grounds_list,
        "preamble": preamble(grounds_list, PURPOSES[kind]),
        "curator": curator_forms,
        "responsible": responsible_forms,
        "members": members,
        "pairs": pairs,
        "mentor_allowance": money(doc_settings.mentor_allowance),
        "allowance_source": doc_settings.allowance_source,
    }
    mentors = [p["mentor"] for p in pairs]
    mentees = [m for p in pairs for m in p["mentees"]]
    if kind == OrderKind.IMPLEMENTATION:
        payload["acquaintance"] = _acquaintance([responsible_forms], members)
    elif kind == OrderKind.REGULATIONS:
        payload["regulations"] = regulations_block(school, doc_settings)
        payload["roadmap"] = roadmap_block(order.roadmap)
        # The order tells the curator «ознакомить педагогических работников с Положением … под подпись»:
        # its sheet lists every teacher employed at the school, the curator among them.
        payload["acquaintance"] = _acquaintance(teaching_staff(school), [curator_forms])
        payload["acquaintance_caption"] = "С приказом и Положением о системе наставничества ознакомлены:"
    elif kind == OrderKind.CURATOR:
        payload["acquaintance"] = _acquaintance([curator_forms])
    elif kind == OrderKind.PROGRAMME:
        programme = school_programme_block(school, order.roadmap, doc_settings, curator=curator_forms)
        payload["school_programme"] = programme
        payload["roadmap"] = roadmap_block(order.roadmap)
        participants = school_programme_participants(school, order.roadmap, on=order.date)
        payload["acquaintance"] = _acquaintance([curator_forms], participants)
        payload["acquaintance_caption"] = "С приказом и Программой наставничества ознакомлены:"
    elif kind == OrderKind.FINAL_EVENT:
        payload["event"] = {
            "date": order.event_date.isoformat() if order.event_date else None,
            "format": order.event_format or doc_settings.final_event_format,
        }
        payload["acquaintance"] = _acquaintance([responsible_forms], mentors, mentees)
    elif kind == OrderKind.AWARDS:
        payload["awards"] = awards_block(order) if order.pk else []
        payload["acquaintance"] = _acquaintance([a["mentor"] for a in payload["awards"]])
    else:  # pairs, completion
        payload["acquaintance"] = _acquaintance([curator_forms], mentors, mentees)
    return payload


def order_problems(order: Order) -> list[str]:
    """What keeps the order from being signed, in words (empty when none): the rule of apps/documents/rules.py."""
    return rules.order_problems(order)


# ---------------------------------------------------------------------------
# Documents that are not orders


def regulations_payload(school) -> dict:
    """The Положение: the approved text of the signed order, or a draft from today's settings."""
    approved = signed_regulations_order(school)
    if approved is not None and approved.payload and approved.payload.get("regulations"):
        frozen = approved.payload
        return {
            "title": "Положение о системе наставничества педагогических работников",
            "school": frozen["school"],
            "regulations": frozen["regulations"],
            "approved": {"number": frozen["number"], "date": frozen["date"]},
        }
    doc_settings = document_settings(school)
    return {
        "title": "Положение о системе наставничества педагогических работников",
        "school": school_block(school),
        "regulations": regulations_block(school, doc_settings),
        "approved": None,
    }


def programme_payload(pair) -> dict:
    pair = pairs_with_people(type(pair).objects.filter(pk=pair.pk)).get()
    programme = Programme.objects.filter(pair=pair).prefetch_related("activities").first()
    school = pair.school
    return {
        "title": "Персонализированная программа наставничества",
        "approval": programme_approval_block(programme),
        "school": school_block(school),
        "pair": pair_block(pair),
        "curator": teacher_forms(school.curator) if school.curator_id else None,
        "programme": None
        if programme is None
        else {
            "title": programme.title,
            "goals": programme.goals,
            "directions": programme.directions,
            "difficulties": programme.difficulties,
            "forms_of_work": programme.forms_of_work,
            "expected_outcome": programme.expected_outcome,
            "starts_on": programme.starts_on.isoformat(),
            "ends_on": programme.ends_on.isoformat(),
            "activities": [
                {
                    "title": a.title,
                    "due_date": a.due_date.isoformat(),
                    "expected_result": a.expected_result,
                    "done": a.done,
                    "done_on": a.done_on.isoformat() if a.done_on else None,
                }
                for a in programme.activities.all()
            ],
        },
    }


def programme_approval_block(programme) -> dict | None:
    """«СОГЛАСОВАНО / УТВЕРЖДАЮ» as recorded, only while it holds for the programme as it reads now: a programme
    changed after its approval prints blank lines, never an approval it did not get."""
    if programme is None:
        return None
    approval = ProgrammeApproval.objects.filter(programme=programme).first()
    if approval is None or approval.fingerprint != programme_fingerprint(programme, programme.activities.all()):
        return None
    return {
        "body": approval.body,
        "body_words": approval.body_words,
        "agreed_on": approval.agreed_on.isoformat(),
        "protocol_number": approval.protocol_number,
        "approved_on": approval.approved_on.isoformat() if approval.approved_on else None,
    }


def person_form_payload(*, teacher, kind: str, pair=None) -> dict:
    """A consent or an agreement of one teacher, optionally about one pair."""
    school = teacher.school
    doc_settings = document_settings(school)
    text_kind = {
        "consent_mentee": ConsentKind.MENTEE_ASSIGNMENT,
        "consent_mentor": ConsentKind.MENTOR_DUTIES,
    }.get(kind)
    consent_text = None
    if text_kind is not None:
        text = ConsentText.objects.filter(kind=text_kind, effective_from__lte=timezone.now()).order_by("-effective_from").first()
        if text is not None:
            consent_text = {"title": text.title, "version": text.version, "paragraphs": _paragraphs(text.body)}
    pair_data = None
    if pair is not None:
        pair_data = pair_block(pairs_with_people(type(pair).objects.filter(pk=pair.pk)).get())
    person = teacher_forms(teacher)
    payload = {
        "kind": kind,
        "school": school_block(school),
        "person": person,
        "consent_text": consent_text,
        "pair": pair_data,
        "mentor_allowance": money(doc_settings.mentor_allowance),
        "allowance_source": doc_settings.allowance_source,
        "meeting_frequency": doc_settings.meeting_frequency,
        "today": timezone.localdate().isoformat(),
    }
    if consent_text is not None:
        payload["consent_text"]["paragraphs"] = personalise(consent_text["paragraphs"], person)
    return payload


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]


def personalise(paragraphs: list[str], person: dict) -> list[str]:
    """Put the person's name into the first sentence of a consent text written in the first person."""
    if not paragraphs:
        return paragraphs
    first, name = paragraphs[0], person["full"]["nom"]
    position = person["position"]["nom"]
    who = f"{name}, {position}," if position else f"{name},"
    if first.startswith("Я, субъект персональных данных,"):
        first = f"Я, {who}" + first[len("Я, субъект персональных данных,") :]
    elif first.startswith("Я "):
        first = f"Я, {who} " + first[2:]
    else:
        return [f"Я, {who} подтверждаю следующее.", *paragraphs]
    return [first, *paragraphs[1:]]


# ---------------------------------------------------------------------------
# The school's Программа наставничества (seed 003, item 2.2): approved by its own order (OrderKind.PROGRAMME),
# generated from the school's settings, the forms its pairs work in, its banks and its roadmap.

SCHOOL_PROGRAMME_TITLE = "Программа наставничества педагогических работников"


def _programme_year(roadmap, on) -> SchoolYear:
    return SchoolYear(roadmap.year_start) if roadmap is not None else SchoolYear.of(on)


def school_programme_block(school, roadmap, doc_settings, *, curator=None, on=None) -> dict:
    """What the school's programme says for the roadmap's school year (the current one without a roadmap).

    Figures are counted, never invented: the forms listed as in use are those of the school's pairs of the
    year; with no pairs yet the programme says so and lists the forms the Положение allows."""
    on = on or timezone.localdate()
    year = _programme_year(roadmap, on)
    pairs = Pair.objects.filter(school=school).of_school_year(year).exclude(status=PairStatus.DISSOLVED)
    by_form = list(
        pairs.values("form_id", "form__name", "form__order")
        .annotate(pairs=Count("pk", distinct=True), mentees=Count("memberships", distinct=True))
        .order_by("form__order", "form__name")
    )
    kinds_in_use = list(
        MentoringKind.objects.filter(pairs__in=pairs).distinct().order_by("order", "name").values_list("name", flat=True)
    )
    templates = {
        t.form_id: t
        for t in ProgrammeTemplate.objects.for_school(school)
        .filter(form_id__in=[row["form_id"] for row in by_form])
        .order_by("form_id", "school")  # the common one first, the school's own copy overrides it
    }
    mentors = Mentor.objects.filter(school=school).exclude(status=MentorStatus.ARCHIVED)
    mentor_counts = mentors.aggregate(
        total=Count("pk"), trained=Count("pk", filter=Q(status__in=(MentorStatus.TRAINED, MentorStatus.ACTIVE)))
    )
    mentees_total = Mentee.objects.filter(school=school).count()
    young = Teacher.objects.filter(school=school).young_specialists(on=on).count()
    return {
        "title": SCHOOL_PROGRAMME_TITLE,
        "school_year": f"{year.start}/{year.start + 1}",
        "first_day": year.first_day.isoformat(),
        "last_day": year.last_day.isoformat(),
        "curator": curator,
        "grounds": grounds(school, doc_settings, kind=OrderKind.PROGRAMME),
        "forms_in_use": [
            {
                "name": row["form__name"],
                "pairs": row["pairs"],
                "mentees": row["mentees"],
                "template": templates[row["form_id"]].title if row["form_id"] in templates else None,
                "months": templates[row["form_id"]].months if row["form_id"] in templates else None,
            }
            for row in by_form
        ],
        "forms_allowed": list(MentoringForm.objects.order_by("order", "name").values_list("name", flat=True)),
        "kinds_in_use": kinds_in_use,
        "mentors": mentor_counts["total"],
        "mentors_trained": mentor_counts["trained"],
        "mentees": mentees_total,
        "young_specialists": young,
        "pairs": sum(row["pairs"] for row in by_form),
        "max_mentees": school.max_mentees_per_mentor,
        "min_months": school.programme_min_months,
        "max_months": school.programme_max_months,
        "meeting_frequency": doc_settings.meeting_frequency,
        "final_event_format": doc_settings.final_event_format,
    }


def school_programme_participants(school, roadmap, *, on=None) -> list[dict]:
    """The mentors and current mentees of the school's forming and working pairs of the programme's year: whom
    the order tells the curator to acquaint with the programme (its sheet), each once, pair by pair."""
    year = _programme_year(roadmap, on or timezone.localdate())
    pairs = Pair.objects.filter(school=school, status__in=(PairStatus.DRAFT, PairStatus.ACTIVE)).of_school_year(year)
    people = []
    for pair in pairs.with_names().order_by("pk"):
        people.append(teacher_forms(pair.mentor.teacher))
        people += [teacher_forms(m.mentee.teacher) for m in pair.memberships.all() if m.left_on is None]
    return people


def signed_programme_order(school) -> Order | None:
    return Order.objects.filter(school=school, kind=OrderKind.PROGRAMME, status=OrderStatus.SIGNED).order_by("-date", "-pk").first()


def current_roadmap(school, *, on=None) -> Roadmap | None:
    """The roadmap of the current school year, else the newest one."""
    on = on or timezone.localdate()
    roadmaps = Roadmap.objects.filter(school=school)
    return roadmaps.filter(year_start=school_year_start(on)).first() or roadmaps.order_by("-year_start").first()


def school_programme_payload(school) -> dict:
    """The school's programme: the text of the newest signed order approving it, or a draft from today's data."""
    approved = signed_programme_order(school)
    if approved is not None and approved.payload and approved.payload.get("school_programme"):
        frozen = approved.payload
        return {
            "school": frozen["school"],
            "programme": frozen["school_programme"],
            "roadmap": frozen.get("roadmap"),
            "approved": {"number": frozen["number"], "date": frozen["date"]},
        }
    roadmap = current_roadmap(school)
    curator = teacher_forms(school.curator) if school.curator_id and rules.is_appointed_curator(school, on=timezone.localdate()) else None
    return {
        "school": school_block(school),
        "programme": school_programme_block(school, roadmap, document_settings(school), curator=curator),
        "roadmap": roadmap_block(roadmap),
        "approved": None,
    }
