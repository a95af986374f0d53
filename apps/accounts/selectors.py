"""Reads about logins: a teacher's state of access to the portal and why an action cannot apply to them."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .models import User
from .roles import Role

NONE, INVITED, ACTIVE, BLOCKED = "none", "invited", "active", "blocked"
STATE_LABELS = {NONE: "нет", INVITED: "приглашён", ACTIVE: "есть", BLOCKED: "заблокирован"}

def login_state_q(state: str, prefix: str = "") -> Q:
    """The teachers in `state`, as a filter on Teacher (`prefix` leads from the listed model to Teacher)."""

    def q(**lookups):
        return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

    # An unusable password (set_unusable_password) starts with "!": the account waits for its owner.
    no_password = q(user__password__startswith="!")
    if state == NONE:
        return q(user__isnull=True) | (no_password & q(user__is_active=True, user__invited_at__isnull=True))
    if state == INVITED:
        return no_password & q(user__is_active=True, user__invited_at__isnull=False)
    if state == ACTIVE:
        return q(user__is_active=True) & ~no_password
    if state == BLOCKED:
        return q(user__is_active=False)
    raise ValueError(state)


@dataclass(frozen=True)
class TeacherLogin:
    """Whether a teacher can log in to the portal, as the curator's list shows it."""

    state: str
    username: str = ""
    invited_at: object = None  # datetime of the last invitation or code

    @property
    def label(self) -> str:
        if self.state == INVITED:
            return f"приглашён {timezone.localtime(self.invited_at):%d.%m.%Y}"
        return STATE_LABELS[self.state]


def teacher_login(teacher) -> TeacherLogin:
    """Reads `teacher.user` (select_related("user") in lists)."""
    user = teacher.user
    if user is None:
        return TeacherLogin(NONE)
    if not user.is_active:
        return TeacherLogin(BLOCKED, user.username, user.invited_at)
    if user.has_usable_password():
        return TeacherLogin(ACTIVE, user.username, user.invited_at)
    if user.invited_at:
        return TeacherLogin(INVITED, user.username, user.invited_at)
    return TeacherLogin(NONE, user.username)


def is_staff_account(user: User) -> bool:
    """An account that works beyond a teacher's own pages: the administrator, a curator, a director,
    a coordinator. A curator never invites, blocks or resets such an account."""
    if user.is_superuser or user.is_staff:
        return True
    return any(role != Role.TEACHER for role in Role if user.has_role(role))


def email_taken(teacher) -> bool:
    """Another account already has the teacher's e-mail: login by e-mail must name one person."""
    if not teacher.email:
        return False
    return User.objects.filter(email__iexact=teacher.email).exclude(pk=teacher.user_id).exists()


def account_refusal(teacher) -> str | None:
    """Why no invitation or code can be given to `teacher`; None when one can."""
    user = teacher.user
    if not teacher.is_employed:
        return "не работает в организации"
    if user is not None:
        if is_staff_account(user):
            return "это учётная запись сотрудника — ею управляет администратор портала"
        if not user.is_active:
            return "вход заблокирован — сначала разблокируйте его"
        if user.has_usable_password():
            return "уже есть вход в портал"
        if user.school_id not in (None, teacher.school_id):
            return "учётная запись относится к другой организации"
    if email_taken(teacher):
        return "этот e-mail уже указан у другой учётной записи — исправьте e-mail в карточке"
    return None


def block_refusal(teacher, by, *, block: bool) -> str | None:
    """Why the curator `by` cannot block (block=True) or unblock the teacher's login; None when they can."""
    user = teacher.user
    if user is None:
        return "нет учётной записи"
    if user.is_superuser:
        return "это администратор портала"
    if is_staff_account(user):
        return "это учётная запись сотрудника — её блокирует администратор портала"
    if by is not None and user.pk == by.pk:
        return "это ваша собственная учётная запись"
    if user.school_id not in (None, teacher.school_id):
        return "учётная запись относится к другой организации"
    if block and not user.is_active:
        return "вход уже заблокирован"
    if not block and user.is_active:
        return "вход не заблокирован"
    return None


def mask_email(email: str) -> str:
    """«m***@school34.ru»: enough for the owner to recognise, not enough to harvest."""
    local, _, domain = email.partition("@")
    if not domain:
        return "***"
    return f"{local[:1]}***@{domain}"
