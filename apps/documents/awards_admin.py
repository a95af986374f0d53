"""The order о поощрении наставников in the back-office: the mentors of a draft (an inline on the order's page)
and the action on the mentor bank that makes the draft from the selected mentors (the bank's admin adds it).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from apps.schools.admin_scope import SchoolScopedTabularInline, user_scope

from .award_services import award_save, awards_order_create
from .awards import mentor_refusals
from .models import MentorAward, OrderStatus


class MentorAwardForm(forms.ModelForm):
    class Meta:
        model = MentorAward
        fields = ["mentor", "kind", "reason"]

    def clean(self):
        """The rule of awards.py, asked as the service will ask it, so the curator sees why beside the row."""
        cleaned = super().clean()
        mentor, order = cleaned.get("mentor"), self.instance.order if self.instance.order_id else None
        if mentor is not None and order is not None:
            for refusal in mentor_refusals(school=order.school, mentors=[mentor], on=order.date or timezone.localdate()):
                self.add_error("mentor", f"Нельзя поощрить: {'; '.join(refusal.reasons)}.")
        return cleaned


class MentorAwardFormSet(BaseInlineFormSet):
    """Every row is written through `award_save` (the one writer with the rule)."""

    def save_new(self, form, commit=True):
        return award_save(award=form.save(commit=False))

    def save_existing(self, form, obj, commit=True):
        return award_save(award=form.save(commit=False))


class MentorAwardInline(SchoolScopedTabularInline):
    model = MentorAward
    form = MentorAwardForm
    formset = MentorAwardFormSet
    extra = 0
    fields = ["mentor", "kind", "reason"]
    verbose_name = "поощряемый наставник"
    verbose_name_plural = "поощряемые наставники"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mentor__teacher")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "mentor" and field is not None:
            field.queryset = field.queryset.select_related("teacher").order_by("teacher__last_name", "teacher__first_name", "pk")
        return field

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.status == OrderStatus.DRAFT) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return (obj is None or obj.status == OrderStatus.DRAFT) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.status == OrderStatus.DRAFT) and super().has_delete_permission(request, obj)


@admin.action(description="Подготовить приказ о поощрении наставников", permissions=["view"])
def prepare_awards_order(modeladmin, request, queryset):
    """The selected mentors into a new draft order о поощрении (благодарность each; the order's page changes it)."""
    school_id = user_scope(request.user).school_id
    if not (school_id and request.user.has_perm("documents.add_order") and user_scope(request.user).can_write):
        modeladmin.message_user(request, "Нет права готовить приказы.", messages.ERROR)
        return None
    mentors = list(queryset.select_related("teacher", "school"))
    if not mentors:
        modeladmin.message_user(request, "Выберите наставников своей организации.", messages.ERROR)
        return None
    try:
        with transaction.atomic():
            order = awards_order_create(school=mentors[0].school, mentors=mentors, by=request.user)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None
    for refusal in order.refused_mentors:
        modeladmin.message_user(request, f"Не включён наставник {refusal.text}.", messages.WARNING)
    modeladmin.message_user(
        request,
        f"Подготовлен проект приказа о поощрении наставников: включено наставников — {len(mentors) - len(order.refused_mentors)}. "
        "Выберите вид поощрения (благодарность или почётная грамота) и формулировку для каждого.",
        messages.SUCCESS,
    )
    return redirect(reverse("admin:documents_order_change", args=[order.pk]))


def mentor_awards_display(mentor) -> str:
    """The mentor's card: every award of signed orders, newest first, and drafts in preparation."""
    awards = sorted(
        mentor.awards.select_related("order"),
        key=lambda a: (a.order.status != OrderStatus.SIGNED, -(a.order.date.toordinal() if a.order.date else 0), -a.pk),
    )
    if not awards:
        return "—"
    return format_html(
        "<ul class='mb-0'>{}</ul>",
        format_html_join(
            "",
            "<li>{}{} — <a href='{}'>приказ о поощрении наставников {}</a></li>",
            (
                (
                    award.get_kind_display().capitalize(),
                    f" ({award.reason})" if award.reason else "",
                    reverse("admin:documents_order_change", args=[award.order_id]),
                    award.order.designation,
                )
                for award in awards
            ),
        ),
    )
