"""Every write to the district's records, with its rules: keyword-only, atomic, validated before saving."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from apps.pairs.models import PairStatus
from apps.roadmap.models import EventStatus
from apps.schools.models import Municipality

from . import documents, standard
from .models import (
    PRIZE_PLACES,
    Application,
    Contest,
    Criterion,
    DistrictOrder,
    DistrictOrderKind,
    DistrictOrderStatus,
    DistrictPage,
    HelpMessage,
    HelpQuestion,
    MunicipalItem,
    MunicipalRoadmap,
    MunicipalSection,
    Nomination,
    RegistrationTarget,
    SchoolRegistration,
    Score,
    TargetGroup,
)

MAX_MATERIALS_BYTES = 20 * 1024 * 1024
NOT_YOURS = "Это запись другого муниципалитета."
RESULTS_FINAL = "Итоги конкурса опубликованы: изменить их уже нельзя."


def _lines(text: str) -> list[str]:
    seen = []
    for line in text.splitlines():
        line = " ".join(line.split()).strip(" –-•")
        if line and line not in seen:
            seen.append(line)
    return seen


@transaction.atomic
def contest_save(*, municipality: Municipality, contest: Contest | None = None, title: str, year_start: int,
                 description: str, applications_from: datetime.date, applications_until: datetime.date,
                 results_on: datetime.date, nominations: str, criteria: str) -> Contest:
    """Create or change a contest; nominations and criteria come one per line. Those with applications or
    scores stay (renaming one would change what the schools applied for)."""
    if contest is not None and contest.municipality_id != municipality.pk:
        raise PermissionDenied(NOT_YOURS)
    if contest is not None and contest.has_results:
        raise ValidationError(RESULTS_FINAL)
    nomination_names, criterion_names = _lines(nominations), _lines(criteria)
    errors = {}
    if not nomination_names:
        errors["nominations"] = "Укажите хотя бы одну номинацию."
    if not criterion_names:
        errors["criteria"] = "Укажите хотя бы один критерий оценки."
    if contest is not None:
        used_nominations = set(contest.nominations.filter(applications__isnull=False).values_list("name", flat=True))
        used_criteria = set(contest.criteria.filter(scores__isnull=False).values_list("name", flat=True))
        if missing := sorted(used_nominations - set(nomination_names)):
            errors["nominations"] = f"В номинации «{missing[0]}» уже есть заявки: её нельзя убрать."
        if missing := sorted(used_criteria - set(criterion_names)):
            errors["criteria"] = f"По критерию «{missing[0]}» жюри уже ставило баллы: его нельзя убрать."
    contest = contest or Contest(municipality=municipality)
    contest.title, contest.year_start, contest.description = title.strip(), year_start, description.strip()
    contest.applications_from, contest.applications_until, contest.results_on = applications_from, applications_until, results_on
    try:
        contest.full_clean()
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    contest.save()
    _sync_names(contest.nominations, Nomination, contest, nomination_names)
    _sync_names(contest.criteria, Criterion, contest, criterion_names)
    return contest


def _sync_names(manager, model, contest, names):
    existing = {item.name: item for item in manager.all()}
    for name, item in existing.items():
        if name not in names:
            item.delete()
    for order, name in enumerate(names):
        item = existing.get(name) or model(contest=contest, name=name)
        item.order = order
        item.full_clean()
        item.save()


def jury_candidates(municipality):
    """Who may sit on the jury: the district's coordinators and the staff of its schools (active logins)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(municipality=municipality) | Q(school__municipality=municipality))
        .select_related("school")
        .order_by("last_name", "first_name", "username")
    )


@transaction.atomic
def contest_jury_set(*, contest: Contest, by, members) -> None:
    if contest.municipality_id != by.municipality_id:
        raise PermissionDenied(NOT_YOURS)
    if contest.has_results:
        raise ValidationError(RESULTS_FINAL)
    allowed = set(jury_candidates(contest.municipality).values_list("pk", flat=True))
    members = list(members)
    if strangers := [member for member in members if member.pk not in allowed]:
        raise ValidationError({"jury": f"{strangers[0]} — не сотрудник школ района и не координатор."})
    contest.jury.set(members)


