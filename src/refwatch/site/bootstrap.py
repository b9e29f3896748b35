"""Starting Django from the CLI and jobs."""

from __future__ import annotations

import os


def setup() -> None:
    """Configure Django once (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refwatch.site.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
