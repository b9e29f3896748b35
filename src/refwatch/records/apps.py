from __future__ import annotations

from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "refwatch.records"
    label = "records"
    default_auto_field = "django.db.models.BigAutoField"
