"""Sign-in screens: password, TOTP enrolment and verification, re-authentication, logout.

A password alone never gives a session: the user is "pending" (their id in the
anonymous session for a few minutes) until the second factor is verified or,
on first sign-in, an authenticator is enrolled. Django's ``login`` runs only
then, which rotates the session key and audits the login.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from refwatch.accounts import throttle, twofactor
from refwatch.accounts.forms import CodeForm, LoginForm, ReauthForm
from refwatch.accounts.models import User
from refwatch.accounts.sudo import mark_authenticated
from refwatch.audit.chain import record_event

PENDING_USER = "refwatch.pending_user"
PENDING_AT = "refwatch.pending_at"
PENDING_BACKEND = "refwatch.pending_backend"
PENDING_NEXT = "refwatch.pending_next"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(settings.LOGIN_REDIRECT_URL)


def _pending_user(request: HttpRequest) -> User | None:
    uid, at = request.session.get(PENDING_USER), request.session.get(PENDING_AT)
    if uid is None or not isinstance(at, int):
        return None
    if time.time() - at > settings.REFWATCH_ACCOUNTS["PENDING_SECONDS"]:
        _clear_pending(request)
        return None
    return User.objects.filter(pk=uid, is_active=True).first()


def _clear_pending(request: HttpRequest) -> None:
    for key in (PENDING_USER, PENDING_AT, PENDING_BACKEND, PENDING_NEXT):
        request.session.pop(key, None)


def _complete_login(request: HttpRequest, user: User) -> HttpResponseRedirect:
    backend = request.session.get(PENDING_BACKEND) or "django.contrib.auth.backends.ModelBackend"
    next_url = request.session.get(PENDING_NEXT)
    _clear_pending(request)
    login(request, user, backend=backend)
    mark_authenticated(request)
    throttle.note_attempt(
        user.get_username(), throttle.client_address(request), succeeded=True, stage="login"
    )
    return HttpResponseRedirect(_safe_next(request, next_url))


def _throttled(
    request: HttpRequest, template: str, context: dict[str, Any], username: str
) -> HttpResponse:
    record_event(None, "auth.login_throttled", None, {"username": username[:150]})
    context["error"] = _("Too many failed attempts. Wait a while and try again.")
    return render(request, template, context, status=429)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        return HttpResponseRedirect(_safe_next(request, request.GET.get("next")))
    form = LoginForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "next": request.GET.get("next", "")}
    if request.method != "POST" or not form.is_valid():
        return render(
            request, "accounts/login.html", context, status=400 if request.method == "POST" else 200
        )
    username = form.cleaned_data["username"]
    address = throttle.client_address(request)
    if throttle.is_locked(username, address):
        return _throttled(request, "accounts/login.html", context, username)
    user = authenticate(request, username=username, password=form.cleaned_data["password"])
    if user is None:  # user_login_failed was sent: the failure is audited
        throttle.note_attempt(username, address, succeeded=False)
        context["error"] = _("Wrong username or password.")
        return render(request, "accounts/login.html", context, status=401)
    assert isinstance(user, User)
    request.session.cycle_key()
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_AT] = int(time.time())
    request.session[PENDING_BACKEND] = getattr(user, "backend", "")
    request.session[PENDING_NEXT] = request.POST.get("next") or request.GET.get("next") or ""
    if twofactor.has_device(user):
        return HttpResponseRedirect(reverse("two_factor_verify"))
    if settings.REFWATCH_ACCOUNTS["REQUIRE_2FA"]:
        return HttpResponseRedirect(reverse("two_factor_setup"))
    return _complete_login(request, user)


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponseBase:
    user = _pending_user(request)
    if user is None or not twofactor.has_device(user):
        return HttpResponseRedirect(reverse("login"))
    form = CodeForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/two_factor_verify.html", context)
    address = throttle.client_address(request)
    if throttle.is_locked(user.get_username(), address):
        return _throttled(request, "accounts/two_factor_verify.html", context, user.get_username())
    if twofactor.verify_second_factor(user, form.cleaned_data["code"]):
        return _complete_login(request, user)
    throttle.note_attempt(user.get_username(), address, succeeded=False, stage="code")
    record_event(None, "auth.2fa_failed", user)
    context["error"] = _("That code is not valid. Codes change every 30 seconds and work once.")
    return render(request, "accounts/two_factor_verify.html", context, status=401)


def _setup_user(request: HttpRequest) -> User | None:
    pending = _pending_user(request)
    if pending is not None:
        return pending
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        return request.user
    return None


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponseBase:
    user = _setup_user(request)
    if user is None:
        return HttpResponseRedirect(reverse("login"))
    if twofactor.has_device(user):
        return HttpResponseRedirect(
            reverse("two_factor_verify")
            if not request.user.is_authenticated
            else str(settings.LOGIN_REDIRECT_URL)
        )
    from refwatch.accounts.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed_at__isnull=True).first()
    if device is None:
        device = twofactor.start_enrolment(user)
    form = CodeForm(request.POST or None)
    secret = twofactor.secret_of(device)
    context: dict[str, Any] = {
        "form": form,
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "uri": twofactor.provisioning_uri(device),
    }
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/two_factor_setup.html", context)
    if throttle.is_locked(user.get_username(), throttle.client_address(request)):
        return _throttled(request, "accounts/two_factor_setup.html", context, user.get_username())
    if not twofactor.confirm_enrolment(device, form.cleaned_data["code"]):
        throttle.note_attempt(
            user.get_username(), throttle.client_address(request), succeeded=False, stage="enrol"
        )
        context["error"] = _(
            "That code is not valid. Check the clock of your device and try again."
        )
        return render(request, "accounts/two_factor_setup.html", context, status=401)
    codes = twofactor.new_recovery_codes(user)
    if not request.user.is_authenticated:
        redirect = _complete_login(request, user)
    else:
        mark_authenticated(request)
        redirect = HttpResponseRedirect(str(settings.LOGIN_REDIRECT_URL))
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": redirect.url})


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reauth(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    assert isinstance(user, User)
    needs_code = twofactor.has_device(user)
    form = ReauthForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    context: dict[str, Any] = {"form": form, "needs_code": needs_code, "next": next_url}
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/reauth.html", context)
    address = throttle.client_address(request)
    if throttle.is_locked(user.get_username(), address):
        return _throttled(request, "accounts/reauth.html", context, user.get_username())
    ok = user.check_password(form.cleaned_data["password"]) and (
        not needs_code or twofactor.verify_second_factor(user, form.cleaned_data["code"] or "")
    )
    if not ok:
        throttle.note_attempt(user.get_username(), address, succeeded=False, stage="reauth")
        record_event(user, "auth.reauth_failed", user)
        context["error"] = _("That did not match. Enter your password and a current code.")
        return render(request, "accounts/reauth.html", context, status=401)
    mark_authenticated(request)
    record_event(user, "auth.reauthenticated", user)
    return HttpResponseRedirect(_safe_next(request, next_url))


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        if request.user.is_authenticated:
            record_event(request.user, "auth.logout", request.user)
        logout(request)
        return HttpResponseRedirect(reverse("login"))
    return render(request, "accounts/logout.html", {})
