"""The district's own records in the demo: the address of the district's page and the authority's head,
last school year's contest with its results (the demo school's pair won), this year's contest open for
applications with the coordinator on the jury, this year's district plan, the plan's registration targets
with the demo school's figures, and one answered consultation. Idempotent: a second run changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.accounts.roles import Role
from apps.core.dates import school_year_start
from apps.municipal.models import (
    CONTEST_TITLE,
    Application,
    Contest,
    Criterion,
    DistrictPage,
    HelpQuestion,
    HelpTopic,
    MunicipalItem,
    MunicipalRoadmap,
    Nomination,
    RegistrationTarget,
    SchoolRegistration,
    Score,
    TargetGroup,
)
from apps.municipal.services import (
    message_add,
    municipal_item_update,
    municipal_roadmap_create,
    question_ask,
    targets_from_plan,
)
from apps.pairs.models import Pair, PairStatus
from apps.roadmap.models import EventStatus

SLUG = "nevsky"
HEAD_NAME = "Голованова Наталья Александровна"
HEAD_POSITION = "Начальник отдела образования"
INTRO = (
    "Отдел образования сопровождает внедрение системы (целевой модели) наставничества педагогических работников "
    "в образовательных организациях района: консультирует кураторов, проводит конкурсы и собирает лучшие практики "
    "школ в электронный сборник «Наставничество – путь от цели к результату»."
)
NOMINATIONS = ["Лучшая наставническая пара", "Лучшая практика наставничества"]
CRITERIA = ["Результативность работы пары", "Оригинальность и применимость опыта", "Качество представления материалов"]


def seed_municipal(*, school, neighbour, municipality, today: datetime.date) -> None:
    changed = []
    for name, value in (("slug", SLUG), ("head_name", HEAD_NAME), ("head_position", HEAD_POSITION)):
        if not getattr(municipality, name):
            setattr(municipality, name, value)
            changed.append(name)
    if changed:
        municipality.save(update_fields=changed)
    DistrictPage.objects.update_or_create(municipality=municipality, defaults={"intro": INTRO})
    coordinator = (
        get_user_model().objects.filter(municipality=municipality, groups__name=Role.COORDINATOR.value).order_by("pk").first()
    )
    this_year = school_year_start(today)
    if coordinator is not None:
        _roadmap_and_targets(municipality, coordinator, this_year, school, today)
    past = _contest(municipality, this_year - 1, datetime.date(this_year, 3, 1), datetime.date(this_year, 4, 15), datetime.date(this_year, 4, 30))
    current = _contest(municipality, this_year, today - datetime.timedelta(days=14), today + datetime.timedelta(days=30), today + datetime.timedelta(days=45))
    if coordinator is not None:
        past.jury.add(coordinator)
        current.jury.add(coordinator)
    pair = Pair.objects.filter(school=school, status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED)).order_by("started_on", "pk").first()
    if pair is None or coordinator is None:
        return
    application, _ = Application.objects.update_or_create(
        contest=past,
        pair=pair,
        defaults={
            "nomination": past.nominations.get(name=NOMINATIONS[0]),
            "school": school,
            "title": "Вместе — от первых уроков к уверенности",
            "description": "Наставническая пара прошла программу адаптации молодого учителя: посещение уроков, "
            "совместная подготовка к открытому уроку, разбор трудных ситуаций с классом.",
            "submitted_by": coordinator,
        },
    )
    for criterion in past.criteria.all():
        Score.objects.update_or_create(application=application, criterion=criterion, juror=coordinator, defaults={"value": 9})
    Application.objects.filter(pk=application.pk).update(total=9 * past.criteria.count(), place=1)
    if past.results_published_at is None:
        past.results_published_at = timezone.make_aware(datetime.datetime.combine(past.results_on, datetime.time(12)))
        past.save(update_fields=["results_published_at"])


def _contest(municipality, year_start, applications_from, applications_until, results_on) -> Contest:
    contest, _ = Contest.objects.update_or_create(
        municipality=municipality,
        year_start=year_start,
        title=CONTEST_TITLE,
        defaults={
            "description": "Муниципальный конкурс наставнических команд: пара или группа представляет путь от цели "
            "к результату — программу, встречи, достижения наставляемого.",
            "applications_from": applications_from,
            "applications_until": applications_until,
            "results_on": results_on,
        },
    )
    for order, name in enumerate(NOMINATIONS):
        Nomination.objects.update_or_create(contest=contest, name=name, defaults={"order": order})
    for order, name in enumerate(CRITERIA):
        Criterion.objects.update_or_create(contest=contest, name=name, defaults={"order": order})
    return contest


def _roadmap_and_targets(municipality, coordinator, year_start, school, today) -> None:
    """This year's district plan with its first item done, the plan's registration targets with the demo
    school's figures, and one consultation the district has answered."""
    if not MunicipalRoadmap.objects.filter(municipality=municipality, year_start=year_start).exists():
        plan = municipal_roadmap_create(municipality=municipality, by=coordinator, year_start=year_start)
        first = MunicipalItem.objects.get(section__roadmap=plan, number="1.1")
        municipal_item_update(
            item=first, by=coordinator, deadline=first.deadline, responsible=first.responsible, result=first.result,
            status=EventStatus.DONE, done_on=min(first.deadline, today), note="", today=today,
        )
    targets_from_plan(municipality=municipality, by=coordinator, year_start=year_start)
    for target in RegistrationTarget.objects.filter(municipality=municipality, year_start=year_start):
        registered = {TargetGroup.CURATORS: 1, TargetGroup.TEACHERS: 3, TargetGroup.MENTORS: 2}[target.group]
        SchoolRegistration.objects.get_or_create(target=target, school=school, defaults={"registered": registered, "updated_by": coordinator})
    curator = get_user_model().objects.filter(school=school, groups__name=Role.CURATOR.value).order_by("pk").first()
    if curator is not None and not HelpQuestion.objects.filter(school=school).exists():
        question = question_ask(
            by=curator, topic=HelpTopic.REGULATIONS, subject="Срок персонализированной программы в Положении",
            text="Можно ли в Положении указать срок программы от трёх месяцев до одного года, или нужен точный срок?",
        )
        message_add(question=question, by=coordinator, text="Можно: так рекомендуют методические рекомендации. "
                    "Точный срок указывается в персонализированной программе каждой пары.")
