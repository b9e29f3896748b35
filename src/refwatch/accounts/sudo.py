"""Sessions: when the user last proved who they are, and re-authentication ("sudo mode").

Exports and role changes ask for the password (and a code, with 2FA) again
when the last proof is older than ``REFWATCH_REAUTH_SECONDS``. Views use
:func:`require_recent_auth`; templates can ask :func:`has_recent_auth`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse

AUTH_AT = "refwatch.auth_at"

View = Callable[..., HttpResponseBase]


def mark_authenticated(request: HttpRequest) -> None:
    """Remember that the user proved their identity now (login or re-authentication)."""
    request.session[AUTH_AT] = int(time.time())


def has_recent_auth(request: HttpRequest, *, max_age: int | None = None) -> bool:
    if not request.user.is_authenticated:
        return False
    limit = settings.REFWATCH_ACCOUNTS["REAUTH_SECONDS"] if max_age is None else max_age
    at = request.session.get(AUTH_AT)
    return isinstance(at, int) and time.time() - at <= limit


def reauth_url(next_url: str) -> str:
    return f"{reverse('reauth')}?{urlencode({'next': next_url})}"


def require_recent_auth(view: View) -> View:
    """Decorator for views that export data or change roles.

    Anonymous users go to the login page; users whose last proof of identity
    is older than REFWATCH_REAUTH_SECONDS go to the re-authentication page,
    which sends them back here. A non-GET request is redirected too (the form
    is posted again after re-authentication).
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_recent_auth(request):
            return HttpResponseRedirect(reauth_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapped
