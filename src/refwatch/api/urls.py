"""The REST API object (mounted at /api/v1/ by refwatch.site.urls)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth

from refwatch.accounts.models import User
from refwatch.api.tokens import user_for_token
from refwatch.jobs.registry import JobError


class TokenAuth(HttpBearer):
    """``Authorization: Bearer rw_...`` (see `refwatch token create`)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The pages' session cookie (CSRF-checked on writes), for HTMX calls."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if user.is_authenticated and user.is_active and isinstance(user, User):
            return user
        return None


class Utf8JSONRenderer(JSONRenderer):
    """Hangul as UTF-8 text, not \\uXXXX escapes: readable, and greppable by auditors."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Refoulement Watch API",
    version="1",
    description=(
        "Sources, claims, incidents, lists, persons, linkage, estimates and jobs, with the "
        "same access rules as the pages: analysts receive pseudonyms only, observers "
        "aggregates only. Authenticate with `Authorization: Bearer <token>` "
        "(`refwatch token create USER`)."
    ),
    urls_namespace="api",
    docs_url=None,  # the interactive docs page loads scripts from a CDN; the schema is enough
    auth=[TokenAuth(), ActiveSessionAuth()],
    renderer=Utf8JSONRenderer(),
)


@api.exception_handler(PermissionError)
def _forbidden(request: HttpRequest, exc: PermissionError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "not allowed"}, status=403)


@api.exception_handler(JobError)
def _job_error(request: HttpRequest, exc: JobError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


from refwatch.api import routes  # noqa: E402  (registers the endpoints on `api`)

routes.register(api)
