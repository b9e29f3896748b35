"""Users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        DOCUMENTER = "documenter", _("Documenter")
        ANALYST = "analyst", _("Analyst")
        OBSERVER = "observer", _("Observer")

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.OBSERVER)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "documenter", "analyst", "observer"]),
                name="user_role_known",
            )
        ]

    @property
    def sees_identities(self) -> bool:
        """Admins and documenters may see names, birth dates and testimony."""
        return self.is_active and self.role in (self.Role.ADMIN, self.Role.DOCUMENTER)

    @property
    def sees_records(self) -> bool:
        """Everyone but observers may see record-level (pseudonymised) data."""
        return self.is_active and self.role != self.Role.OBSERVER
