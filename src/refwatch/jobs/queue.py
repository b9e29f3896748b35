"""Enqueue, claim, run and cancel jobs.

Claiming is atomic on both backends: PostgreSQL locks the next queued row with
``SELECT ... FOR UPDATE SKIP LOCKED`` so workers never wait on each other;
SQLite has one writer at a time, and a worker takes a job with a conditional
``UPDATE ... WHERE status = 'queued'`` that only one worker can win.

Cancellation is cooperative: ``cancel_job`` marks a queued job cancelled at
once and asks a running one to stop; the job stops at its next
``ctx.progress`` call (between steps).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, connection, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from refwatch.accounts.models import User
from refwatch.audit.chain import record_event
from refwatch.jobs.models import Job
from refwatch.jobs.registry import JobError, kind_of

log = logging.getLogger("refwatch.jobs")

# Progress is written at most this often (seconds), and always at 0 and 1.
PROGRESS_INTERVAL = 0.5


class JobCancelled(Exception):
    """Raised inside a job when its cancellation was requested."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


# -- enqueue and cancel ----------------------------------------------------------


@transaction.atomic
def enqueue(kind: str, params: dict[str, Any], *, acting_user: User | None) -> Job:
    """Queue a job of a registered kind; refuse users whose role may not start it.

    ``params`` must be JSON and must not hold identities (uids, names of lists
    and settings only).
    """
    job_kind = kind_of(kind)
    if not job_kind.may_start(acting_user):
        raise PermissionError(f"this role may not start {kind} jobs")
    job = Job.objects.create(kind=kind, params=params, created_by=acting_user)
    record_event(acting_user, "job.queued", ("jobs.job", job.uid), {"kind": kind})
    return job


@transaction.atomic
def cancel_job(job: Job, *, acting_user: User | None) -> Job:
    """Cancel a queued job now, or ask a running one to stop between steps."""
    now = timezone.now()
    if Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=Job.Status.CANCELLED, cancel_requested=True, finished_at=now, message="cancelled"
    ):
        pass
    elif not Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(cancel_requested=True):
        job.refresh_from_db()
        raise JobError(f"job {job.uid} has already {job.status}")
    record_event(acting_user, "job.cancel_requested", ("jobs.job", job.uid), {"kind": job.kind})
    job.refresh_from_db()
    return job


# -- reads ---------------------------------------------------------------------------


def jobs_for_user(user: User) -> QuerySet[Job]:
    """Jobs this user may see: admins all, others their own, anonymous none."""
    if not user.is_authenticated or not user.is_active:
        return Job.objects.none()
    if user.role == User.Role.ADMIN:
        return Job.objects.all()
    return Job.objects.filter(created_by=user)


def get_job_for_user(user: User, uid: str) -> Job:
    job = jobs_for_user(user).filter(uid=uid).first()
    if job is None:
        raise Http404("no such job")
    return job


# -- claim and run ----------------------------------------------------------------------


def claim_next(worker: str) -> Job | None:
    """Take the oldest queued job for this worker, or None; never the same job twice."""
    now = timezone.now()
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            job = (
                Job.objects.select_for_update(skip_locked=True)
                .filter(status=Job.Status.QUEUED).order_by("id").first()
            )
            if job is None:
                return None
            job.status, job.worker, job.started_at, job.heartbeat_at = Job.Status.RUNNING, worker, now, now
            job.save(update_fields=["status", "worker", "started_at", "heartbeat_at"])
            return job
    candidates = Job.objects.filter(status=Job.Status.QUEUED).order_by("id").values_list("pk", flat=True)[:20]
    for pk in list(candidates):
        won = Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, worker=worker, started_at=now, heartbeat_at=now
        )
        if won:
            return Job.objects.get(pk=pk)
    return None


