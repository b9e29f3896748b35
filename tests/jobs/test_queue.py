"""The database job queue: claim, progress, cancellation, failures, roles, the worker."""

from __future__ import annotations

from typing import Any

import pytest

from refwatch.audit.models import AuditEvent
from refwatch.jobs import queue
from refwatch.jobs.models import Job
from refwatch.jobs.queue import JobContext
from refwatch.jobs.registry import JobError

pytestmark = pytest.mark.django_db


def _noop(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    return {"echo": params.get("n")}


def test_workers_claim_the_oldest_job_once(personas: dict[str, Any], kind: Any) -> None:
    kind("t_noop", _noop)
    jobs = [queue.enqueue("t_noop", {"n": i}, acting_user=personas["analyst"]) for i in range(3)]
    claimed = [queue.claim_next("w1"), queue.claim_next("w2"), queue.claim_next("w1")]
    assert [j.uid for j in claimed if j] == [j.uid for j in jobs]
    assert queue.claim_next("w2") is None
    assert all(j and j.status == Job.Status.RUNNING and j.started_at for j in claimed)
    assert {j.worker for j in claimed if j} == {"w1", "w2"}


def test_progress_is_visible_while_a_job_runs(personas: dict[str, Any], kind: Any) -> None:
    seen: list[tuple[float, str]] = []

    def steps(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
        for i in range(1, 4):
            ctx.progress(i / 4, f"step {i}")
            row = Job.objects.get(pk=ctx.job.pk)
            seen.append((row.progress, row.message))
            queue.PROGRESS_INTERVAL = 0.0
        return {"steps": 3}

    kind("t_steps", steps)
    job = queue.enqueue("t_steps", {}, acting_user=personas["analyst"])
    old = queue.PROGRESS_INTERVAL
    try:
        queue.PROGRESS_INTERVAL = 0.0
        done = queue.run_job(queue.claim_next("w"))  # type: ignore[arg-type]
    finally:
        queue.PROGRESS_INTERVAL = old
    assert seen == [(0.25, "step 1"), (0.5, "step 2"), (0.75, "step 3")]
    assert done.status == Job.Status.DONE and done.progress == 1.0 and done.result == {"steps": 3}
    assert done.finished_at is not None and done.finished_at >= done.started_at  # type: ignore[operator]
    assert list(AuditEvent.objects.filter(object_id=job.uid).values_list("action", flat=True)) == [
        "job.queued", "job.done"]


def test_a_queued_job_is_cancelled_at_once(personas: dict[str, Any], kind: Any) -> None:
    kind("t_noop", _noop)
    job = queue.enqueue("t_noop", {}, acting_user=personas["analyst"])
    assert queue.cancel_job(job, acting_user=personas["analyst"]).status == Job.Status.CANCELLED
    assert queue.claim_next("w") is None
    with pytest.raises(JobError, match="already cancelled"):
        queue.cancel_job(job, acting_user=personas["analyst"])


def test_a_running_job_stops_at_its_next_step(personas: dict[str, Any], kind: Any) -> None:
    reached: list[int] = []

    def long(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
        for i in range(10):
            ctx.progress(i / 10, f"step {i}")
            reached.append(i)
            if i == 2:  # someone presses "cancel" in another request
                queue.cancel_job(Job.objects.get(pk=ctx.job.pk), acting_user=personas["admin"])
        return {}

    kind("t_long", long)
    queue.enqueue("t_long", {}, acting_user=personas["analyst"])
    job = queue.run_job(queue.claim_next("w"))  # type: ignore[arg-type]
    assert reached == [0, 1, 2]
    assert job.status == Job.Status.CANCELLED and job.result == {}


def test_a_failure_stores_no_identity(personas: dict[str, Any], kind: Any) -> None:
    def leaky(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
        raise ValueError("row 3: cannot read 림서윤, born 1987-04-12")

    def safe(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
        raise JobError("need at least two lists")

    kind("t_leaky", leaky)
    kind("t_safe", safe)
    queue.enqueue("t_leaky", {}, acting_user=personas["analyst"])
    queue.enqueue("t_safe", {}, acting_user=personas["analyst"])
    assert queue.work(once=True, worker="w") == 2
    leaky_job, safe_job = Job.objects.order_by("id")
    assert leaky_job.status == Job.Status.FAILED and leaky_job.error.startswith("ValueError")
    assert "림서윤" not in leaky_job.error and "1987" not in leaky_job.error
    assert safe_job.status == Job.Status.FAILED and safe_job.error == "need at least two lists"


def test_only_permitted_roles_start_jobs(personas: dict[str, Any]) -> None:
    with pytest.raises(PermissionError):
        queue.enqueue("link", {}, acting_user=personas["observer"])
    with pytest.raises(PermissionError):
        queue.enqueue("import_list", {}, acting_user=personas["analyst"])
    with pytest.raises(PermissionError):
        queue.enqueue("link", {}, acting_user=personas["outsider"])
    with pytest.raises(JobError, match="unknown job kind"):
        queue.enqueue("no_such_kind", {}, acting_user=personas["admin"])
    assert queue.enqueue("link", {}, acting_user=personas["analyst"]).status == Job.Status.QUEUED


def test_users_see_their_own_jobs_and_admins_all(personas: dict[str, Any], kind: Any) -> None:
    kind("t_noop", _noop)
    mine = queue.enqueue("t_noop", {}, acting_user=personas["analyst"])
    theirs = queue.enqueue("t_noop", {}, acting_user=personas["documenter"])
    assert list(queue.jobs_for_user(personas["analyst"])) == [mine]
    assert set(queue.jobs_for_user(personas["admin"])) == {mine, theirs}
    assert not queue.jobs_for_user(personas["observer"]).exists()
    assert not queue.jobs_for_user(personas["outsider"]).exists()


def test_jobs_left_running_by_a_dead_worker_are_failed(personas: dict[str, Any], kind: Any) -> None:
    import datetime as dt

    kind("t_noop", _noop)
    queue.enqueue("t_noop", {}, acting_user=personas["analyst"])
    job = queue.claim_next("w-dead")
    assert job is not None
    Job.objects.filter(pk=job.pk).update(heartbeat_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
    assert queue.fail_stale_jobs(older_than=3600) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "worker stopped" in job.error


ENQUEUE = """
from refwatch.site.bootstrap import setup
setup()
from refwatch.accounts.models import User
from refwatch.jobs.queue import enqueue
admin = User.objects.get(username="admin")
for i in range(24):
    # an invalid backend makes each job fail at once: the test is about who claims it
    enqueue("link", {"backend": f"none-{i}"}, acting_user=admin)
"""

COUNT = """
from refwatch.site.bootstrap import setup
setup()
from collections import Counter
from refwatch.audit.models import AuditEvent
from refwatch.jobs.models import Job
print(Job.objects.filter(status="failed").count(), Job.objects.exclude(status="failed").count())
print(max(Counter(AuditEvent.objects.filter(action="job.failed").values_list("object_id", flat=True)).values()))
print(len(set(Job.objects.values_list("worker", flat=True))))
"""


@pytest.mark.slow
def test_concurrent_workers_on_one_sqlite_file_never_share_a_job(cli: Any, cli_home: Any) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["REFWATCH_HOME"] = str(cli_home)
    subprocess.run([sys.executable, "-c", ENQUEUE], env=env, check=True, timeout=300)
    workers = [
        subprocess.Popen([sys.executable, "-m", "refwatch", "worker", "--once"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    ran = []
    for w in workers:
        _out, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
        ran.append(int(err.strip().splitlines()[-1].split()[0]))
    assert sum(ran) == 24, ran
    counted = subprocess.run([sys.executable, "-c", COUNT], env=env, check=True, timeout=300,
                             capture_output=True, text=True).stdout.split()
    assert counted[:2] == ["24", "0"]
    assert counted[2] == "1", "a job was finished twice"
