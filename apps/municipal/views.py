"""The coordinator's contest pages (/rayon/konkurs/), the schools' and the jury's (/konkurs/), and the
settings of the district's public page (/rayon/sayt/). Views only fetch, validate and call a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.access import coordinator_required
from apps.core.files import stored_file_response
from apps.core.school_years import year_from_request, year_links
from apps.core.xlsx import content_disposition
from apps.roadmap.selectors import school_year_months

from . import documents, selectors, services
from .forms import (
    ApplicationForm,
    ContestForm,
    DistrictOrderForm,
    DistrictPageForm,
    JuryForm,
    MessageForm,
    MunicipalItemForm,
    QuestionForm,
    RegistrationsForm,
    ScoresForm,
    SignForm,
    TargetForm,
)
from .models import Application, DistrictOrder, DistrictPage, HelpQuestion, MunicipalItem, MunicipalRoadmap


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def _contest_or_404(request, pk):
    contest = selectors.contest_of(request.municipality, pk)
    if contest is None:
        raise Http404("Такого конкурса нет.")
    return contest


# --- the coordinator


@coordinator_required
def contests(request):
    return render(request, "municipal/contests.html", {"contests": selectors.contests_of(request.municipality)})


@coordinator_required
def contest_edit(request, pk=None):
    contest = _contest_or_404(request, pk) if pk else None
    form = ContestForm(request.POST or None, initial=ContestForm.initial_for(contest))
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.contest_save(municipality=request.municipality, contest=contest, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Конкурс сохранён.")
            return redirect("rayon_konkurs:detail", pk=contest.pk)
    return render(request, "municipal/contest_form.html", {"form": form, "contest": contest})


@coordinator_required
def contest_detail(request, pk):
    contest = _contest_or_404(request, pk)
    jury_form = JuryForm(request.POST or None, contest=contest, initial={"jury": list(contest.jury.all())})
    if request.method == "POST" and jury_form.is_valid():
        try:
            services.contest_jury_set(contest=contest, by=request.user, members=jury_form.cleaned_data["jury"])
        except ValidationError as error:
            _form_errors(jury_form, error)
        else:
            messages.success(request, "Состав жюри сохранён.")
            return redirect("rayon_konkurs:detail", pk=contest.pk)
    applications = list(selectors.contest_applications(contest))
    criteria = list(contest.criteria.all())
    jury = list(contest.jury.all())
    expected = len(criteria) * len(jury)
    return render(
        request,
        "municipal/contest_detail.html",
        {
            "contest": contest,
            "jury_form": jury_form,
            "applications": applications,
            "criteria": criteria,
            "jury": jury,
            "expected_scores": expected,
            "nominations": list(contest.nominations.all()),
        },
    )


@require_POST
@coordinator_required
def contest_publish(request, pk):
    contest = _contest_or_404(request, pk)
    try:
        services.contest_results_publish(contest=contest, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Итоги подведены и опубликованы на странице района.")
    return redirect("rayon_konkurs:detail", pk=contest.pk)


@coordinator_required
def district_page(request):
    municipality = request.municipality
    page = DistrictPage.objects.filter(municipality=municipality).first()
    initial = {"slug": municipality.slug or "", "intro": page.intro if page else "", "embed_origins": page.embed_origins if page else ""}
    form = DistrictPageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.district_page_save(municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Страница района сохранена.")
            return redirect("rayon_konkurs:district_page")
    return render(request, "municipal/district_page.html", {"form": form, "municipality": municipality})


# --- the schools and the jury


def _school_contest(request, pk):
    contest = selectors.contests_for_user(request.user).filter(pk=pk).first()
    if contest is None:
        raise Http404("Такого конкурса нет.")
    return contest


@login_required
def school_contests(request):
    user = request.user
    if not (user.is_staff and (user.school_id or user.municipality_id)):
        raise PermissionDenied("Эта страница доступна сотрудникам школ и координатору района.")
    contest_list = list(selectors.contests_for_user(user))
    judged = selectors.judged_by(user)
    own = list(selectors.school_applications(user.school)) if user.school_id else []
    for contest in contest_list:
        contest.is_juror = contest.pk in judged
        contest.own_applications = [application for application in own if application.contest_id == contest.pk]
    return render(
        request,
        "municipal/school_contests.html",
        {"contests": contest_list, "today": timezone.localdate(), "may_apply": user.is_curator and user.school_id},
    )


@login_required
def application_new(request, pk):
    user = request.user
    if not (user.is_staff and user.school_id and user.is_curator):
        raise PermissionDenied("Заявку на конкурс подаёт куратор школы.")
    contest = _school_contest(request, pk)
    form = ApplicationForm(request.POST or None, request.FILES or None, contest=contest, school=user.school)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(contest=contest, by=user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Заявка подана.")
            return redirect("konkurs:list")
    return render(request, "municipal/application_form.html", {"form": form, "contest": contest, "open": contest.accepts_applications(timezone.localdate())})


@login_required
def scoring(request, pk):
    contest = _school_contest(request, pk)
    if not contest.jury.filter(pk=request.user.pk).exists():
        raise PermissionDenied("Оценивать заявки может только член жюри конкурса.")
    applications = list(selectors.contest_applications(contest))
    criteria = list(contest.criteria.all())
    form = ScoresForm(
        request.POST or None, applications=applications, criteria=criteria,
        existing=selectors.juror_scores(contest, request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.scores_save(contest=contest, juror=request.user, values=form.values())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Оценки сохранены: {saved}.")
            return redirect("konkurs:scoring", pk=contest.pk)
    return render(request, "municipal/scoring.html", {"contest": contest, "form": form, "criteria": criteria})


@login_required
def materials(request, pk):
    """An application's PDF: for its school's staff, the contest's jury and the district's coordinator."""
    user = request.user
    application = Application.objects.select_related("contest", "school").filter(pk=pk).first()
    if application is None:
        raise Http404("Такой заявки нет.")
    contest = application.contest
    allowed = (
        (user.is_staff and user.school_id == application.school_id)
        or (user.is_coordinator and user.municipality_id == contest.municipality_id)
        or contest.jury.filter(pk=user.pk).exists()
    )
    if not allowed:
        raise Http404("Такой заявки нет.")
    return stored_file_response(application.materials, filename=f"{application.title[:120]}.pdf", content_type="application/pdf")


# --- registration targets (seed 002, items 6.2–6.3)


def _registrations_post(request, *, schools, targets):
    existing = selectors.registrations_of(targets, schools)
    form = RegistrationsForm(request.POST or None, schools=schools, targets=targets, existing=existing, prefix="reg")
    if request.method == "POST" and "save_registrations" in request.POST and form.is_valid():
        try:
            for school in schools:
                services.registrations_save(school=school, by=request.user, values=form.values_by_school().get(school.pk, {}))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Сведения о регистрации сохранены.")
            return form, True
    return form, False


@coordinator_required
def targets(request):
    municipality = request.municipality
    year = year_from_request(request, today=timezone.localdate())
    back = f"{request.path}?year={year.start}"
    target_form = TargetForm(request.POST if "add_target" in request.POST else None)
    if request.method == "POST" and "add_target" in request.POST and target_form.is_valid():
        try:
            services.target_add(municipality=municipality, by=request.user, year_start=year.start, **target_form.cleaned_data)
        except ValidationError as error:
            _form_errors(target_form, error)
        else:
            messages.success(request, "Цель добавлена.")
            return redirect(back)
    if request.method == "POST" and "from_plan" in request.POST:
        added = services.targets_from_plan(municipality=municipality, by=request.user, year_start=year.start)
        messages.success(request, f"Цели по плану района добавлены: {added}." if added else "Цели по плану района уже есть.")
        return redirect(back)
    if request.method == "POST" and "delete_target" in request.POST:
        target = selectors.targets_of(municipality, year.start).filter(pk=request.POST.get("delete_target", "0")).first()
        if target is None:
            raise Http404("Такой цели нет.")
        services.target_delete(target=target, by=request.user)
        messages.success(request, "Цель удалена вместе с внесёнными сведениями.")
        return redirect(back)
    target_list = list(selectors.targets_of(municipality, year.start))
    schools = list(municipality.schools.order_by("short_name", "pk"))
    form, saved = _registrations_post(request, schools=schools, targets=target_list)
    if saved:
        return redirect(back)
    return render(
        request,
        "municipal/targets.html",
        {"municipality": municipality, "year": year, "targets": target_list, "target_form": target_form, "form": form,
         "years": year_links(request, years=selectors.target_years(municipality, today=timezone.localdate()), selected=year)},
    )


@login_required
def school_registrations(request):
    """The school's curator enters how many of its people are registered, against the district's targets."""
    user = request.user
    if not (user.is_staff and user.school_id):
        raise PermissionDenied("Эта страница доступна сотрудникам образовательной организации.")
    may_edit = user.is_curator
    if request.method == "POST" and not may_edit:
        raise PermissionDenied("Сведения о регистрации вносит куратор школы.")
    year = year_from_request(request, today=timezone.localdate())
    target_list = list(selectors.targets_of(user.school.municipality_id, year.start))
    form, saved = _registrations_post(request, schools=[user.school], targets=target_list)
    if saved:
        return redirect(f"{request.path}?year={year.start}")
    if not may_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request, "municipal/school_registrations.html",
        {"year": year, "targets": target_list, "form": form, "school": user.school, "may_edit": may_edit},
    )


# --- the help channel


def _question_for(request, pk):
    """The question if this user may read it; a stranger gets 404, so the page does not reveal it exists."""
    question = HelpQuestion.objects.select_related("school", "asked_by").filter(pk=pk).first()
    if question is None or not services.may_read_question(request.user, question):
        raise Http404("Такого вопроса нет.")
    return question


def _thread(request, question, *, template, back):
    form = MessageForm(request.POST or None)
    if request.method == "POST" and "close" in request.POST:
        services.question_close(question=question, by=request.user)
        messages.success(request, "Вопрос закрыт.")
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_add(question=question, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Сообщение отправлено.")
            return redirect(request.path)
    may_write = request.user.is_coordinator or request.user.is_curator
    return render(
        request, template, {"question": question, "thread": list(selectors.question_thread(question)), "form": form, "may_write": may_write}
    )


@login_required
def school_questions(request):
    user = request.user
    if not (user.is_staff and user.school_id):
        raise PermissionDenied("Эта страница доступна сотрудникам образовательной организации.")
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_ask(by=user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Вопрос отправлен в район.")
            return redirect("pomoshch:question", pk=question.pk)
    return render(
        request, "municipal/school_questions.html",
        {"questions": list(selectors.questions_of_school(user.school)), "form": form, "may_ask": user.is_curator},
    )


@login_required
def school_question(request, pk):
    if not request.user.school_id:
        raise Http404("Такого вопроса нет.")
    question = _question_for(request, pk)
    return _thread(request, question, template="municipal/question.html", back=request.path)


@coordinator_required
def district_questions(request):
    return render(request, "municipal/district_questions.html", {"questions": list(selectors.questions_of_district(request.municipality))})


@coordinator_required
def district_question(request, pk):
    question = _question_for(request, pk)
    return _thread(request, question, template="municipal/question.html", back=request.path)


# --- the municipal roadmap


@coordinator_required
def roadmap(request):
    municipality = request.municipality
    today = timezone.localdate()
    year = year_from_request(request, today=today)
    plan = MunicipalRoadmap.objects.filter(municipality=municipality, year_start=year.start).first()
    if request.method == "POST" and plan is None:
        try:
            services.municipal_roadmap_create(municipality=municipality, by=request.user, year_start=year.start)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Дорожная карта района создана по плану мероприятий; сроки и ответственных можно изменить.")
        return redirect(f"{request.path}?year={year.start}")
    sections = selectors.municipal_timeline(plan, today=today) if plan else []
    items = [item for section in sections for item in section.item_list]
    return render(
        request,
        "municipal/roadmap.html",
        {
            "municipality": municipality, "plan": plan, "year": year, "sections": sections, "months": school_year_months(year.start),
            "items_total": len(items), "items_done": sum(i.status == "done" for i in items),
            "items_overdue": sum(bool(i.overdue_days) for i in items), "columns": 12 + 5,
            "years": year_links(request, years=selectors.roadmap_years(municipality, today=today), selected=year),
        },
    )


@coordinator_required
def roadmap_item(request, pk):
    item = (
        MunicipalItem.objects.select_related("section__roadmap")
        .filter(pk=pk, section__roadmap__municipality=request.municipality)
        .first()
    )
    if item is None:
        raise Http404("Такого мероприятия нет.")
    initial = {f: getattr(item, f) for f in ("deadline", "responsible", "result", "status", "done_on", "note")}
    form = MunicipalItemForm(request.POST or None, initial=initial)
    back = f"{reverse('rayon_konkurs:roadmap')}?year={item.section.roadmap.year_start}#item-{item.pk}"
    if request.method == "POST" and form.is_valid():
        try:
            services.municipal_item_update(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Мероприятие {item.number} сохранено.")
            return redirect(back)
    return render(request, "municipal/roadmap_item.html", {"item": item, "form": form, "back": back})


# --- the district's orders


def _order_or_404(request, pk):
    order = DistrictOrder.objects.select_related("municipality", "contest", "roadmap").filter(pk=pk, municipality=request.municipality).first()
    if order is None:
        raise Http404("Такого приказа нет.")
    return order


@coordinator_required
def orders(request):
    municipality = request.municipality
    form = DistrictOrderForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.district_order_create(municipality=municipality, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Проект приказа подготовлен.")
            return redirect("rayon_konkurs:order", pk=order.pk)
    register = DistrictOrder.objects.filter(municipality=municipality).order_by("status", "-date", "-created_at")
    return render(request, "municipal/orders.html", {"form": form, "orders": list(register), "municipality": municipality})


@coordinator_required
def order_detail(request, pk):
    order = _order_or_404(request, pk)
    today = timezone.localdate()
    form = SignForm(
        request.POST or None, request.FILES or None,
        initial={"number": services.next_order_number(order.municipality, today.year), "date": today},
    )
    if request.method == "POST" and "delete" in request.POST:
        try:
            services.district_order_delete(order=order, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("rayon_konkurs:order", pk=order.pk)
        messages.success(request, "Проект приказа удалён.")
        return redirect("rayon_konkurs:orders")
    if request.method == "POST" and form.is_valid():
        try:
            services.district_order_sign(order=order, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Подписание приказа внесено: номер, дата и скан сохранены, текст закреплён.")
            return redirect("rayon_konkurs:order", pk=order.pk)
    return render(request, "municipal/order.html", {"order": order, "form": form, "doc": documents.district_order_payload(order)})


@coordinator_required
def order_pdf(request, pk):
    order = _order_or_404(request, pk)
    try:
        pdf = documents.district_order_pdf(order=order)
    except documents.NotReady as error:
        messages.error(request, str(error))
        return redirect("rayon_konkurs:order", pk=order.pk)
    name = f"Приказ № {order.number} от {order.date:%d.%m.%Y}" if order.is_signed else f"Проект приказа {order.get_kind_display()}"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"{name}.pdf", f"district-order-{order.pk}.pdf", inline=True)
    return response


@coordinator_required
def order_scan(request, pk):
    order = _order_or_404(request, pk)
    return stored_file_response(order.scan, filename=f"Приказ № {order.number} (скан).pdf", content_type="application/pdf")
