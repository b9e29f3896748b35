"""Estimates: run a method as a job, compare methods in a table and a chart."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

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
        "can_run": user.sees_records, "nav": "estimates",
    }, status=400 if request.method == "POST" else 200)


@page(records=False)
def estimate(request: HttpRequest, uid: str) -> HttpResponse:
    found = queries.get_estimate_for_user(acting(request), uid)
    return render(request, "web/estimate.html", {
        "e": found, "chart": interval_chart([found]), "nav": "estimates",
        "warnings": list((found.diagnostics or {}).get("warnings") or []),
        "diagnostics": sorted((k, v) for k, v in (found.diagnostics or {}).items()
                              if k not in ("warnings", "reason") and not isinstance(v, (dict, list))),
    })
