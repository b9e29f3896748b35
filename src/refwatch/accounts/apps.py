from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "refwatch.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from refwatch.accounts import signals  # noqa: F401  (login auditing)
