"""Pages of network mentoring: a school's requests and network pairs (/setevoe/), the curator's request, the
decisions of the mentor's school; the coordinator's list and proposal from the mentor registry (/rayon/set/)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.access import coordinator_required, school_staff_required
from apps.core.xlsx import content_disposition
from apps.matching.selectors import waiting_mentees
from apps.mentors.models import Mentor

from .agreement import agreement_filename, agreement_pdf
from .forms import AcceptForm, AskForm, DeclineForm, ProposeForm, RequestFilterForm, WithdrawForm
from .models import NetworkRequest, RequestStatus
from .selectors import (
    askable_mentees,
    network_pairs,
    partner_mentors,
    request_for_municipality,
    request_for_school,
    school_requests,
)
from .services import network_request_accept, network_request_create, network_request_decline, network_request_withdraw


def _errors(form, error: ValidationError) -> None:
    """A service's refusal on the form: per field where it names one the form has, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# --- the school's page ---------------------------------------------------------------------------


@school_staff_required("pairs.view_pair")
def index(request, *, forms=None):
    school = request.school
    lists = school_requests(school=school)
    may_decide = request.user.has_perm("pairs.add_pair")
    today = timezone.localdate()
    forms = forms or {}
    for item in lists["incoming_pending"]:
        item.accept_form = forms.get(("accept", item.pk)) or AcceptForm.for_request(item, today=today, prefix=f"a{item.pk}")
        item.decline_form = forms.get(("decline", item.pk)) or DeclineForm(prefix=f"d{item.pk}")
    context = {
        "school": school,
        **lists,
        "pairs": list(network_pairs(school=school)),
        "may_decide": may_decide,
    }
    return render(request, "network/index.html", context, status=400 if forms else 200)


@school_staff_required("pairs.add_pair")
def ask(request):
    """The mentee's curator asks a partner school for one of its mentors (also from the matching page)."""
    school = request.school
    filter_form = RequestFilterForm(request.GET or None)
    chosen = filter_form.chosen()
    mentees = waiting_mentees(school=school).exclude(network_requests__status=RequestStatus.PENDING)
    form = AskForm(request.POST or None, mentees=mentees, mentors=partner_mentors(school=school, request=chosen))
    if request.method == "POST" and form.is_valid():
        try:
            network_request_create(requested_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Запрос отправлен куратору школы наставника. Решение появится на этой странице.")
            return redirect("network:index")
    status = 400 if request.method == "POST" else 200
    return render(request, "network/ask.html", {"form": form, "filter_form": filter_form, "school": school}, status=status)


def _incoming(request, pk) -> NetworkRequest:
    """A pending-or-not request for a mentor of the user's school; any other is 404."""
    item = request_for_school(school=request.school, pk=pk)
    if item.mentor.school_id != request.school.pk:
        raise Http404("Решение по запросу принимает школа наставника.")
    return item


@require_POST
@school_staff_required("pairs.add_pair")
def accept(request, pk):
    item = _incoming(request, pk)
    form = AcceptForm(request.POST, prefix=f"a{item.pk}")
    if form.is_valid():
        try:
            network_request_accept(
                request=item,
                decided_by=request.user,
                started_on=form.cleaned_data["started_on"],
                planned_end_on=form.cleaned_data["planned_end_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request,
                f"Запрос принят: пара сформирована в {item.mentee.school.short_name}. Согласия участников и приказ оформляет куратор этой школы.",
            )
            return redirect("network:index")
    return index(request, forms={("accept", item.pk): form})


@require_POST
@school_staff_required("pairs.add_pair")
def decline(request, pk):
    item = _incoming(request, pk)
    form = DeclineForm(request.POST, prefix=f"d{item.pk}")
    if form.is_valid():
        try:
            network_request_decline(request=item, decided_by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Запрос отклонён; школа, которая просила наставника, увидит причину.")
            return redirect("network:index")
    return index(request, forms={("decline", item.pk): form})


@require_POST
@school_staff_required("pairs.add_pair")
def withdraw(request, pk):
    item = request_for_school(school=request.school, pk=pk)
    if item.mentee.school_id != request.school.pk:
        raise Http404("Отозвать запрос может школа наставляемого.")
    _withdraw(request, item)
    return redirect("network:index")


def _withdraw(request, item) -> None:
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        network_request_withdraw(request=item, withdrawn_by=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Запрос отозван.")


def _agreement_response(item: NetworkRequest) -> HttpResponse:
    if item.status != RequestStatus.ACCEPTED or item.pair_id is None:
        raise Http404("Договор готовится, когда школа наставника приняла запрос.")
    response = HttpResponse(agreement_pdf(request=item), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(*agreement_filename(item), inline=True)
    response["Cache-Control"] = "private, no-store"
    return response


@school_staff_required("pairs.view_pair")
def agreement(request, pk):
    return _agreement_response(request_for_school(school=request.school, pk=pk))


# --- the coordinator -----------------------------------------------------------------------------


@coordinator_required
def district(request):
    requests = NetworkRequest.objects.with_people().of_municipality(request.municipality).order_by("-requested_at", "-pk")
    return render(request, "network/district.html", {"municipality": request.municipality, "requests": list(requests)})


@coordinator_required
def propose(request, mentor_pk):
    """«Предложить» in the district's mentor registry: this mentor for a waiting mentee of another school."""
    municipality = request.municipality
    mentor = get_object_or_404(
        Mentor.objects.select_related("teacher", "school"), pk=mentor_pk, school__municipality=municipality
    )
    filter_form = RequestFilterForm(request.GET or None)
    chosen = filter_form.chosen()
    mentees = askable_mentees(municipality=municipality, exclude_school=mentor.school, request=chosen)
    form = ProposeForm(request.POST or None, mentees=mentees)
    if request.method == "POST" and form.is_valid():
        try:
            network_request_create(mentor=mentor, requested_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request, f"Предложение отправлено куратору {mentor.school.short_name}: он примет или отклонит запрос."
            )
            return redirect("network:district")
    context = {"municipality": municipality, "mentor": mentor, "form": form, "chosen": chosen, "filter_form": filter_form}
    return render(request, "network/propose.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@coordinator_required
def district_withdraw(request, pk):
    _withdraw(request, request_for_municipality(municipality=request.municipality, pk=pk))
    return redirect("network:district")


@coordinator_required
def district_agreement(request, pk):
    return _agreement_response(request_for_municipality(municipality=request.municipality, pk=pk))