class JobContext:
    """What a running job sees: its user and parameters, progress, cancellation."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.user: User | None = job.created_by
        self._last_write = 0.0
        self._depth = len(connection.atomic_blocks)

    def cancelled(self) -> bool:
        return Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists()

    def check_cancelled(self) -> None:
        if self.cancelled():
            raise JobCancelled

    def progress(self, fraction: float, message: str = "") -> None:
        """Report progress (0..1) with a short message without identities; stop if cancelled.

        Inside the job's own transaction the row is not written (nobody else
        could see it before the commit); cancellation is still checked.
        """
        fraction = min(1.0, max(0.0, float(fraction)))
        self.job.progress, self.job.message = fraction, message[:300]
        now = time.monotonic()
        inside_own_transaction = len(connection.atomic_blocks) > self._depth
        if not inside_own_transaction and (
            fraction in (0.0, 1.0) or now - self._last_write >= PROGRESS_INTERVAL
        ):
            Job.objects.filter(pk=self.job.pk).update(
                progress=fraction, message=message[:300], heartbeat_at=timezone.now()
            )
            self._last_write = now
        self.check_cancelled()

    def counter(self, message: str, *, start: float = 0.0, end: float = 1.0) -> Callable[[int, int], None]:
        """A ``progress(done, total)`` callback mapped onto [start, end] of this job."""

        def update(done: int, total: int) -> None:
            self.progress(start + (end - start) * (done / total if total else 1.0), message)

        return update


def _finish(job: Job, status: str, *, result: dict[str, Any] | None = None, error: str = "",
            message: str = "") -> None:
    fields: dict[str, Any] = {
        "status": status, "finished_at": timezone.now(), "error": error[:2000],
        "message": message[:300],
    }
    if result is not None:
        fields["result"] = result
    if status == Job.Status.DONE:
        fields["progress"] = 1.0
    Job.objects.filter(pk=job.pk).update(**fields)
    record_event(job.created_by, f"job.{status}", ("jobs.job", job.uid), {"kind": job.kind})
    job.refresh_from_db()


def run_job(job: Job) -> Job:
    """Run a claimed job to its end and store the outcome (done, failed or cancelled)."""
    try:
        kind = kind_of(job.kind)
    except JobError as exc:
        _finish(job, Job.Status.FAILED, error=str(exc), message="failed")
        return job
    ctx = JobContext(job)
    try:
        ctx.progress(0.0, "started")
        result = kind.run(dict(job.params), ctx)
    except JobCancelled:
        _finish(job, Job.Status.CANCELLED, message="cancelled")
    except kind.safe_errors as exc:
        _finish(job, Job.Status.FAILED, error=str(exc), message="failed")
    except Exception as exc:
        # The message of an unexpected error may quote data: store and log its type only.
        log.error("job %s (%s) failed with %s", job.uid, job.kind, type(exc).__name__)
        _finish(job, Job.Status.FAILED, message="failed",
                error=f"{type(exc).__name__} (an unexpected error; details are not stored)")
    else:
        _finish(job, Job.Status.DONE, result=result, message="done")
    return job


def fail_stale_jobs(*, older_than: float = 3600.0) -> int:
    """Mark failed the running jobs whose worker stopped reporting ``older_than`` seconds ago."""
    horizon = timezone.now() - dt.timedelta(seconds=older_than)
    stale = list(Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=horizon))
    for job in stale:
        _finish(job, Job.Status.FAILED, message="failed",
                error="the worker stopped while running this job; start it again")
    return len(stale)


def work(
    *,
    stop: threading.Event | None = None,
    once: bool = False,
    poll: float = 2.0,
    worker: str | None = None,
    stale_after: float = 3600.0,
    on_finish: Callable[[Job], None] | None = None,
) -> int:
    """Run queued jobs until ``stop`` is set (or, with ``once``, until none is queued).

    ``on_finish`` is called with each job once it has ended. Returns the number of jobs run.
    """
    stop = stop or threading.Event()
    worker = worker or worker_name()
    ran = 0
    fail_stale_jobs(older_than=stale_after)
    while not stop.is_set():
        _fresh_connection()
        job = claim_next(worker)
        if job is None:
            if once:
                break
            stop.wait(poll)
            continue
        run_job(job)
        ran += 1
        if on_finish is not None:
            on_finish(job)
    _fresh_connection()
    return ran


def _fresh_connection() -> None:
    # Between jobs, drop a broken or expired connection (as Django does between
    # requests); never inside a transaction, where closing would lose it.
    if not connection.in_atomic_block:
        close_old_connections()
