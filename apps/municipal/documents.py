"""The district's orders as documents: one payload per order (frozen once signed) rendered through the
ГОСТ order layout of apps/documents (templates/documents/district_order.html). Only what is true is said:
the jury and the winners as recorded, the coordinator as typed by the coordinator."""

from apps.core.org_names import decline_org_name
from apps.documents.documents import render_pdf
from apps.documents.names import PersonName, person_forms, teacher_forms
from apps.pairs.models import PairMentee

from .models import DistrictOrder, DistrictOrderKind, MunicipalItem

PLACES = {1: "I", 2: "II", 3: "III"}
BASIS = (
    "В соответствии с распоряжением Правительства Российской Федерации от 31 декабря 2019 г. № 3273-р «Об утверждении "
    "основных принципов национальной системы профессионального роста педагогических работников Российской Федерации, "
    "включая национальную систему учительского роста», совместным письмом Министерства просвещения Российской Федерации "
    "и Профессионального союза работников народного образования и науки Российской Федерации от 21 декабря 2021 г. "
    "№ АЗ-1128/08/657 о методических рекомендациях по разработке и внедрению системы (целевой модели) наставничества "
    "педагогических работников в образовательных организациях"
)


class NotReady(Exception):
    """The order cannot be drafted yet; the message says what is missing, in Russian."""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _district_gen(municipality) -> str:
    return decline_org_name(municipality.name, "gen")


def _organisation(order, m) -> dict:
    return {
        "title": f"Об организации наставничества педагогических работников образовательных организаций {_district_gen(m)}",
        "preamble": f"{BASIS}, в целях внедрения системы (целевой модели) наставничества педагогических работников",
        "points": [
            "Руководителям образовательных организаций обеспечить внедрение и реализацию системы (целевой модели) "
            "наставничества педагогических работников в образовательных организациях.",
            "Руководителям образовательных организаций: издать локальные акты о внедрении системы наставничества; "
            "утвердить куратора реализации программ наставничества; отобрать и утвердить списки наставников и "
            "наставляемых; утвердить дорожную карту (план мероприятий) реализации Положения о системе наставничества; "
            "издать приказы о закреплении наставнических пар (групп) с письменного согласия их участников; "
            "способствовать созданию сетевого взаимодействия в сфере наставничества; создать на официальных сайтах "
            "образовательных организаций раздел «Наставничество».",
            "Муниципальному координатору внедрения целевой модели наставничества: сформировать базу наставников "
            "муниципалитета; оказывать методическую и практическую помощь в проведении наставнической деятельности; "
            "координировать методическую работу по сопровождению наставничества педагогических работников.",
        ],
    }


def _coordinator(order, m) -> dict:
    if not order.appointee_name.strip() or not order.appointee_position.strip():
        raise NotReady("Укажите ФИО и должность назначаемого координатора.")
    # The position comes typed in the accusative (the form asks «кого?»): job titles of several words are
    # not declined reliably by rule.
    person = person_forms(PersonName.parse(order.appointee_name))
    return {
        "title": "О назначении муниципального координатора внедрения целевой модели наставничества педагогических работников",
        "preamble": f"{BASIS}, в целях координации внедрения системы (целевой модели) наставничества педагогических "
        f"работников в образовательных организациях {_district_gen(m)}",
        "points": [
            f"Назначить {person['full']['acc']}, {order.appointee_position}, муниципальным координатором внедрения "
            "целевой модели наставничества педагогических работников.",
            f"{person['full']['dat']} формировать и актуализировать муниципальные базы кураторов и наставников, "
            "консультировать образовательные организации, проводить муниципальный мониторинг и готовить аналитическую справку.",
        ],
        "acquaintance": [person["full"]["nom"]],
    }


def _roadmap(order, m) -> dict:
    roadmap = order.roadmap
    if roadmap is None:
        raise NotReady("Сначала создайте дорожную карту района на этот учебный год.")
    items = list(MunicipalItem.objects.filter(section__roadmap=roadmap).select_related("section").order_by("section__number", "order", "pk"))
    sections = []
    for item in items:
        if not sections or sections[-1]["number"] != item.section.number:
            sections.append({"number": item.section.number, "title": item.section.title, "items": []})
        sections[-1]["items"].append(
            {"number": item.number, "title": item.title, "deadline": item.deadline.isoformat(), "responsible": item.responsible, "result": item.result}
        )
    year = f"{roadmap.year_start}/{roadmap.year_start + 1}"
    return {
        "title": f"Об утверждении плана мероприятий (дорожной карты) внедрения муниципальной целевой модели наставничества "
        f"педагогических работников на {year} учебный год",
        "preamble": f"{BASIS}, в целях внедрения системы (целевой модели) наставничества педагогических работников в "
        f"образовательных организациях {_district_gen(m)}",
        "points": [
            f"Утвердить план мероприятий (дорожную карту) внедрения муниципальной целевой модели наставничества "
            f"педагогических работников на {year} учебный год (приложение).",
            "Руководителям образовательных организаций обеспечить выполнение мероприятий дорожной карты в установленные сроки.",
        ],
        "appendix": {"title": f"План мероприятий (дорожная карта) внедрения муниципальной целевой модели наставничества "
                     f"педагогических работников на {year} учебный год", "sections": sections},
    }


