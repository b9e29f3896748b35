"""Sources, claims (the review queue) and incidents."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from refwatch.jobs.extraction import rebuild_incidents
from refwatch.records import queries
from refwatch.records.actions import DuplicateSource, add_source, review_claim
from refwatch.records.models import Claim
from refwatch.web.forms import ClaimEditForm, SourceForm
from refwatch.web.views.gate import acting, page, page_number
from refwatch.web.views.jobs import start

PAGE = 50


@page()
def sources(request: HttpRequest) -> HttpResponseBase:
    user = acting(request)
    form = SourceForm(request.POST or None, request.FILES or None) if request.method == "POST" else SourceForm()
    if request.method == "POST":
        queries.require_page_access(user, identities=True)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            if upload is not None and upload.size > settings.REFWATCH_MAX_UPLOAD_BYTES:
                form.add_error("file", _("The file is too large."))
            else:
                content = upload.read() if upload is not None else data["text"].encode("utf-8")
                filename = Path(upload.name).name if upload is not None else "pasted.txt"
                try:
                    source = add_source(
                        content, kind=data["kind"], filename=filename, acting_user=user,
                        title=data["title"], published=data["published"], publisher=data["publisher"],
                        lang=data["lang"], reliability=data["reliability"], url=data["url"],
                        media_type="text/plain" if upload is None else None,
                    )
                except DuplicateSource as exc:
                    messages.warning(request, _("This file is already stored."))
                    return HttpResponseRedirect(reverse("web:source", args=[exc.existing.uid]))
                except (ValueError, ValidationError) as exc:
                    form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
                else:
                    messages.success(request, _("The source was preserved and its hash recorded."))
                    return HttpResponseRedirect(reverse("web:source", args=[source.uid]))
    number, offset = page_number(request, PAGE)
    return render(request, "web/sources.html", {
        "sources": queries.sources_for_user(user, limit=PAGE + 1, offset=offset),
        "form": form, "page": number, "size": PAGE, "nav": "sources",
    }, status=400 if request.method == "POST" else 200)


@page()
def source(request: HttpRequest, uid: str) -> HttpResponseBase:
    user = acting(request)
    found, custody = queries.source_custody_for_user(user, uid)
    job = None
    if request.method == "POST":
        queries.require_page_access(user, identities=True)
        job = start(request, "extract", {"sources": [uid]})
    return render(request, "web/source.html", {
        "source": found, "custody": custody, "job": job,
        "claims": [c for c in queries.claims_for_user(user, limit=500) if c.source == uid],
        "nav": "sources",
    })


@page()
def claims(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    status = request.GET.get("status", Claim.Status.UNREVIEWED)
    if status not in Claim.Status.values:
        status = ""
    number, offset = page_number(request, PAGE)
    return render(request, "web/claims.html", {
        "claims": queries.claims_for_user(user, status=status or None, limit=PAGE + 1, offset=offset),
        "status": status, "statuses": Claim.Status.choices, "page": number, "size": PAGE,
        "nav": "claims",
    })


@page()
def claim(request: HttpRequest, uid: str) -> HttpResponseBase:
    user = acting(request)
    found = queries.claim_in_source_for_user(user, uid)
    form = None
    if user.sees_identities:
        row = queries.get_claim_for_review(user, uid)
        form = ClaimEditForm(initial=ClaimEditForm.initial_for(row))
    if request.method == "POST":
        row = queries.get_claim_for_review(user, uid)
        decision = request.POST.get("decision")
        form = ClaimEditForm(request.POST)
        if decision == "reject":
            review_claim(row, decision="reject", acting_user=user)
            rebuild_incidents(acting_user=user)
            messages.success(request, _("Claim rejected; incidents regrouped."))
            return HttpResponseRedirect(reverse("web:claims"))
        if decision == "confirm" and form.is_valid():
            edits = {k: v for k, v in form.cleaned_data.items() if v != getattr(row, k)}
            edits = {k: ("" if v is None and k in ("qualifier",) else v) for k, v in edits.items()}
            try:
                review_claim(row, decision="confirm", acting_user=user, edits=edits)
            except (ValueError, ValidationError) as exc:
                form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
            else:
                rebuild_incidents(acting_user=user)
                messages.success(request, _("Claim confirmed; incidents regrouped."))
                return HttpResponseRedirect(reverse("web:claims"))
    before, sentence, after = found.before, found.sentence, found.after
    parts = (sentence, "", "")
    if found.count_at:
        a, b = found.count_at
        parts = (sentence[:a], sentence[a:b], sentence[b:])
    return render(request, "web/claim.html", {
        "c": found.claim, "source": found.source, "before": before, "after": after,
        "sentence_parts": parts, "form": form, "nav": "claims",
        "can_review": user.sees_identities,
    })


@page()
def incidents(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    return render(request, "web/incidents.html", {
        "incidents": queries.incidents_for_user(user, limit=500), "nav": "incidents",
    })


@page()
def incident(request: HttpRequest, uid: str) -> HttpResponse:
    user = acting(request)
    found, claim_views = queries.get_incident_for_user(user, uid)
    sources = {s.uid: s for s in (queries.get_source_for_user(user, c.source) for c in claim_views)}
    return render(request, "web/incident.html", {
        "incident": found, "claims": claim_views, "sources": sources,
        "interventions": queries.incident_interventions_for_user(user, uid), "nav": "incidents",
    })


@require_POST
@page(identities=True)
def extract_all(request: HttpRequest) -> HttpResponseBase:
    job = start(request, "extract", {"sources": []})
    target = reverse("web:claims")
    return HttpResponseRedirect(f"{target}?job={job}" if job else target)
