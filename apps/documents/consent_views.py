"""A teacher's own printable consent forms (152-ФЗ), filled with what they gave on the portal."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from apps.schools.models import Teacher

from . import documents
from .views import _pdf_response


@require_GET
@login_required
def my_consent_form(request, kind):
    """Only the teacher's own form: the card is found by the login, so nobody reaches another's."""
    if kind not in documents.PERSON_DOCUMENTS_WITHOUT_PAIR:
        raise Http404("Нет такого бланка.")
    teacher = Teacher.objects.select_related("school").filter(user=request.user).first()
    if teacher is None:
        raise Http404("Учётная запись не связана с карточкой педагога.")
    pdf = documents.PERSON_DOCUMENTS[kind](teacher=teacher)
    return _pdf_response(pdf, f"{documents.PERSON_DOCUMENT_TITLES[kind]} — {teacher.short_name}.pdf")
