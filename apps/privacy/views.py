from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.xlsx import xlsx_response
from apps.schools.models import Teacher

from .exports import teacher_data_xlsx


@require_GET
@never_cache
@login_required
def export(request):
    """«Мои данные»: the signed-in teacher downloads everything the portal holds about them."""
    teacher = (
        Teacher.objects.select_related("school", "user", "mentor", "mentee__preferred_form").filter(user=request.user).first()
    )
    if teacher is None:
        return render(request, "privacy/no_card.html", status=404)
    today = timezone.localdate()
    content = teacher_data_xlsx(teacher=teacher, today=today)
    return xlsx_response(
        content,
        filename=f"Мои данные — {teacher.short_name} — {today:%d.%m.%Y}.xlsx",
        ascii_filename=f"moi-dannye-{today:%Y-%m-%d}.xlsx",
    )
