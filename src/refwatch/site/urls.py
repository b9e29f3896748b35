"""URL routes: accounts at /accounts/, the REST API at /api/v1/, the pages at /.

The pages (``refwatch.web.urls``) are written by the web app; until that module
exists the site still serves accounts and the API.
"""

from __future__ import annotations

import importlib.util

from django.urls import URLPattern, URLResolver, include, path

from refwatch.api.urls import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/", include("refwatch.accounts.urls")),
    path("api/v1/", api.urls),
]

if importlib.util.find_spec("refwatch.web.urls") is not None:
    urlpatterns.append(path("", include("refwatch.web.urls")))
