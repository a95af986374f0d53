"""«Создать программу по шаблону» on the pair list: programmes is above pairs, so it adds the action
to the pair admin itself (apps/core/admin_actions.py); apps/programmes/admin.py imports this module."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.admin_actions import add_action
from apps.pairs.admin import PairAdmin

from .models import Programme
from .services import programme_create_from_template


@admin.action(description="Создать программу по шаблону", permissions=["change"])
def create_programmes(modeladmin, request, queryset):
    if not request.user.has_perm("programmes.add_programme"):
        modeladmin.message_user(request, "Нет права создавать программы.", messages.ERROR)
        return
    having = set(Programme.objects.filter(pair__in=queryset).values_list("pair_id", flat=True))
    created = 0
    for pair in queryset:
        if pair.pk in having:
            modeladmin.message_user(request, f"«{pair}»: программа уже есть.", messages.WARNING)
            continue
        try:
            with transaction.atomic():
                programme = programme_create_from_template(pair=pair)
        except ValidationError as error:
            modeladmin.message_user(request, f"«{pair}»: {' '.join(error.messages)}", messages.ERROR)
            continue
        modeladmin.log_addition(request, programme, [{"added": {}}])
        created += 1
    if created:
        modeladmin.message_user(request, f"Создано программ по шаблону: {created}. Проверьте их вместе с наставниками.", messages.SUCCESS)


add_action(PairAdmin, create_programmes, after="activate_pairs")
