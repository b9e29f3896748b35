"""Estimates: run a method as a job, compare methods in a table and a chart."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from refwatch.jobs.estimation import may_publish, set_estimate_published
from refwatch.records import queries
from refwatch.web.charts import interval_chart
from refwatch.web.forms import EstimateForm
from refwatch.web.views.gate import acting, page
from refwatch.web.views.jobs import start


@page(records=False)
def estimates(request: HttpRequest) -> HttpResponseBase:
    user = acting(request)
    form = EstimateForm(request.POST or None) if request.method == "POST" else EstimateForm()
    if request.method == "POST":
        queries.require_page_access(user)
        if form.is_valid():
            data = form.cleaned_data
            job = start(request, "estimate", {"method": data["method"] or None, "seed": data["seed"],
                                              "stratify": data["stratify"] or None})
            if job:
                return HttpResponseRedirect(f"{reverse('web:estimates')}?job={job}")
    comparison = queries.estimate_comparison_for_user(user)
    return render(request, "web/estimates.html", {
        "comparison": comparison, "chart": interval_chart(comparison),
        "estimates": queries.estimates_for_user(user, limit=50), "form": form,
        "can_run": user.sees_records, "can_publish": may_publish(user), "nav": "estimates",
    }, status=400 if request.method == "POST" else 200)


@page(records=False)
def estimate(request: HttpRequest, uid: str) -> HttpResponse:
    user = acting(request)
    found = queries.get_estimate_for_user(user, uid)
    return render(request, "web/estimate.html", {
        "e": found, "chart": interval_chart([found]), "nav": "estimates",
        "can_publish": may_publish(user), "show_published": user.sees_records,
        "warnings": list((found.diagnostics or {}).get("warnings") or []),
        "diagnostics": sorted((k, v) for k, v in (found.diagnostics or {}).items()
                              if k not in ("warnings", "reason") and not isinstance(v, (dict, list))),
    })


@require_POST
@page()
def publish(request: HttpRequest, uid: str) -> HttpResponseBase:
    """Publish an estimate to observers (``published=1``) or withdraw it (``published=0``)."""
    user = acting(request)
    if not may_publish(user):
        raise Http404("not available")  # 404, never 403: the pages' rule
    found = queries.get_estimate_for_user(user, uid)
    choice = request.POST.get("published")
    if choice not in ("0", "1"):
        messages.error(request, _("Choose: publish or withdraw."))
    else:
        set_estimate_published(found, published=choice == "1", acting_user=user)
        messages.success(request, _("The estimate is published: observers see it.") if choice == "1"
                         else _("The estimate is withdrawn: observers no longer see it."))
    return HttpResponseRedirect(reverse("web:estimate", args=[uid]))
