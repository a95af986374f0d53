from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from apps.consents.models import Consent, ConsentKind
from apps.events.selectors import teacher_registrations
from apps.programmes.calendar import calendar_path, calendar_valid_until
from apps.programmes.selectors import teacher_home_pairs
from apps.schools.models import Teacher
from apps.surveys.selectors import reflection_offers, self_service_surveys

from .todo import teacher_todo


@login_required
def home(request):
    """Staff go to the back-office; a teacher sees what to do, their own card, pairs and consents."""
    if request.user.is_staff:
        return redirect("admin:index")
    teacher = Teacher.objects.select_related("school", "mentor", "mentee", "calendar_key").filter(user=request.user).first()
    context = {"teacher": teacher}
    if teacher is not None:
        context["todo"] = teacher_todo(teacher=teacher)
        pairs = teacher_home_pairs(teacher)
        # «Мои наставляемые» — the pairs the teacher leads; «Мой наставник» — those they are mentored in.
        context["mentor_pairs"] = [pair for pair in pairs if pair.mentor.teacher_id == teacher.pk]
        context["mentee_pairs"] = [pair for pair in pairs if pair.mentor.teacher_id != teacher.pk]
        context["calendar_path"] = calendar_path(teacher) if pairs else None
        context["calendar_until"] = calendar_valid_until()
        consents = list(Consent.objects.filter(teacher=teacher).select_related("text"))
        active_kinds = {c.kind for c in consents if c.is_active}
        context["consents"] = consents
        context["surveys"] = self_service_surveys(teacher)
        context["registrations"] = list(teacher_registrations(teacher))
        context["reflections"] = reflection_offers(teacher)
        # Consents the teacher can give here (those about a pair are signed when the pair is formed).
        context["consent_offers"] = [
            {"kind": kind, "label": ConsentKind(kind).label}
            for kind in (ConsentKind.PERSONAL_DATA, ConsentKind.PUBLICATION)
            if kind not in active_kinds
        ]
    return render(request, "portal/home.html", context)
