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
