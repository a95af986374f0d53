"""What each document says, as plain data: the "payload" its template renders.

Every builder reads the database once (no queries in loops) and returns JSON-serialisable
dicts, with names already declined and dates as ISO strings. An order's payload is
frozen at signing (`Order.payload`); the templates see nothing else, so a signed order
rendered again says exactly what was signed.
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from apps.catalogues.models import MentoringForm, MentoringKind
from apps.consents.models import ConsentKind, ConsentText
from apps.core.dates import school_year_start
from apps.pairs.models import PairMentee
from apps.programmes.models import Programme
from apps.roadmap.models import Event, EventStatus

from . import rules
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
    return pair_queryset.select_related("mentor__teacher__organisation", "form").prefetch_related(
        "kinds",
        Prefetch(
            "memberships",
            queryset=PairMentee.objects.select_related("mentee__teacher__organisation").order_by("joined_on", "pk"),
        ),
    )


def pair_block(pair) -> dict:
    members = [m for m in pair.memberships.all() if m.left_on is None or (pair.ended_on is not None and m.left_on == pair.ended_on)]
    return {
        "id": pair.pk,
        "mentor": participant_forms(pair.mentor.teacher),
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
    elif kind == OrderKind.FINAL_EVENT:
        payload["event"] = {
            "date": order.event_date.isoformat() if order.event_date else None,
            "format": order.event_format or doc_settings.final_event_format,
        }
        payload["acquaintance"] = _acquaintance([responsible_forms], mentors, mentees)
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
