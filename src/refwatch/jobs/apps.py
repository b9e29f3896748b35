from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "refwatch.jobs"
    label = "jobs"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from refwatch.jobs import kinds  # noqa: F401  (registers the built-in job kinds)
