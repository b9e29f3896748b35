"""Legal characterisation and interventions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from refwatch.records import queries
from refwatch.records.actions import add_intervention
from refwatch.web.forms import InterventionForm
from refwatch.web.templatetags.web_tags import incident_name
from refwatch.web.views.gate import acting, page


@page(records=False)
def legal(request: HttpRequest) -> HttpResponse:
    return render(request, "web/legal.html", {
        "o": queries.legal_overview_for_user(acting(request)), "nav": "legal",
    })


@page()
def interventions(request: HttpRequest) -> HttpResponseBase:
    user = acting(request)
    incidents = queries.incidents_for_user(user, limit=500)
    form = InterventionForm(request.POST or None) if request.method == "POST" else InterventionForm()
    form.fields["incidents"].choices = [(i.uid, incident_name(i)) for i in incidents]  # type: ignore[attr-defined]
    if request.method == "POST":
        queries.require_page_access(user, identities=True)
        if form.is_valid():
            data = dict(form.cleaned_data)
            chosen = [i for i in incidents if i.uid in set(data.pop("incidents"))]
            try:
                add_intervention(acting_user=user, incidents=chosen, **data)
            except (ValueError, ValidationError) as exc:
                form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Intervention recorded."))
                return HttpResponseRedirect(reverse("web:interventions"))
    return render(request, "web/interventions.html", {
        "interventions": queries.interventions_for_user(user), "form": form,
        "can_add": user.sees_identities, "nav": "interventions",
    }, status=400 if request.method == "POST" else 200)
