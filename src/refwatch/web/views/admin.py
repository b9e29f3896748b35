"""Administration: the audit log and users' roles (admins only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from refwatch.accounts.actions import set_role
from refwatch.accounts.sudo import has_recent_auth, require_recent_auth
from refwatch.audit.chain import verify_chain
from refwatch.records import queries
from refwatch.web.forms import RoleForm
from refwatch.web.views.gate import acting, page, page_number

PAGE = 100


@page(admin=True)
def audit(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    number, offset = page_number(request, PAGE)
    action = request.GET.get("action", "").strip()[:64] or None
    checked = None
    if request.GET.get("verify"):
        count, problem = verify_chain()
        checked = {"count": count, "problem": str(problem) if problem else ""}
    return render(request, "web/audit.html", {
        "events": queries.audit_events_for_user(user, limit=PAGE + 1, offset=offset, action=action),
        "page": number, "size": PAGE, "action": action or "", "checked": checked, "nav": "audit",
    })


@page(admin=True)
def users(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    return render(request, "web/users.html", {
        "users": queries.users_for_admin(user), "roles": RoleForm().fields["role"].choices,  # type: ignore[attr-defined]
        "recent": has_recent_auth(request), "nav": "users",
    })


@page(admin=True)
@require_recent_auth
def user_role(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = acting(request)
    target = queries.get_user_for_admin(user, pk)
    if request.method != "POST":  # back from re-authentication: choose again
        return HttpResponseRedirect(reverse("web:users"))
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
    elif target.pk == user.pk:
        messages.error(request, _("You cannot change your own role."))
    else:
        try:
            set_role(target, form.cleaned_data["role"], acting_user=user)
        except ValidationError:
            messages.error(request, _("Choose a role."))
        else:
            messages.success(request, _("Role changed."))
    return HttpResponseRedirect(reverse("web:users"))
