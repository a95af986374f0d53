from django.contrib.auth.models import AbstractUser
from django.db import models
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import Role


class User(AbstractUser):
    """A login. Which records it reaches is decided by its school (or municipality) and role group."""

    school = models.ForeignKey(
        "schools.School",
        verbose_name="образовательная организация",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    municipality = models.ForeignKey(
        "schools.Municipality",
        verbose_name="муниципалитет",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Только для муниципального координатора.",
    )
    invited_at = models.DateTimeField(
        "приглашение в портал",
        null=True,
        blank=True,
        help_text="Когда куратор в последний раз отправил приглашение или выдал код первого входа.",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"

    def __str__(self):
        # Wherever a login is shown (who signed an order, who changed a record), the person's name.
        return self.get_full_name() or self.username

    def has_role(self, role: Role) -> bool:
        # Group names are cached per instance: role checks run on every admin request.
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return role.value in self._role_names

    @property
    def is_curator(self) -> bool:
        return self.has_role(Role.CURATOR)

    @property
    def is_director(self) -> bool:
        return self.has_role(Role.DIRECTOR)

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)


class LoginCodeDevice(TOTPDevice):
    """django-otp's TOTP device under a Russian name, for the administrator's list."""

    class Meta:
        proxy = True
        verbose_name = "устройство для входа по коду"
        verbose_name_plural = "устройства для входа по коду"


class SetupCode(models.Model):
    """A short one-time code from the printed sheet: with it a teacher without e-mail sets a password.

    Only a hash is stored (Django's password hashers); a code works once, until `expires_at`, and
    is void after MAX_ATTEMPTS wrong tries with its login name. Issuing a new code deletes the
    user's earlier ones (services.setup_code_issue).
    """

    MAX_ATTEMPTS = 5

    user = models.ForeignKey(User, verbose_name="учётная запись", on_delete=models.CASCADE, related_name="setup_codes")
    code_hash = models.CharField("хеш кода", max_length=128)
    created_at = models.DateTimeField("выдан", auto_now_add=True)
    created_by = models.ForeignKey(
        User, verbose_name="выдал", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField("действует до")
    used_at = models.DateTimeField("использован", null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField("неверных попыток", default=0)

    class Meta:
        verbose_name = "код первого входа"
        verbose_name_plural = "коды первого входа"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user}: код от {self.created_at:%d.%m.%Y}"
