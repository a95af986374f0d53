"""The curator manages the logins of the school's teachers from the teacher list and card.

apps/schools/admin.py puts `TeacherLoginAdminMixin` on the teacher admin: the column and filter
«Вход в портал», the actions «Пригласить в портал», «Распечатать коды первого входа», «Заблокировать
вход», «Разблокировать вход» (each first shows whom it will touch and who is skipped, and why), and
the page «Вход в портал» of one teacher, linked from the card. Every write is a service of
apps/accounts/services.py; the user admin stays the administrator's.
"""

import smtplib
from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst

from apps.core.text import plural

from . import services
from .selectors import ACTIVE, BLOCKED, INVITED, NONE, STATE_LABELS, account_refusal, block_refusal, login_state_q, teacher_login

MAIL_FAILED = "почтовый сервер ответил ошибкой, письмо не отправлено — попробуйте позже"


def link_life() -> str:
    """«7 дней»: how long an invitation's link and a printed code work (PASSWORD_RESET_TIMEOUT)."""
    days = max(settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60), 1)
    return f"{days} {plural(days, 'день', 'дня', 'дней')}"


class PortalLoginFilter(admin.SimpleListFilter):
    title = "вход в портал"
    parameter_name = "vhod"

    def lookups(self, request, model_admin):
        return [(state, STATE_LABELS[state]) for state in (NONE, INVITED, ACTIVE, BLOCKED)]

    def queryset(self, request, queryset):
        if self.value() in STATE_LABELS:
            return queryset.filter(login_state_q(self.value()))
        return queryset


@dataclass
class Plan:
    """What an action will do to the selected teachers: rows of (teacher, note)."""

    ready: list = field(default_factory=list)
    sheet: list = field(default_factory=list)  # invitations only: no e-mail, a printed code instead
    skipped: list = field(default_factory=list)


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