def _check_materials(upload) -> None:
    if upload is None:
        return
    if upload.size > MAX_MATERIALS_BYTES:
        raise ValidationError({"materials": "Файл больше 20 МБ. Сожмите его или оставьте только главное."})
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"materials": "Это не файл PDF. Сохраните материалы в PDF и загрузите снова."})


@transaction.atomic
def application_submit(*, contest: Contest, by, nomination: Nomination, pair, title: str, description: str,
                       materials=None, today: datetime.date | None = None) -> Application:
    """A school's curator enters one of the school's own pairs (working or completed this contest's year)."""
    today = today or timezone.localdate()
    contest = Contest.objects.select_for_update().get(pk=contest.pk)  # the window and results cannot change meanwhile
    school = by.school
    if school is None or not by.is_curator or school.municipality_id != contest.municipality_id:
        raise PermissionDenied("Заявку подаёт куратор школы этого района.")
    if not contest.accepts_applications(today):
        raise ValidationError(
            f"Заявки принимаются с {contest.applications_from:%d.%m.%Y} по {contest.applications_until:%d.%m.%Y}."
        )
    errors = {}
    if nomination.contest_id != contest.pk:
        errors["nomination"] = "Выберите номинацию этого конкурса."
    if pair.school_id != school.pk:
        errors["pair"] = "Выберите пару своей школы."
    elif pair.status not in (PairStatus.ACTIVE, PairStatus.COMPLETED):
        errors["pair"] = "На конкурс выдвигается работающая или завершившая программу пара."
    if errors:
        raise ValidationError(errors)
    _check_materials(materials)
    application = Application(
        contest=contest, nomination=nomination, school=school, pair=pair, title=title.strip(),
        description=description.strip(), submitted_by=by,
    )
    if materials is not None:
        application.materials = materials
    application.full_clean(exclude=["materials"])
    application.save()
    return application


@transaction.atomic
def scores_save(*, contest: Contest, juror, values: dict[tuple[int, int], int]) -> int:
    """A jury member's scores, {(application id, criterion id): points}; returns how many were saved."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not contest.jury.filter(pk=juror.pk).exists():
        raise PermissionDenied("Оценивать заявки может только член жюри конкурса.")
    if contest.has_results:
        raise ValidationError(RESULTS_FINAL)
    applications = set(contest.applications.values_list("pk", flat=True))
    criteria = {criterion.pk: criterion for criterion in contest.criteria.all()}
    saved = 0
    for (application_id, criterion_id), value in values.items():
        criterion = criteria.get(criterion_id)
        if application_id not in applications or criterion is None:
            raise ValidationError("Оценка относится не к этому конкурсу.")
        if not 0 <= value <= criterion.max_score:
            raise ValidationError(f"«{criterion.name}»: балл от 0 до {criterion.max_score}.")
        Score.objects.update_or_create(
            application_id=application_id, criterion=criterion, juror=juror, defaults={"value": value}
        )
        saved += 1
    return saved


def missing_scores(contest: Contest) -> list[str]:
    """«Иванова И.И.: 2 оценки не поставлены» for each jury member who has not scored everything."""
    expected = contest.applications.count() * contest.criteria.count()
    problems = []
    for juror in contest.jury.order_by("last_name", "username"):
        done = Score.objects.filter(application__contest=contest, juror=juror).count()
        if done < expected:
            problems.append(f"{juror.get_full_name() or juror.username}: не поставлено оценок — {expected - done}")
    return problems


@transaction.atomic
def contest_results_publish(*, contest: Contest, by, now: datetime.datetime | None = None) -> None:
    """Sum every jury member's points; places 1–3 in each nomination (equal sums share a place)."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.municipality_id != by.municipality_id or not by.is_coordinator:
        raise PermissionDenied(NOT_YOURS)
    if contest.has_results:
        raise ValidationError(RESULTS_FINAL)
    if not contest.jury.exists():
        raise ValidationError("Назначьте жюри конкурса.")
    if not contest.applications.exists():
        raise ValidationError("На конкурс не подано ни одной заявки.")
    if problems := missing_scores(contest):
        raise ValidationError(["Не все члены жюри оценили все заявки.", *problems])
    applications = list(contest.applications.annotate(points=Sum("scores__value")).order_by("nomination_id", "-points", "pk"))
    for place, application in _ranked(applications):
        application.total = application.points or 0
        application.place = place if place <= PRIZE_PLACES else None
    Application.objects.bulk_update(applications, ["total", "place"])
    contest.results_published_at = now or timezone.now()
    contest.save(update_fields=["results_published_at"])


