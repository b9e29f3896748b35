"""Users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from refwatch.crypto.sealed import Sealed


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


class TOTPDevice(Sealed):
    """A user's TOTP authenticator. The shared secret is sealed (AES-256-GCM) at rest.

    ``last_step`` is the last time step accepted, so a code is never accepted twice.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret_enc = models.TextField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    SEALED_COLUMNS = ("secret",)


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator; only its keyed hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_mac = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class LoginAttempt(models.Model):
    """One password or code attempt, for throttling (kept in the database, so any
    backend works with no cache server). Old rows are pruned as new ones come."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)
    succeeded = models.BooleanField(default=False)
    stage = models.CharField(max_length=12, default="password")
