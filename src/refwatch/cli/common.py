"""What the store commands share: Django start-up, the acting user, progress."""

from __future__ import annotations

import contextlib
import getpass
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from refwatch.accounts.models import User


def setup_store(*, migrate: bool = False) -> None:
    """Start Django on REFWATCH_HOME / DATABASE_URL; refuse a home not initialised."""
    from refwatch.site.bootstrap import setup

    setup()
    from django.conf import settings

    if not migrate and not settings.KEY_FILE.exists():
        raise click.ClickException(
            f"no key file at {settings.KEY_FILE}: run `refwatch init` first "
            "(or set REFWATCH_HOME to an initialised data directory)"
        )


def read_password_file(path: Path) -> str:
    text = path.read_text(encoding="utf-8").rstrip("\n")
    if not text:
        raise click.ClickException(f"{path} is empty")
    return text


def acting_user(username: str | None, *, password_file: Path | None = None, require_password: bool = False) -> User | None:
    """The user a command acts as (``--as``); None means the operator (``system``)."""
    if username is None:
        return None
    from refwatch.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise click.ClickException(f"no active user {username!r}")
    if require_password:
        password = (
            read_password_file(password_file)
            if password_file
            else getpass.getpass(f"Password for {username} (re-authentication): ")
        )
        if not user.check_password(password):
            from refwatch.audit.chain import record_event

            record_event(None, "auth.reauth_failed", user)
            raise click.ClickException("re-authentication failed")
    return user


@contextlib.contextmanager
def progress_bar(label: str, *, enabled: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr, as a ``progress(done, total)`` callback."""
    if not enabled or not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=Console(stderr=True), transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
