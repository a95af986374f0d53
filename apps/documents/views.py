"""Downloads for the curator and the director, and the public verification page of an order."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from apps.core.admin_shared import user_scope
from apps.core.files import stored_file_response
from apps.core.site import site_url
from apps.pairs.models import Pair
from apps.roadmap.models import Event
from apps.schools.models import PartnerOrganisation, School, Teacher

from . import documents
from .models import Order, OrderKind
from .order_jobs import order_filename, order_pdf_job, renders_in_background
from .partner_agreement import partner_agreement_pdf
from .selectors import DENIED, default_pairs, documents_staff_required, get_reachable
from .services import order_create, order_include_pair, order_kind_for_event
from .verification import order_verification


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    # The browser shows the PDF and saves it under a readable name.
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@documents_staff_required
def order_pdf(request, pk):
    """A signed order: the very file whose checksum the verification page shows. A draft: rendered now, or
    by the worker when it has many pairs (order_jobs.py): then the button leads to the job's page."""
    order = get_reachable(request.user, Order.objects.select_related("school"), pk=pk)
    if order.made_outside:  # signed on paper outside the portal: its scan is the document
        return order_scan(request, pk)
    if order.is_signed and order.pdf:
        return stored_file_response(order.pdf, filename=order_filename(order), content_type="application/pdf", attachment=False)
    if not renders_in_background(order):
        return _pdf_response(documents.order_pdf(order=order, site_url=site_url(request)), order_filename(order))
    job = order_pdf_job(order=order, site_url=site_url(request), by=request.user)
    if order.is_signed and job.result_file:  # made once already: the same file at once
        return stored_file_response(job.result_file, filename=order_filename(order), content_type="application/pdf", attachment=False)
    return redirect("jobs:detail", pk=job.pk)


@require_GET
@documents_staff_required
def order_scan(request, pk):
    order = get_reachable(request.user, Order.objects.all(), pk=pk)
    extension = order.scan.name.rsplit(".", 1)[-1] if order.scan else ""
    return stored_file_response(order.scan, filename=f"Скан приказа № {order.number}.{extension}", attachment=False)


@require_GET
def verify(request, token):
    """Public: what a printed order's QR code leads to. School, kind, heading, number, date, status and
    checksum; no person's name."""
    order = get_object_or_404(Order.objects.select_related("school"), token=token)
    response = render(request, "documents/verify.html", {"order": order_verification(order)})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _may_prepare(user) -> bool:
    return user.has_perm("documents.add_order") and user_scope(user).can_write


@require_POST
@documents_staff_required
def pair_order_include(request, pk):
    """«Включить в приказ о закреплении», the next step on the curator's pair page: into the draft order, or a new one."""
    if not _may_prepare(request.user):
        raise PermissionDenied(DENIED)
    pair = get_reachable(request.user, Pair.objects.select_related("school"), pk=pk)
    try:
        order, created = order_include_pair(pair=pair, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        where = "Создан проект приказа о закреплении с этой парой" if created else "Пара добавлена в проект приказа о закреплении"
        messages.success(request, f"{where} (пар и групп в нём: {order.pairs.count()}). Когда все пары внесены, передайте его директору на подпись.")
    return redirect(reverse("admin:pairs_pair_change", args=[pair.pk]))


# The address of the former «Сформировать приказ о закреплении» on the pair's page: one way in, the same as the strip's.
pair_order_create = pair_order_include


@require_POST
@documents_staff_required
def event_order_create(request, pk):
    """The order a roadmap event results in, as a draft linked to the event."""
    if not _may_prepare(request.user):
        raise PermissionDenied(DENIED)
    event = get_reachable(request.user, Event.objects.select_related("stage__roadmap__school"), "stage__roadmap__school", pk=pk)
    kind = order_kind_for_event(event)
    if kind is None:
        raise Http404("Результат этого мероприятия — не приказ.")
    school = event.stage.roadmap.school
    try:
        order = order_create(
            school=school,
            kind=kind,
            event=event,
            roadmap=event.stage.roadmap if kind == OrderKind.REGULATIONS else None,
            pairs=default_pairs(school=school, kind=kind),
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("admin:roadmap_event_change", args=[event.pk]))
    messages.success(request, f"Проект приказа {order.get_kind_display()} создан и связан с мероприятием.")
    if order.refused_pairs:
        messages.warning(request, f"Не включены пар и групп: {len(order.refused_pairs)} — причины на странице приказа.")
    return redirect(reverse("admin:documents_order_change", args=[order.pk]))


@require_GET
@documents_staff_required
def pair_programme(request, pk):
    pair = get_reachable(request.user, Pair.objects.select_related("school"), pk=pk)
    return _pdf_response(documents.programme_pdf(pair=pair), f"Программа наставничества {pair.mentor_id}-{pair.pk}.pdf")


@require_GET
@documents_staff_required
def teacher_document(request, pk, kind):
    """A consent or an agreement for one teacher (`?pair=ID` fills in the pair)."""
    render_document = documents.PERSON_DOCUMENTS.get(kind)
    if render_document is None:
        raise Http404("Нет такого документа.")
    teacher = get_reachable(request.user, Teacher.objects.select_related("school"), pk=pk)
    if kind == "employment_agreement" and not teacher.is_staff_member:
        raise Http404("Дополнительное соглашение к трудовому договору заключают только с работником организации.")
    kwargs = {}
    pair_id = request.GET.get("pair")
    if pair_id and kind not in documents.PERSON_DOCUMENTS_WITHOUT_PAIR:
        if not pair_id.isdecimal():
            raise Http404("Нет такой пары.")
        kwargs["pair"] = get_reachable(request.user, Pair.objects.filter(school=teacher.school), pk=pair_id)
    pdf = render_document(teacher=teacher, **kwargs)
    return _pdf_response(pdf, f"{documents.PERSON_DOCUMENT_TITLES[kind]} — {teacher.short_name}.pdf")


@require_GET
@documents_staff_required
def regulations(request):
    """The school's Положение о системе наставничества (the administrator names the school: ?school=slug)."""
    if request.user.school_id:
        school = request.user.school
    else:
        school = get_object_or_404(School, slug=request.GET.get("school", ""))
    return _pdf_response(documents.regulations_pdf(school=school), "Положение о системе наставничества.pdf")


@require_GET
@documents_staff_required
def school_programme(request):
    """The school's Программа наставничества (the administrator names the school: ?school=slug)."""
    if request.user.school_id:
        school = request.user.school
    else:
        school = get_object_or_404(School, slug=request.GET.get("school", ""))
    return _pdf_response(documents.school_programme_pdf(school=school), "Программа наставничества.pdf")


@require_GET
@documents_staff_required
def partner_agreement(request, pk):
    """«Соглашение о сотрудничестве» with one of the school's partner organisations, ready to sign."""
    partner = get_reachable(request.user, PartnerOrganisation.objects.select_related("school"), pk=pk)
    return _pdf_response(partner_agreement_pdf(partner=partner), f"Соглашение о сотрудничестве — {partner.short_name}.pdf")
