"""Job status as an HTMX partial that polls itself until the job ends; cancellation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from refwatch.jobs import queue
from refwatch.jobs.registry import JobError
from refwatch.web.views.gate import acting, page


@page(records=False)
def job_status(request: HttpRequest, uid: str) -> HttpResponse:
    job = queue.get_job_for_user(acting(request), uid)
    return render(request, "web/_job.html", {"job": job})


@require_POST
@page(records=False)
def job_cancel(request: HttpRequest, uid: str) -> HttpResponseBase:
    user = acting(request)
    job = queue.get_job_for_user(user, uid)
    try:
        job = queue.cancel_job(job, acting_user=user)
    except JobError:
        messages.info(request, _("This job has already ended."))
    return render(request, "web/_job.html", {"job": job})


def start(request: HttpRequest, kind: str, params: dict[str, object]) -> str | None:
    """Queue a job for the signed-in user; on refusal, a message and None."""
    try:
        return queue.enqueue(kind, params, acting_user=acting(request)).uid
    except PermissionError:
        messages.error(request, _("Your role may not start this kind of job."))
        return None
