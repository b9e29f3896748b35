"""The one decorator every page goes through: signed in, then the query layer's access check."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase

from refwatch.accounts.models import User
from refwatch.records.queries import require_page_access

View = Callable[..., HttpResponseBase]


def page(*, records: bool = True, identities: bool = False, admin: bool = False) -> Callable[[View], View]:
    """Anonymous visitors go to sign-in; a signed-in user who may not open the page gets 404.

    ``records=False`` opens the page to observers (aggregates only).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated or not isinstance(user, User):
                return redirect_to_login(request.get_full_path())
            require_page_access(user, records=records, identities=identities, admin=admin)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def acting(request: HttpRequest) -> User:
    """The signed-in user (the gate has checked it)."""
    user = request.user
    assert isinstance(user, User)
    return user


def page_number(request: HttpRequest, size: int) -> tuple[int, int]:
    """(page, offset) from ``?page=N`` (1-based, clamped)."""
    try:
        number = max(1, min(10_000, int(request.GET.get("page", "1"))))
    except ValueError:
        number = 1
    return number, (number - 1) * size