def _jury_names(contest) -> list[str]:
    return [user.get_full_name() or user.username for user in contest.jury.order_by("last_name", "first_name", "username")]


def _contest(order, m) -> dict:
    contest = order.contest
    if contest is None:
        raise NotReady("Выберите конкурс.")
    nominations = [n.name for n in contest.nominations.all()]
    criteria = [c.name for c in contest.criteria.all()]
    points = [
        f"Провести муниципальный конкурс «{contest.title}» среди наставнических пар и групп образовательных организаций "
        f"{_district_gen(m)}: приём заявок с {contest.applications_from:%d.%m.%Y} по {contest.applications_until:%d.%m.%Y}, "
        f"подведение итогов {contest.results_on:%d.%m.%Y}.",
        "Утвердить номинации конкурса: " + "; ".join(f"«{n}»" for n in nominations) + ".",
        "Утвердить критерии оценки конкурсных работ: " + "; ".join(criteria) + ".",
    ]
    jury = _jury_names(contest)
    if jury:
        points.append("Утвердить состав жюри конкурса: " + ", ".join(jury) + ".")
    points.append("Руководителям образовательных организаций обеспечить участие наставнических команд в конкурсе.")
    return {
        "title": f"О проведении муниципального конкурса «{contest.title}»",
        "preamble": "В целях выявления и распространения лучших практик наставничества педагогических работников, "
        "в соответствии с планом мероприятий (дорожной картой) внедрения муниципальной целевой модели наставничества",
        "points": points,
    }


def _contest_results(order, m) -> dict:
    contest = order.contest
    if contest is None:
        raise NotReady("Выберите конкурс.")
    if not contest.has_results:
        raise NotReady("Итоги конкурса ещё не подведены.")
    winners = list(
        contest.applications.filter(place__isnull=False)
        .select_related("nomination", "school", "pair__mentor__teacher")
        .order_by("nomination__order", "place", "pk")
    )
    memberships = PairMentee.objects.filter(pair__in=[w.pair_id for w in winners]).select_related("mentee__teacher").order_by("pk")
    mentees = {}
    for membership in memberships:
        mentees.setdefault(membership.pair_id, []).append(teacher_forms(membership.mentee.teacher))
    awards = []
    for winner in winners:
        mentor = teacher_forms(winner.pair.mentor.teacher)
        team = [f"наставника {mentor['full']['acc']}"]
        pair_mentees = mentees.get(winner.pair_id, [])
        if pair_mentees:
            noun = "наставляемых" if len(pair_mentees) > 1 else ("наставляемую" if pair_mentees[0]["gender"] == "female" else "наставляемого")
            team.append(f"{noun} {', '.join(p['full']['acc'] for p in pair_mentees)}")
        awards.append(
            f"дипломом {PLACES[winner.place]} степени в номинации «{winner.nomination.name}» — {' и '.join(team)} "
            f"({winner.school.short_name}), работа «{winner.title}»"
        )
    return {
        "title": f"Об итогах муниципального конкурса «{contest.title}»",
        "preamble": f"По результатам оценки конкурсных работ жюри муниципального конкурса «{contest.title}» "
        f"({contest.school_year})",
        "points": [
            "Утвердить итоги конкурса.",
            "Наградить победителей и призёров конкурса:",
        ],
        "awards": awards,
        "after_awards": [
            "Разместить материалы победителей конкурса на странице наставничества района в сети Интернет.",
        ],
    }


BUILDERS = {
    DistrictOrderKind.ORGANISATION: _organisation,
    DistrictOrderKind.COORDINATOR: _coordinator,
    DistrictOrderKind.ROADMAP: _roadmap,
    DistrictOrderKind.CONTEST: _contest,
    DistrictOrderKind.CONTEST_RESULTS: _contest_results,
}


def district_order_payload(order: DistrictOrder) -> dict:
    """The order's text as the PDF shows it: built from live data while a draft, frozen once signed."""
    if order.is_signed and order.payload:
        return order.payload
    m = order.municipality
    head = person_forms(PersonName.parse(m.head_name), m.head_position) if m.head_name.strip() else None
    return {
        "status": order.status,
        "kind": order.kind,
        "authority": m.authority or m.name,
        "authority_gen": _lower_first(decline_org_name(m.authority or m.name, "gen")),
        "region": m.region,
        "number": order.number,
        "date": order.date.isoformat() if order.date else "",
        "head_position": m.head_position,
        "head_signature": head["signature"] if head else "",
        **BUILDERS[order.kind](order, m),
    }


def district_order_pdf(*, order: DistrictOrder) -> bytes:
    return render_pdf("documents/district_order.html", {"doc": district_order_payload(order)})