def _ranked(applications):
    """Places within each nomination, competition style: 1, 1, 3."""
    for _, group in _by_nomination(applications):
        last_points, last_place = None, 0
        for position, application in enumerate(group, start=1):
            if application.points != last_points:
                last_place, last_points = position, application.points
            yield last_place, application


def _by_nomination(applications):
    groups: dict[int, list] = {}
    for application in applications:
        groups.setdefault(application.nomination_id, []).append(application)
    return groups.items()


@transaction.atomic
def district_page_save(*, municipality: Municipality, slug: str, intro: str, embed_origins: str) -> DistrictPage:
    page, _ = DistrictPage.objects.get_or_create(municipality=municipality)
    page.intro, page.embed_origins = intro.strip(), embed_origins.strip()
    municipality.slug = slug.strip().lower() or None
    errors = {}
    for instance in (municipality, page):
        try:
            instance.full_clean()
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    municipality.save(update_fields=["slug"])
    page.save()
    return page


# Seed 002, items 6.2 and 6.3: the district plan's registration targets.
PLAN_TARGETS = [
    ("Региональная группа «Наставничество» в Telegram", TargetGroup.CURATORS, 100),
    ("Региональная группа «Наставничество» в Telegram", TargetGroup.TEACHERS, 10),
    ("Региональное сообщество педагогов-наставников", TargetGroup.MENTORS, 100),
]


def _check_coordinator(municipality, by) -> None:
    if not (by.is_coordinator and by.municipality_id == municipality.pk):
        raise PermissionDenied(NOT_YOURS)


@transaction.atomic
def target_add(*, municipality: Municipality, by, year_start: int, channel: str, group: str, percent: int) -> RegistrationTarget:
    _check_coordinator(municipality, by)
    order = RegistrationTarget.objects.filter(municipality=municipality, year_start=year_start).count()
    target = RegistrationTarget(
        municipality=municipality, year_start=year_start, channel=" ".join(channel.split()), group=group, percent=percent, order=order
    )
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def targets_from_plan(*, municipality: Municipality, by, year_start: int) -> int:
    """The plan's three targets for the year; those already there stay as they are. Returns how many were added."""
    _check_coordinator(municipality, by)
    added = 0
    for channel, group, percent in PLAN_TARGETS:
        if not RegistrationTarget.objects.filter(municipality=municipality, year_start=year_start, channel=channel, group=group).exists():
            target_add(municipality=municipality, by=by, year_start=year_start, channel=channel, group=group, percent=percent)
            added += 1
    return added


@transaction.atomic
def target_delete(*, target: RegistrationTarget, by) -> None:
    _check_coordinator(target.municipality, by)
    target.delete()


def may_enter_registrations(user, school) -> bool:
    """The school's own curator, or the coordinator of its municipality."""
    if user.is_coordinator and user.municipality_id == school.municipality_id:
        return True
    return user.is_staff and user.is_curator and user.school_id == school.pk


