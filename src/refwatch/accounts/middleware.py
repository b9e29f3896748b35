"""Idle-session expiry on top of Django's absolute SESSION_COOKIE_AGE."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase

LAST_SEEN = "refwatch.last_seen"


class SessionActivityMiddleware:
    """Log out a session unused for REFWATCH_IDLE_SECONDS; otherwise note the time.

    The time is written at most once a minute, so reads do not rewrite the
    session row on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if isinstance(last, int) and now - last > settings.REFWATCH_ACCOUNTS["IDLE_SECONDS"]:
                logout(request)
            elif not isinstance(last, int) or now - last >= 60:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
