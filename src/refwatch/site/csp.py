"""Content-Security-Policy and the other response headers Django does not set.

Django 5.2 has no CSP support, so this middleware writes the header from
``settings.CONTENT_SECURITY_POLICY`` (directive -> list of sources). The policy
forbids inline scripts and styles: pages load their JavaScript and CSS from
``/static/`` only. A view that needs more (for instance a rendered report with
inline SVG styles) wraps itself in :func:`csp_update`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

View = Callable[..., HttpResponseBase]

_UPDATE_ATTR = "_refwatch_csp_update"


def build_policy(directives: dict[str, list[str]]) -> str:
    """The header value for a directive mapping, in a stable order."""
    parts = []
    for name, sources in directives.items():
        parts.append(" ".join([name, *sources]) if sources else name)
    return "; ".join(parts)


def policy_for(update: dict[str, list[str]] | None = None) -> str:
    directives = {k: list(v) for k, v in settings.CONTENT_SECURITY_POLICY.items()}
    for name, sources in (update or {}).items():
        directives[name] = list(sources)
    return build_policy(directives)


def csp_update(**directives: list[str]) -> Callable[[View], View]:
    """Replace some directives for one view: ``@csp_update(style_src=["'self'", "'unsafe-inline'"])``.

    Underscores in the keyword become dashes (``style_src`` -> ``style-src``).
    """
    update = {name.replace("_", "-"): list(sources) for name, sources in directives.items()}

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            setattr(response, _UPDATE_ATTR, update)
            return response

        return wrapped

    return decorate


class ContentSecurityPolicyMiddleware:
    """Adds Content-Security-Policy, Permissions-Policy and Cross-Origin-Resource-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.default_policy = policy_for()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        update = getattr(response, _UPDATE_ATTR, None)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = (
                policy_for(update) if update else self.default_policy
            )
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
