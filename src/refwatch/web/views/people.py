"""Lists (the import wizard and history), persons, and linkage (runs and pair review)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from refwatch.jobs.kinds import SUFFIXES
from refwatch.jobs.linkage import decide_pair
from refwatch.jobs.queue import jobs_for_user
from refwatch.records import queries
from refwatch.records.actions import DuplicateSource, add_source
from refwatch.web.forms import LinkageForm, ListImportForm, ListUploadForm, mapping_message
from refwatch.web.views.gate import acting, page, page_number
from refwatch.web.views.jobs import start

PAGE = 50


@page()
def lists(request: HttpRequest) -> HttpResponseBase:
    user = acting(request)
    form = ListUploadForm()
    if request.method == "POST":
        queries.require_page_access(user, identities=True)
        form = ListUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            filename = Path(upload.name).name
            if Path(filename).suffix.lower() not in SUFFIXES:
                form.add_error("file", _("Lists are read from CSV or XLSX files."))
            elif upload.size > settings.REFWATCH_MAX_UPLOAD_BYTES:
                form.add_error("file", _("The file is too large."))
            else:
                try:
                    stored = add_source(upload.read(), kind="list", filename=filename, acting_user=user,
                                        title=f"list {form.cleaned_data['name']}")
                except DuplicateSource as exc:
                    stored = exc.existing
                    messages.info(request, _("This file was uploaded before; it is read again."))
                query = urlencode({"name": form.cleaned_data["name"],
                                   "organisation": form.cleaned_data["organisation"]})
                return HttpResponseRedirect(f"{reverse('web:list_preview', args=[stored.uid])}?{query}")
    return render(request, "web/lists.html", {
        "lists": queries.lists_for_user(user), "history": queries.list_history_for_user(user),
        "jobs": jobs_for_user(user).filter(kind="import_list").order_by("-id")[:20],
        "form": form, "can_import": user.sees_identities, "nav": "lists",
    }, status=400 if request.method == "POST" else 200)


@page(identities=True)
def list_preview(request: HttpRequest, source_uid: str) -> HttpResponseBase:
    """Wizard step 2: the file read with the recognised (or the posted) mapping and as_of;
    "check" reads it again with the posted choices, "import" starts the job with them."""
    user = acting(request)
    name = (request.POST.get("name") or request.GET.get("name") or "").strip()[:120]
    organisation = (request.POST.get("organisation") or request.GET.get("organisation") or "")[:200]
    preview = queries.list_preview_for_user(user, source_uid, name=name)
    form = ListImportForm(initial={"name": name, "organisation": organisation},
                          headers=preview.headers, fields=preview.fields)
    if request.method == "POST":
        form = ListImportForm(request.POST, headers=preview.headers)
        if form.is_valid():
            choices = form.cleaned_data["choices"]
            preview = queries.list_preview_for_user(user, source_uid, name=name, choices=choices)
            if request.POST.get("action") != "check" and not (preview.problem or preview.mapping_problems):
                job = start(request, "import_list", {
                    "source": source_uid, "name": form.cleaned_data["name"],
                    "skip_invalid": form.cleaned_data["skip_invalid"],
                    "organisation": form.cleaned_data["organisation"], **choices.as_params(),
                })
                if job:
                    return HttpResponseRedirect(f"{reverse('web:lists')}?job={job}")
    return render(request, "web/list_preview.html", {
        "preview": preview, "form": form, "nav": "lists",
        "error_rows": len({e.row for e in preview.errors}),
        "mapping_problems": [mapping_message(p) for p in preview.mapping_problems],
    }, status=400 if request.method == "POST" and not form.is_valid() else 200)


@page()
def list_records(request: HttpRequest, name: str) -> HttpResponse:
    user = acting(request)
    records = queries.list_records_for_user(user, name)
    return render(request, "web/list_records.html", {
        "name": name, "records": records, "identities": user.sees_identities, "nav": "lists",
    })


@page()
def persons(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    number, offset = page_number(request, PAGE)
    return render(request, "web/persons.html", {
        "persons": queries.persons_page_for_user(user, limit=PAGE + 1, offset=offset),
        "identities": user.sees_identities, "page": number, "size": PAGE, "nav": "persons",
    })


@page()
def person(request: HttpRequest, uid: str) -> HttpResponse:
    user = acting(request)
    return render(request, "web/person.html", {
        "person": queries.get_person_for_user(user, uid),
        "involvements": queries.person_involvements_for_user(user, uid),
        "identities": user.sees_identities, "nav": "persons",
    })


@page()
def linkage(request: HttpRequest) -> HttpResponseBase:
    user = acting(request)
    form = LinkageForm(request.POST or None) if request.method == "POST" else LinkageForm()
    if request.method == "POST" and form.is_valid():
        job = start(request, "link", {**form.cleaned_data, "backend": "duckdb"})
        if job:
            return HttpResponseRedirect(f"{reverse('web:linkage')}?job={job}")
    number, offset = page_number(request, PAGE)
    return render(request, "web/linkage.html", {
        "runs": queries.linkage_runs_for_user(user, limit=10),
        "pairs": queries.pending_reviews_for_user(user, limit=PAGE + 1, offset=offset),
        "form": form, "page": number, "size": PAGE, "identities": user.sees_identities,
        "nav": "linkage",
    }, status=400 if request.method == "POST" else 200)


@page()
def pair(request: HttpRequest, uid: str) -> HttpResponse:
    user = acting(request)
    evidence = queries.pair_evidence_for_user(user, uid)
    return render(request, "web/pair.html", {"e": evidence, "nav": "linkage"})


@require_POST
@page()
def pair_decide(request: HttpRequest, uid: str) -> HttpResponseBase:
    user = acting(request)
    review = queries.get_review_for_user(user, uid)
    decision = request.POST.get("decision")
    if decision not in ("same", "different"):
        messages.error(request, _("Choose: same person, or different people."))
        return HttpResponseRedirect(reverse("web:pair", args=[uid]))
    decide_pair(review, same=decision == "same", acting_user=user)
    if request.headers.get("HX-Request"):
        return render(request, "web/_pair_decided.html", {"status": review.status, "uid": uid})
    messages.success(request, _("Decision recorded; the next linkage run honours it."))
    following = queries.pending_reviews_for_user(user, limit=1)
    if following:
        return HttpResponseRedirect(reverse("web:pair", args=[following[0].uid]))
    return HttpResponseRedirect(reverse("web:linkage"))
