"""Reports: start one as a job, list the files written, download them.

Reports pass disclosure control before they are written (refwatch.jobs.reports),
so every signed-in role may read them; starting one is for analysts and up.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from refwatch.audit.chain import record_event
from refwatch.records import queries
from refwatch.web.forms import ReportForm
from refwatch.web.views.gate import acting, page
from refwatch.web.views.jobs import start

MEDIA_TYPES = {".pdf": "application/pdf", ".html": "text/html; charset=utf-8"}


def report_files() -> list[Path]:
    folder = Path(settings.HOME) / "reports"
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and p.suffix in MEDIA_TYPES]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


@page(records=False)
def reports(request: HttpRequest) -> HttpResponseBase:
    user = acting(request)
    form = ReportForm(request.POST or None) if request.method == "POST" else ReportForm()
    if request.method == "POST":
        queries.require_page_access(user)
        if form.is_valid():
            data = form.cleaned_data
            job = start(request, "report", {
                "start": data["start"].isoformat(), "end": data["end"].isoformat(),
                "language": data["language"], "format": data["format"], "template": data["template"],
            })
            if job:
                return HttpResponseRedirect(f"{reverse('web:reports')}?job={job}")
    return render(request, "web/reports.html", {
        "files": [(p.name, p.stat().st_size) for p in report_files()],
        "form": form, "can_run": user.sees_records, "nav": "reports",
    }, status=400 if request.method == "POST" else 200)


@page(records=False)
def report_file(request: HttpRequest, name: str) -> HttpResponseBase:
    match = next((p for p in report_files() if p.name == name), None)
    if match is None:
        raise Http404("no such report")
    record_event(acting(request), "report.downloaded", None, {"file": match.name})
    return FileResponse(match.open("rb"), as_attachment=match.suffix == ".pdf",
                        filename=match.name, content_type=MEDIA_TYPES[match.suffix])