@transaction.atomic
def registrations_save(*, school, by, values: dict[int, int | None]) -> int:
    """{target id: registered people} for one school; an empty value removes the figure. Returns how many changed."""
    if not may_enter_registrations(by, school):
        raise PermissionDenied("Сведения о регистрации вносит куратор школы или координатор района.")
    targets = {t.pk: t for t in RegistrationTarget.objects.filter(municipality_id=school.municipality_id, pk__in=values)}
    if len(targets) != len(values):
        raise ValidationError("Цель относится к другому муниципалитету.")
    changed = 0
    for target_id, registered in values.items():
        target = targets[target_id]
        if registered is None:
            changed += SchoolRegistration.objects.filter(target=target, school=school).delete()[0]
            continue
        if target.group == TargetGroup.CURATORS and registered > 1:
            raise ValidationError(f"«{target}»: куратор в школе один — укажите 0 или 1.")
        SchoolRegistration.objects.update_or_create(
            target=target, school=school, defaults={"registered": registered, "updated_by": by}
        )
        changed += 1
    return changed


# --- the help channel: a school asks, the district answers


NO_TEXT = "Напишите текст сообщения."


def may_read_question(user, question) -> bool:
    if user.is_coordinator and user.municipality_id == question.school.municipality_id:
        return True
    return user.is_staff and user.school_id == question.school_id


@transaction.atomic
def question_ask(*, by, topic: str, subject: str, text: str) -> HelpQuestion:
    if not (by.is_staff and by.school_id and by.is_curator):
        raise PermissionDenied("Вопрос району задаёт куратор школы.")
    if not text.strip():
        raise ValidationError({"text": NO_TEXT})
    question = HelpQuestion(school=by.school, topic=topic, subject=" ".join(subject.split()), asked_by=by)
    question.full_clean()
    question.save()
    HelpMessage.objects.create(question=question, author=by, text=text.strip())
    return question


@transaction.atomic
def message_add(*, question: HelpQuestion, by, text: str) -> HelpMessage:
    """A reply in the thread: from the coordinator of the school's district or from the school's curator;
    the question is open again if it was closed."""
    question = HelpQuestion.objects.select_for_update().select_related("school").get(pk=question.pk)
    from_district = bool(by.is_coordinator and by.municipality_id == question.school.municipality_id)
    if not (from_district or (by.is_staff and by.is_curator and by.school_id == question.school_id)):
        raise PermissionDenied("Отвечать может куратор школы или координатор района.")
    if not text.strip():
        raise ValidationError({"text": NO_TEXT})
    message = HelpMessage.objects.create(question=question, author=by, text=text.strip(), from_district=from_district)
    question.last_message_at, question.answered, question.closed_at = message.created_at, from_district, None
    question.save(update_fields=["last_message_at", "answered", "closed_at"])
    return message


@transaction.atomic
def question_close(*, question: HelpQuestion, by, now: datetime.datetime | None = None) -> None:
    if not may_read_question(by, question) or not (by.is_coordinator or by.is_curator):
        raise PermissionDenied("Закрыть вопрос может куратор школы или координатор района.")
    question.closed_at = now or timezone.now()
    question.save(update_fields=["closed_at"])


# --- the municipal roadmap


@transaction.atomic
def municipal_roadmap_create(*, municipality: Municipality, by, year_start: int) -> MunicipalRoadmap:
    """The district plan of seed 002 for the school year (standard.py); the coordinator edits it afterwards."""
    _check_coordinator(municipality, by)
    roadmap = MunicipalRoadmap(municipality=municipality, year_start=year_start)
    roadmap.full_clean()
    roadmap.save()
    items = []
    for number, title, rows in standard.SECTIONS:
        section = MunicipalSection.objects.create(roadmap=roadmap, number=number, title=title)
        for order, (item_number, item_title, (month, day), responsible, result) in enumerate(rows):
            year = year_start if month >= 9 else year_start + 1
            items.append(
                MunicipalItem(
                    section=section, number=item_number, title=item_title, deadline=datetime.date(year, month, day),
                    responsible=responsible, result=result, order=order,
                )
            )
    MunicipalItem.objects.bulk_create(items)
    return roadmap


