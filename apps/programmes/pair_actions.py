"""The programme's part of the pair's flow: «Создать программу по шаблону» on the pair list (with its
confirmation page) and as the next step of a working pair without a programme on its page.
Programmes is above pairs, so it adds both to the pair admin itself (apps/core/admin_actions.py,
apps/pairs/flow.py); apps/programmes/admin.py imports this module."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from apps.core.admin_actions import add_action
from apps.core.admin_shared import user_scope
from apps.pairs.admin import PairAdmin
from apps.pairs.admin_flow import PlanRow, action_confirmed, confirm_action
from apps.pairs.flow import FlowAction, add_working_step

from .models import Programme
from .services import programme_create_from_template, template_for_pair


def may_create_programmes(user) -> bool:
    return user.has_perm("programmes.add_programme") and user_scope(user).can_write


def programme_step(pair, request) -> FlowAction | None:
    """A working pair without a programme: create it from the template of its form."""
    if Programme.objects.filter(pair=pair).exists():
        return None
    # The page's button is for the school's own curator (views.pair_programme_create); the administrator has the list action.
    may = may_create_programmes(request.user) and request.user.school_id == pair.school_id
    url = reverse("programmes:pair_programme_create", args=[pair.pk]) if may else ""
    return FlowAction(
        "Создать программу по шаблону",
        note="Программы ещё нет: она строится по шаблону формы наставничества и запросам наставляемых, потом её уточняют с наставником.",
        url=url,
        post=True,
    )


add_working_step("programme", programme_step, rank=10)


class _Templates:
    """The template each pair's programme would be built from, looked up once per school and form."""

    def __init__(self):
        self.found = {}

    def for_pair(self, pair):
        key = (pair.school_id, pair.form_id)
        if key not in self.found:
            template = template_for_pair(pair)
            if template is not None:
                template.plan_size = template.activities.aggregate(n=Count("pk"))["n"]
            self.found[key] = template
        return self.found[key]


@admin.action(description="Создать программу по шаблону", permissions=["change"])
def create_programmes(modeladmin, request, queryset):
    if not may_create_programmes(request.user):
        modeladmin.message_user(request, "Нет права создавать программы.", messages.ERROR)
        return None
    pairs = list(queryset)
    having = set(Programme.objects.filter(pair__in=[p.pk for p in pairs]).values_list("pair_id", flat=True))
    templates = _Templates()
    rows = []
    for pair in pairs:
        if not pair.is_open:
            rows.append(PlanRow(pair, skipped=f"пара {pair.get_status_display()}"))
        elif pair.pk in having:
            rows.append(PlanRow(pair, skipped="программа уже есть"))
        elif (template := templates.for_pair(pair)) is None:
            rows.append(PlanRow(pair, skipped=f"нет шаблона программы для формы «{pair.form.name}»"))
        else:
            rows.append(PlanRow(pair, does=[f"программа по шаблону «{template.title}», мероприятий: {template.plan_size}"]))
    if not action_confirmed(request):
        return confirm_action(
            modeladmin,
            request,
            action="create_programmes",
            title="Создать программы по шаблону",
            intro="Программа заполняется из шаблона формы наставничества и запросов наставляемых; сроки мероприятий "
            "распределяются по сроку пары. Потом проверьте её вместе с наставником.",
            rows=rows,
            submit="Создать программы",
        )
    created = 0
    for row in rows:
        if row.skipped:
            continue
        try:
            with transaction.atomic():
                programme = programme_create_from_template(pair=row.pair)
        except ValidationError as error:
            modeladmin.message_user(request, f"«{row.pair}»: {' '.join(error.messages)}", messages.ERROR)
            continue
        modeladmin.log_addition(request, programme, [{"added": {}}])
        created += 1
    if created:
        modeladmin.message_user(request, f"Создано программ по шаблону: {created}. Проверьте их вместе с наставниками.", messages.SUCCESS)
    return None


add_action(PairAdmin, create_programmes, after="activate_pairs")