class TeacherLoginAdminMixin:
    """The teacher admin's part about logins (see the module's docstring)."""

    change_form_template = "admin/accounts/teacher_change_form.html"

    # --- who may

    def has_portal_login_permission(self, request, obj=None) -> bool:
        """The curator of a school (for its teachers: the queryset is the school's) and the administrator."""
        user = request.user
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        return bool(user.school_id and user.is_curator and self.has_change_permission(request))

    # --- the list

    @admin.display(description="вход в портал")
    def portal_login_display(self, obj):
        return teacher_login(obj).label

    def _chosen(self, queryset):
        return list(queryset.select_related("user", "school").order_by("last_name", "first_name", "patronymic"))

    def _confirm(self, request, *, action, title, intro, plan, submit, sections):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": self.opts,
            "plan": plan,
            "sections": sections,
            "submit": submit,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/accounts/login_action_confirm.html", context)

    @admin.action(description="Пригласить в портал", permissions=["portal_login"])
    def invite_to_portal(self, request, queryset):
        plan = Plan()
        for teacher in self._chosen(queryset):
            refusal = account_refusal(teacher)
            if refusal:
                plan.skipped.append((teacher, refusal))
            elif not teacher.email:
                plan.sheet.append((teacher, "нет e-mail"))
            else:
                again = teacher.user is not None and teacher.user.invited_at is not None
                plan.ready.append((teacher, f"{teacher.email}{' — повторно, прежняя ссылка перестанет действовать' if again else ''}"))
        if request.POST.get("confirm") != "yes":
            return self._confirm(
                request,
                action="invite_to_portal",
                title="Пригласить в портал",
                intro="Каждый получит письмо со ссылкой, по которой задаст пароль и войдёт в портал как педагог. "
                f"Ссылка действует {link_life()} и только один раз.",
                plan=plan,
                submit=f"Отправить приглашения ({len(plan.ready)})",
                sections=("Получат письмо", "Нет e-mail — им нужен лист с кодом первого входа", "Не будут приглашены"),
            )
        # The accounts are made now; the letters go as a background job, whose page the curator lands on.
        result = services.users_invite(teachers=[teacher for teacher, _ in plan.ready], by=request.user, request_or_site_url=request)
        plan.skipped += result.refused
        for teacher in result.invited:
            self.log_change(request, teacher, "Отправлено приглашение в портал.")
        self.message_user(
            request,
            f"Приглашения поставлены в очередь: {len(result.invited)}. Ход рассылки — на странице задачи.",
            messages.SUCCESS if result.invited else messages.INFO,
        )
        if plan.sheet:
            names = ", ".join(t.short_name for t, _ in plan.sheet)
            self.message_user(
                request,
                f"Без e-mail — {len(plan.sheet)} чел.: {names}. Выберите их и действие «Распечатать коды первого входа».",
                messages.WARNING,
            )
        for teacher, reason in plan.skipped:
            self.message_user(request, f"{teacher.short_name}: {reason}.", messages.WARNING)
        return redirect("jobs:detail", pk=result.jobs[0].pk) if len(result.jobs) == 1 else None

    @admin.action(description="Распечатать коды первого входа", permissions=["portal_login"])
    def print_login_codes(self, request, queryset):
        plan = Plan()
        for teacher in self._chosen(queryset):
            refusal = account_refusal(teacher)
            if refusal:
                plan.skipped.append((teacher, refusal))
            else:
                plan.ready.append((teacher, "нет e-mail" if not teacher.email else teacher.email))
        if request.POST.get("confirm") != "yes" or not plan.ready:
            return self._confirm(
                request,
                action="print_login_codes",
                title="Распечатать коды первого входа",
                intro="Для каждого будет напечатан лист с логином, одноразовым кодом и QR-кодом страницы входа. "
                f"Код действует {link_life()} и только один раз; коды, выданные раньше, перестанут действовать.",
                plan=plan,
                submit=f"Распечатать коды ({len(plan.ready)})",
                sections=("Получат код", "", "Код не будет выдан"),
            )
        issued = []
        for teacher, _ in plan.ready:
            try:
                issued.append(services.setup_code_issue(teacher=teacher, by=request.user))
            except ValidationError as error:
                plan.skipped.append((teacher, " ".join(error.messages)))
            else:
                self.log_change(request, teacher, "Выдан код первого входа в портал.")
        return self._sheet(request, issued, plan.skipped)

    def _sheet(self, request, issued, skipped):
        rows = [
            {
                "issued": item,
                "code": f"{item.code[:4]}-{item.code[4:]}",
                "url": (url := services.setup_code_url(item.user, request)),
                "qr": qr_data_uri(url),
            }
            for item in issued
        ]
        context = {
            "title": "Коды первого входа в портал",
            "rows": rows,
            "skipped": skipped,
            "code_page": request.build_absolute_uri(reverse("setup_code")),
            "back": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"),
        }
        response = TemplateResponse(request, "admin/accounts/login_sheet.html", context)
        response["Cache-Control"] = "private, no-store"  # the sheet shows live codes
        return response

    def _block_action(self, request, queryset, *, block: bool):
        plan = Plan()
        for teacher in self._chosen(queryset):
            refusal = block_refusal(teacher, request.user, block=block)
            if refusal:
                plan.skipped.append((teacher, refusal))
            else:
                plan.ready.append((teacher, teacher.user.username))
        action = "block_logins" if block else "unblock_logins"
        if request.POST.get("confirm") != "yes":
            intro = (
                "Педагог не сможет войти в портал, а уже открытые им страницы потребуют входа заново. "
                "Его карточка, пары, программы и ответы не изменятся; вход можно разблокировать."
                if block
                else "Педагог снова сможет войти в портал со своим паролем."
            )
            return self._confirm(
                request,
                action=action,
                title="Заблокировать вход" if block else "Разблокировать вход",
                intro=intro,
                plan=plan,
                submit=f"{'Заблокировать' if block else 'Разблокировать'} ({len(plan.ready)})",
                sections=("Вход будет заблокирован" if block else "Вход будет разблокирован", "", "Пропущены"),
            )
        service = services.user_block if block else services.user_unblock
        done = []
        for teacher, _ in plan.ready:
            try:
                service(teacher=teacher, by=request.user)
            except ValidationError as error:
                plan.skipped.append((teacher, " ".join(error.messages)))
            else:
                done.append(teacher)
                self.log_change(request, teacher, "Вход в портал заблокирован." if block else "Вход в портал разблокирован.")
        label = "Заблокирован вход" if block else "Разблокирован вход"
        self.message_user(request, f"{label}: {len(done)} чел.", messages.SUCCESS if done else messages.INFO)
        for teacher, reason in plan.skipped:
            self.message_user(request, f"{teacher.short_name}: {reason}.", messages.WARNING)
        return None

    @admin.action(description="Заблокировать вход в портал", permissions=["portal_login"])
    def block_logins(self, request, queryset):
        return self._block_action(request, queryset, block=True)

    @admin.action(description="Разблокировать вход в портал", permissions=["portal_login"])
    def unblock_logins(self, request, queryset):
        return self._block_action(request, queryset, block=False)

    # --- one teacher: the card's button leads to this page

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/vhod/",
                self.admin_site.admin_view(self.portal_login_view),
                name="%s_%s_portal_login" % info,
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {}
        if self.has_portal_login_permission(request):
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                info = self.opts.app_label, self.opts.model_name
                extra["portal_login_url"] = reverse("admin:%s_%s_portal_login" % info, args=[quote(obj.pk)])
                extra["portal_login_label"] = teacher_login(obj).label
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def portal_login_view(self, request, object_id):
        if not self.has_portal_login_permission(request):
            raise PermissionDenied
        teacher = self.get_reachable_object(request, object_id)  # another school's teacher: 404
        here = request.path
        if request.method == "POST":
            operation = request.POST.get("op", "")
            try:
                if operation == "invite":
                    services.user_invite(teacher=teacher, by=request.user, request_or_site_url=request)
                    self.log_change(request, teacher, "Отправлено приглашение в портал.")
                    self.message_user(request, f"Приглашение отправлено на {teacher.email}.", messages.SUCCESS)
                elif operation == "code":
                    issued = services.setup_code_issue(teacher=teacher, by=request.user)
                    self.log_change(request, teacher, "Выдан код первого входа в портал.")
                    return self._sheet(request, [issued], [])
                elif operation in ("block", "unblock"):
                    block = operation == "block"
                    (services.user_block if block else services.user_unblock)(teacher=teacher, by=request.user)
                    self.log_change(request, teacher, "Вход в портал заблокирован." if block else "Вход в портал разблокирован.")
                    self.message_user(request, "Вход заблокирован." if block else "Вход разблокирован.", messages.SUCCESS)
                else:
                    self.message_user(request, "Выберите, что сделать со входом педагога.", messages.ERROR)
            except ValidationError as error:
                self.message_user(request, capfirst(" ".join(error.messages)), messages.ERROR)
            except (smtplib.SMTPException, OSError):
                self.message_user(request, f"{capfirst(MAIL_FAILED)}.", messages.ERROR)
            return HttpResponseRedirect(here)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Вход в портал: {teacher.full_name}",
            "opts": self.opts,
            "original": teacher,
            "teacher": teacher,
            "login": teacher_login(teacher),
            "account_refusal": account_refusal(teacher),
            "block_refusal": block_refusal(teacher, request.user, block=True),
            "unblock_refusal": block_refusal(teacher, request.user, block=False),
            "link_life": link_life(),
            "states": {"none": NONE, "invited": INVITED, "active": ACTIVE, "blocked": BLOCKED},
        }
        return TemplateResponse(request, "admin/accounts/teacher_login.html", context)
