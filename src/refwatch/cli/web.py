"""Web commands: serve (pages, API, static files, a job worker), worker, token."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType

import click

from refwatch.cli.common import setup_store


def _stop_on_signals(stop: threading.Event) -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def _apply_migrations() -> None:
    """Bring the database up to date (a store made by an older version gains its new tables)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        click.echo("applying database migrations", err=True)
        call_command("migrate", interactive=False, verbosity=0)


def _default_processes() -> int:
    """Two serving processes a core, at most four (each holds its own copy of the app).

    More processes with fewer threads each beat few processes with many threads: a thread
    that holds the audit chain's lock must win its process's GIL back after every query,
    and the fewer threads compete for it, the sooner it does (20 clients on 2 cores,
    PostgreSQL: p99 of identity reads 180-210 ms with 2 x 8 threads, under 150 with 4 x 3).
    """
    if not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(4, 2 * cores))


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(1024)
    return sock


def _child_serves(application: object, sock: socket.socket, options: dict[str, object]) -> None:
    """In a forked child: serve on the shared socket until told to stop or orphaned."""
    from waitress import serve as waitress_serve

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group; the parent decides
    signal.signal(signal.SIGTERM, lambda signum, frame: os._exit(0))
    parent = os.getppid()

    def orphaned() -> None:  # the parent was killed outright: do not linger holding the port
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=orphaned, daemon=True).start()
    try:
        waitress_serve(application, sockets=[sock], **options)
    finally:
        os._exit(0)


def _serve_forked(application: object, sock: socket.socket, options: dict[str, object], processes: int,
                  stop: threading.Event, forked: Callable[[], None]) -> None:
    """Fork ``processes`` children serving the same socket, call ``forked`` (which may start
    threads: none may run before a fork), restart any child that dies, and stop them all when
    ``stop`` is set. Database connections are closed first so no child shares one."""
    from django.db import connections

    connections.close_all()
    children: set[int] = set()

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:
            _child_serves(application, sock, options)
        children.add(pid)

    for _ in range(processes):
        spawn()
    forked()
    try:
        while not stop.is_set():
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                pid, status = 0, 0
            if pid in children:
                children.discard(pid)
                if not stop.is_set():
                    click.echo(f"a serving process ended (status {status}); starting another", err=True)
                    time.sleep(0.5)
                    spawn()
            stop.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=None, type=click.IntRange(1, 64),
              help="request threads per serving process (default: 3 with several processes, "
                   "8 with one)")
@click.option("--processes", default=None, type=click.IntRange(1, 64),
              help="serving processes sharing the port (default: two a core, at most 4; "
                   "always 1 where the system cannot fork, e.g. Windows)")
@click.option("--no-worker", is_flag=True, help="do not run background jobs in this process")
@click.option("--trusted-proxy", default=None,
              help="address of a reverse proxy whose X-Forwarded-For/-Proto headers are trusted")
def serve(host: str, port: int, threads: int | None, processes: int | None, no_worker: bool,
          trusted_proxy: str | None) -> None:
    """Serve the pages, the API (/api/v1/) and static files, with a background job worker."""
    setup_store()
    _apply_migrations()
    from waitress import serve as waitress_serve

    from refwatch.jobs.queue import work
    from refwatch.site.wsgi import application

    if processes is None:
        processes = _default_processes()
    elif processes > 1 and not hasattr(os, "fork"):
        raise click.ClickException("--processes above 1 needs a system that can fork (Linux, macOS)")
    if threads is None:
        threads = 3 if processes > 1 else 8
    options: dict[str, object] = {"threads": threads, "ident": "refwatch"}
    if trusted_proxy:
        options |= {"trusted_proxy": trusted_proxy,
                    "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto x-forwarded-host"}
    sock = _listening_socket(host, port)
    stop = threading.Event()
    worker_thread = None
    if not no_worker:
        worker_thread = threading.Thread(target=work, kwargs={"stop": stop}, name="refwatch-worker",
                                         daemon=True)
    _stop_on_signals(stop)
    click.echo(f"serving on http://{host}:{port}/ with {processes} process(es) of {threads} threads "
               f"({'with' if worker_thread else 'without'} a job worker); Ctrl+C stops", err=True)
    try:
        start_worker = worker_thread.start if worker_thread is not None else (lambda: None)
        if processes > 1:  # children serve; this process runs the job worker and supervises
            _serve_forked(application, sock, options, processes, stop, start_worker)
        else:
            start_worker()
            waitress_serve(application, sockets=[sock], **options)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        sock.close()
        if worker_thread is not None and worker_thread.is_alive():
            worker_thread.join(timeout=30)


@click.command()
@click.option("--once", is_flag=True, help="run the jobs queued now, then exit")
@click.option("--poll", default=2.0, show_default=True, type=click.FloatRange(0.1, 60),
              help="seconds between looks at an empty queue")
def worker(once: bool, poll: float) -> None:
    """Run background jobs (imports, linkage, ...) until stopped."""
    setup_store()
    _apply_migrations()
    from refwatch.jobs.models import Job
    from refwatch.jobs.queue import work

    def finished(job: Job) -> None:
        detail = f" ({job.error})" if job.error else ""
        click.echo(f"job {job.uid} {job.kind}: {job.status}{detail}", err=True)

    stop = threading.Event()
    if not once:
        _stop_on_signals(stop)
    try:
        ran = work(stop=stop, once=once, poll=poll, on_finish=finished)
    except KeyboardInterrupt:
        return
    click.echo(f"{ran} job(s) run", err=True)


@click.group()
def token() -> None:
    """API tokens (Authorization: Bearer TOKEN)."""


@token.command("create")
@click.argument("username")
@click.option("--label", default="", help="what the token is for")
def token_create(username: str, label: str) -> None:
    """Create a token for USERNAME and print it (shown once; only its hash is kept)."""
    setup_store()
    _apply_migrations()
    from refwatch.accounts.models import User
    from refwatch.api.tokens import create_token

    user = User.objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    try:
        _row, raw = create_token(user, label=label, acting_user=None)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(raw)
    if sys.stderr.isatty():
        click.echo("keep it secret: it will not be shown again", err=True)


@token.command("list")
@click.argument("username", required=False)
def token_list(username: str | None) -> None:
    """Tokens (id, user, last characters, label, created, last used, state)."""
    setup_store()
    from refwatch.api.models import ApiToken

    rows = ApiToken.objects.select_related("user").order_by("id")
    if username:
        rows = rows.filter(user__username=username)
    for row in rows:
        state = "revoked" if row.revoked_at else "active"
        used = row.last_used_at.isoformat(timespec="seconds") if row.last_used_at else "-"
        click.echo(f"{row.pk}\t{row.user.username}\t…{row.hint}\t{row.label or '-'}\t"
                   f"{row.created_at.isoformat(timespec='seconds')}\t{used}\t{state}")


@token.command("revoke")
@click.argument("token_id", type=int)
def token_revoke(token_id: int) -> None:
    """Revoke a token by its id (see `refwatch token list`)."""
    setup_store()
    from refwatch.api.models import ApiToken
    from refwatch.api.tokens import revoke_token

    row = ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True).first()
    if row is None:
        raise click.ClickException(f"no active token {token_id}")
    revoke_token(row, acting_user=None)
    click.echo(f"token {token_id} revoked", err=True)
