"""ASGI entry point (for operators who prefer an ASGI server; `refwatch serve` uses WSGI)."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refwatch.site.settings")
application = get_asgi_application()