@transaction.atomic
def municipal_item_update(*, item: MunicipalItem, by, deadline: datetime.date, responsible: str, result: str, status: str,
                          done_on: datetime.date | None, note: str, today: datetime.date | None = None) -> MunicipalItem:
    """A done item keeps the day it was done (today unless given); any other status has none."""
    _check_coordinator(item.section.roadmap.municipality, by)
    today = today or timezone.localdate()
    item.deadline, item.responsible, item.result, item.status, item.note = deadline, responsible.strip(), result.strip(), status, note.strip()
    if status == EventStatus.DONE:
        item.done_on = done_on or today
        if item.done_on > today:
            raise ValidationError({"done_on": "Дата выполнения не может быть позже сегодняшней."})
    else:
        item.done_on = None
    item.full_clean()
    item.save()
    return item


# --- the district's orders


@transaction.atomic
def district_order_create(*, municipality: Municipality, by, kind: str, contest: Contest | None = None,
                          roadmap: MunicipalRoadmap | None = None, appointee_name: str = "", appointee_position: str = "") -> DistrictOrder:
    """A draft of the authority's order; refused with what is missing when its text cannot be made yet."""
    _check_coordinator(municipality, by)
    if (contest and contest.municipality_id != municipality.pk) or (roadmap and roadmap.municipality_id != municipality.pk):
        raise PermissionDenied(NOT_YOURS)
    order = DistrictOrder(
        municipality=municipality, kind=kind, created_by=by,
        contest=contest if kind in (DistrictOrderKind.CONTEST, DistrictOrderKind.CONTEST_RESULTS) else None,
        roadmap=roadmap if kind == DistrictOrderKind.ROADMAP else None,
        appointee_name=" ".join(appointee_name.split()) if kind == DistrictOrderKind.COORDINATOR else "",
        appointee_position=" ".join(appointee_position.split()) if kind == DistrictOrderKind.COORDINATOR else "",
    )
    order.full_clean()
    try:
        documents.district_order_payload(order)
    except documents.NotReady as error:
        raise ValidationError(str(error)) from None
    order.save()
    return order


def _check_scan(upload) -> None:
    if upload is None:
        raise ValidationError({"scan": "Загрузите скан подписанного приказа (PDF)."})
    if upload.size > MAX_MATERIALS_BYTES:
        raise ValidationError({"scan": "Файл больше 20 МБ."})
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"scan": "Это не файл PDF. Отсканируйте приказ в PDF и загрузите снова."})


@transaction.atomic
def district_order_sign(*, order: DistrictOrder, by, number: str, date: datetime.date, scan, now=None) -> DistrictOrder:
    """Record the head's signature: number, date and the signed scan; the text is frozen as it stands."""
    order = DistrictOrder.objects.select_for_update().select_related("municipality").get(pk=order.pk)
    _check_coordinator(order.municipality, by)
    if order.is_signed:
        raise ValidationError("Приказ уже подписан.")
    today = timezone.localdate()
    if date > today:
        raise ValidationError({"date": "Дата подписания не может быть позже сегодняшней."})
    _check_scan(scan)
    number = " ".join(number.split())
    if DistrictOrder.objects.filter(municipality=order.municipality, year=date.year, number=number, status=DistrictOrderStatus.SIGNED).exists():
        raise ValidationError({"number": f"Приказ № {number} в {date.year} году уже зарегистрирован."})
    order.number, order.date, order.year = number, date, date.year
    order.status = DistrictOrderStatus.SIGNED
    try:
        order.payload = documents.district_order_payload(order)
    except documents.NotReady as error:
        raise ValidationError(str(error)) from None
    order.payload["status"] = DistrictOrderStatus.SIGNED
    order.scan = scan
    order.signed_recorded_at = now or timezone.now()
    order.full_clean(exclude=["scan"])
    order.save()
    return order


@transaction.atomic
def district_order_delete(*, order: DistrictOrder, by) -> None:
    _check_coordinator(order.municipality, by)
    if order.is_signed:
        raise ValidationError("Подписанный приказ не удаляется: он зарегистрирован.")
    order.delete()


def next_order_number(municipality, year: int) -> str:
    """A suggestion: one more than the signed orders of the year."""
    return f"{DistrictOrder.objects.filter(municipality=municipality, year=year, status=DistrictOrderStatus.SIGNED).count() + 1}-од"
