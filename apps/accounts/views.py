from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from apps.consents.models import Consent
from apps.pairs.models import Pair
from apps.schools.models import Teacher


@login_required
def home(request):
    """Staff go to the back-office; a teacher sees their own card, pairs and consents."""
    if request.user.is_staff:
        return redirect("admin:index")
    teacher = Teacher.objects.select_related("school", "mentor", "mentee").filter(user=request.user).first()
    context = {"teacher": teacher}
    if teacher is not None:
        context["pairs"] = (
            Pair.objects.open()
            .for_teacher(teacher)
            .select_related("mentor__teacher", "form", "programme")
            .prefetch_related("memberships__mentee__teacher", "programme__activities")
        )
        context["consents"] = Consent.objects.filter(teacher=teacher).select_related("text")
    return render(request, "accounts/home.html", context)
